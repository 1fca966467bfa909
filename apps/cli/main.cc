// apps/cli/main.cc -- the `orbit` executable.
#include "cli.h"
#include "storage/atomic_output.h"
#include "storage/location.h"

int main(int argc, char** argv) {
  orbit::storage::EnableUriOutputs();  // --out s3://... (core/output_set.h)
  const int code = orbit::cli::RunCli(argc, argv);
  // Arrow's S3 support (s3:// URIs) must shut down before static destructors run.
  orbit::storage::FinalizeObjectStorage();
  return code;
}
