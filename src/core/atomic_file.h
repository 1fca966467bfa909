// src/core/atomic_file.h
//
// One file written atomically: to a temporary beside its destination, then
// renamed into place (an OutputSet of one), so readers and later runs see the
// previous file or the complete new one, never a partial file.
#pragma once

#include <string>
#include <string_view>

namespace orbit {

// Errors: Error(kIo) naming the path and the cause.
void WriteFileAtomically(const std::string& path, std::string_view contents);

}  // namespace orbit
