// fuzz/fuzz_parquet_reader.cc -- libFuzzer target: source::ReadBars on a Parquet file.
// The whole input is the file (seeds are real Parquet files); the read
// options are derived from its length so every seed exercises a few.
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = orbit::fuzz::ScratchPath(".parquet");
  orbit::fuzz::WriteScratch(path, data, size);
  orbit::fuzz::ReadWithOptions(path, static_cast<uint8_t>((size * 37) & 0x7F));
  return 0;
}
