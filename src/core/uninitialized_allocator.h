// src/core/uninitialized_allocator.h
//
// UninitializedAllocator<T> is std::allocator<T> except that a value-less
// construct default-initialises: for trivial T, vector::resize() then leaves
// the new elements unwritten instead of zeroing them. Use it for buffers that
// are sized first and filled after (a block of file text read into place, the
// columns a parser writes row by row): the zeroing pass, and the page faults
// it takes on memory that may never be used, are skipped.
//
// Contract: read only elements that were written; a vector of it is
// otherwise an ordinary std::vector.
#pragma once

#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace orbit {

template <typename T>
class UninitializedAllocator : public std::allocator<T> {
 public:
  template <typename U>
  struct rebind {
    using other = UninitializedAllocator<U>;
  };

  UninitializedAllocator() noexcept = default;
  template <typename U>
  UninitializedAllocator(const UninitializedAllocator<U>&) noexcept {}

  template <typename U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

template <typename T>
using UninitializedVector = std::vector<T, UninitializedAllocator<T>>;

}  // namespace orbit
