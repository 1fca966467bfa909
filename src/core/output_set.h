// src/core/output_set.h
//
// OutputSet: the files one run writes, committed together or not at all.
//
// Contract:
//  - Every destination is declared before the work starts (Declare): an empty
//    path, a path declared twice, or a path that is one of the run's inputs is
//    refused (Error kUsage) -- "one of the inputs" compares resolved paths
//    (symlinks followed) and file identity (hard links, case-insensitive file
//    systems); a destination that is a folder, whose folder cannot be created,
//    or whose file name exceeds the file system's NAME_MAX (or PATH_MAX) is
//    refused (Error kIo). So a run fails before it
//    computes anything rather than after writing half of its outputs.
//  - Contents go to temporaries beside their destinations (Stage). Temporary
//    names are short (".orbit-<hash>-<pid>.tmp"), so they fit whenever the
//    destination's name fits (NAME_MAX), and they are registered so that a
//    second SIGINT/SIGTERM can remove them before the process exits
//    (RemoveRegisteredTemporaries, async-signal-safe).
//  - Commit() renames every temporary into place, in declaration order. A
//    destination that existed keeps its previous contents until then. The
//    destructor removes the temporaries that were not committed (failure,
//    exception, interruption).
//  - Stale temporaries of the same destination left by a killed (SIGKILL)
//    earlier run, whose process no longer exists, are removed by Stage.
//  - A destination that is a URI ("s3://...", "gs://...", "file://...") is
//    staged to a local temporary in the system's temporary folder and handed
//    at Commit to the publisher installed with SetUriPublisher (the storage
//    layer's, which uploads to a temporary key and moves it into place; see
//    storage/atomic_output.h). Without a publisher such destinations are
//    refused (Error kUsage) when declared.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace orbit {

class OutputSet {
 public:
  OutputSet() = default;
  OutputSet(const OutputSet&) = delete;
  OutputSet& operator=(const OutputSet&) = delete;
  ~OutputSet();

  // `what` names the destination in messages ("--out", "--report").
  // `inputs` are the run's input files (never overwritten by an output).
  void Declare(const std::string& path, const std::string& what, const std::vector<std::string>& inputs = {});

  // The temporary file to write `path`'s contents to. REQUIRES: declared.
  std::filesystem::path Stage(const std::string& path);
  void StageContents(const std::string& path, std::string_view contents);

  // Renames every staged temporary into place. Errors: Error(kIo) naming the
  // destination; destinations renamed before the failing one stay written.
  void Commit();

  bool declared(const std::string& path) const;

 private:
  struct Output {
    std::string path;
    std::string what;
    std::filesystem::path temporary;  // empty until staged
    int registry_slot = -1;
  };
  Output& Find(const std::string& path);
  std::vector<Output> outputs_;
};

// Writes the staged local file `staged` to `uri` so that readers never see a
// partial object. Errors: Error(kIo) naming the URI without its query.
using UriPublisher = void (*)(const std::filesystem::path& staged, const std::string& uri);
// Installs the publisher of URI destinations for the whole process.
void SetUriPublisher(UriPublisher publisher) noexcept;

// Removes every registered, uncommitted temporary of this process. Safe to call
// from a signal handler (unlink(2) only).
void RemoveRegisteredTemporaries() noexcept;

}  // namespace orbit
