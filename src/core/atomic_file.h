// src/core/atomic_file.h
//
// Atomic file output: a file is written to a temporary file beside its
// destination and renamed into place, so readers and later runs see either
// the previous file or the complete new one, never a partial file.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace orbit {

// The temporary file a writer fills before CommitTemporary(): in the
// destination's folder, named after this process. Creates the folder.
// Errors: Error(kIo) naming the folder.
std::filesystem::path PrepareTemporaryFor(const std::string& destination);

// Renames `temporary` onto `destination`; on failure removes the temporary.
// Errors: Error(kIo) naming the destination and the cause.
void CommitTemporary(const std::filesystem::path& temporary, const std::string& destination);

// Removes a temporary that will not be committed (errors ignored).
void DiscardTemporary(const std::filesystem::path& temporary) noexcept;

// Writes `contents` to `path` atomically. Errors: Error(kIo) naming the path.
void WriteFileAtomically(const std::string& path, std::string_view contents);

}  // namespace orbit
