#include "core/atomic_file.h"

#include "core/output_set.h"

namespace orbit {

void WriteFileAtomically(const std::string& path, std::string_view contents) {
  OutputSet outputs;
  outputs.Declare(path, path);
  outputs.StageContents(path, contents);
  outputs.Commit();
}

}  // namespace orbit
