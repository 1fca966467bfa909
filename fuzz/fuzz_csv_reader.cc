// fuzz/fuzz_csv_reader.cc -- libFuzzer target: source::ReadBars on a CSV file.
// Input byte 0 selects the read options, the rest is the file's content.
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = orbit::fuzz::ScratchPath(".csv");
  const uint8_t selector = size > 0 ? data[0] : 0;
  if (size > 0) ++data, --size;
  orbit::fuzz::WriteScratch(path, data, size);
  orbit::fuzz::ReadWithOptions(path, selector);
  return 0;
}
