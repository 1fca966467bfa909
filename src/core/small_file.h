// src/core/small_file.h
//
// ReadSmallFile: reads an auxiliary input (a calendar file, stream filters, a
// saved sequencer state) whole, but never more than `max_bytes` + 1 bytes, so
// /dev/zero or a bar file given by mistake cannot fill the memory.
// Errors (messages start with "<label>: " when a label is given):
//  - Error(kIo) for a folder or a file that cannot be opened or read;
//  - Error(kBadInput) "<PATH> is larger than <N> MiB, <limit_note>".
#pragma once

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include "core/error.h"

namespace orbit {

inline std::string ReadSmallFile(const std::string& path, size_t max_bytes, const std::string& label,
                                 const std::string& limit_note) {
  const std::string prefix = label.empty() ? std::string() : label + ": ";
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) ThrowIo(prefix + path + " is a folder, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) ThrowIo(prefix + "cannot read " + path + ": " + std::strerror(errno));
  std::string text(max_bytes + 1, '\0');  // one byte past the cap tells "too large"
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) ThrowIo(prefix + "read error in " + path + ": " + std::strerror(errno));
  const size_t size = static_cast<size_t>(in.gcount());
  if (size > max_bytes)
    ThrowBadInput(fmt::format("{}{} is larger than {} MiB, {}", prefix, path, max_bytes >> 20, limit_note));
  text.resize(size);
  return text;
}

}  // namespace orbit
