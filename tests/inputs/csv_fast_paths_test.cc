// tests/inputs/csv_fast_paths_test.cc -- the CSV scanner's fast paths against
// the general code they shortcut: the 64-byte separator walk against the
// line-by-line splitter, the 8-byte decimal parser against the byte loop and
// strtod, the fixed-layout timestamp against the full timestamp parser. Each
// is a property over many random (often malformed) inputs: same acceptance,
// same values bit for bit, same error (row, column, value, problem).
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "source/csv_block_parser.h"
#include "source/csv_format.h"
#include "source/decimal_text.h"
#include "source/timestamp_text.h"

namespace orbit::source {
namespace {

std::string RandomText(std::mt19937_64& rng, std::string_view alphabet, size_t max_size) {
  std::string s(rng() % (max_size + 1), ' ');
  for (char& c : s) c = alphabet[rng() % alphabet.size()];
  return s;
}

// One character of `s` replaced, inserted or deleted (or none).
std::string Mutate(std::mt19937_64& rng, std::string s, std::string_view alphabet) {
  if (s.empty() || rng() % 3 == 0) return s;
  const size_t at = rng() % s.size();
  switch (rng() % 3) {
    case 0: s[at] = alphabet[rng() % alphabet.size()]; break;
    case 1: s.insert(s.begin() + static_cast<std::ptrdiff_t>(at), alphabet[rng() % alphabet.size()]); break;
    default: s.erase(at, 1); break;
  }
  return s;
}

bool SameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

TEST(DecimalText, EightByteParserMatchesTheByteLoopAndStrtod) {
  std::mt19937_64 rng(5);
  const std::string_view alphabet = "0123456789..-+e x";
  // The field sits in a buffer with room after it, so both the 8-byte path
  // and (near the buffer's end) its fallback run.
  for (int i = 0; i < 400000; ++i) {
    std::string field = RandomText(rng, i % 4 == 0 ? alphabet : std::string_view("0123456789."), 10);
    if (i % 5 == 0) field.insert(0, "-");
    const std::string buffer = field + std::string(rng() % 10, ',');
    const char* b = buffer.data();
    const char* e = b + field.size();
    double fast = 0, loop = 0;
    const bool fast_ok = SwarDecimal(b, e, buffer.data() + buffer.size(), fast);
    const bool loop_ok = FastDecimal(b, e, loop);
    ASSERT_EQ(fast_ok, loop_ok) << "'" << field << "'";
    if (!fast_ok) continue;
    ASSERT_TRUE(SameBits(fast, loop)) << "'" << field << "'";
    const double want = std::strtod(field.c_str(), nullptr);
    ASSERT_TRUE(SameBits(fast, want)) << "'" << field << "': " << fast << " vs strtod " << want;
  }
}

TEST(TimestampText, FixedLayoutFastPathAgreesWithTheFullParser) {
  std::mt19937_64 rng(9);
  const std::vector<std::string> seeds = {"2024-03-10T02:30:00-06:00", "2024-03-10 17:59:59+05:30",
                                          "2024-03-10T23:00:00Z",      "2024-03-10 08:00:00",
                                          "2024-03-10T08:00:00.5Z",    "03/10/2024 08:00:00",
                                          "2024-03-10T08:00:00+0100",  "2024-02-29T24:00:00Z",
                                          "2024-03-10T23:00:00.000000000Z", "2024-03-10T23:59:01.123456789Z",
                                          "20240310 170100",           "20240310 235959"};
  const std::string_view alphabet = "0123456789:-+ TZ.";
  int accepted = 0;
  for (int i = 0; i < 300000; ++i) {
    DateCache cache;
    TextTime warm;
    const std::string& seed = seeds[rng() % seeds.size()];
    // The cache holds the seed's date, as after the previous row.
    ParseTimestampText(seed, warm, cache);
    std::string text = Mutate(rng, seed, alphabet);
    if (rng() % 2) text = Mutate(rng, text, alphabet);
    TextTime fast;
    if (!ParseCachedFixedTimestamp(text.data(), text.size(), cache, fast)) continue;
    ++accepted;
    TextTime full;
    DateCache fresh;
    ASSERT_EQ(ParseTimestampText(text, full, fresh), TextTimeStatus::kOk) << text;
    ASSERT_EQ(fast.ns, full.ns) << text;
    ASSERT_EQ(fast.zoned, full.zoned) << text;
  }
  EXPECT_GT(accepted, 30000);  // the fast path is exercised, not just refused
}

// Random blocks: rows built from valid templates, then mutated, with blank
// lines, CRLF endings, wrong field counts and junk; no quotes (the walk only
// takes quote-free text).
std::string RandomBlock(std::mt19937_64& rng, char delimiter) {
  const std::string d(1, delimiter);
  const std::string_view alphabet = "0123456789.-:TZ+ ,;\tESNQ\r";
  std::string text;
  const int rows = 1 + static_cast<int>(rng() % 60);
  for (int r = 0; r < rows; ++r) {
    const int kind = static_cast<int>(rng() % 20);
    std::string line;
    if (kind == 0) {
      line = "";  // blank line
    } else if (kind == 1) {
      line = RandomText(rng, alphabet, 40);
    } else {
      const int minute = static_cast<int>(rng() % 60);
      const std::string mm = (minute < 10 ? "0" : "") + std::to_string(minute);
      const double base = 4500 + static_cast<double>(rng() % 400) * 0.25;
      auto px = [&](double v) {
        std::string s = std::to_string(v);
        s.erase(s.find_last_not_of('0') + 1);
        return s;
      };
      line = "2024-01-0" + std::to_string(2 + rng() % 3) + "T17:" + mm + ":00-06:00" + d + px(base) + d +
             px(base + 1) + d + px(base - 1) + d + px(base) + d + std::to_string(rng() % 500) + d +
             (rng() % 7 == 0 ? "NQ" : "ES");
      if (kind < 6) line = Mutate(rng, line, alphabet);
      if (kind == 6) line += d;  // one field too many
      if (kind == 7) line = line.substr(0, line.rfind(delimiter));  // one too few
    }
    text += line + (rng() % 5 == 0 ? "\r\n" : "\n");
  }
  if (rng() % 3 == 0 && !text.empty()) text.pop_back();  // the last line without its newline
  return text;
}

void ExpectSameBlocks(const ParsedCsvBlock& a, const ParsedCsvBlock& b, const std::string& text) {
  ASSERT_EQ(a.rows, b.rows) << text;
  for (size_t i = 0; i < static_cast<size_t>(a.rows); ++i) {
    ASSERT_EQ(a.ts[i], b.ts[i]) << text;
    for (int k = 0; k < 4; ++k) ASSERT_TRUE(SameBits(a.prices[k][i], b.prices[k][i])) << text;
    ASSERT_EQ(a.instruments[i].view(), b.instruments[i].view()) << text;
  }
  ASSERT_EQ(a.error.has_value(), b.error.has_value()) << text;
  if (a.error) {
    EXPECT_EQ(a.error->row, b.error->row) << text;
    EXPECT_EQ(a.error->column, b.error->column) << text;
    EXPECT_EQ(a.error->value, b.error->value) << text;
    EXPECT_EQ(a.error->problem, b.error->problem) << text;
  }
  EXPECT_EQ(a.prices_clean, b.prices_clean) << text;
  EXPECT_EQ(a.one_instrument, b.one_instrument) << text;
}

TEST(CsvBlockParser, SeparatorWalkMatchesTheLineSplitter) {
  std::mt19937_64 rng(3);
  int with_rows = 0, with_errors = 0;
  for (const char delimiter : {',', ';', '\t'}) {
    CsvLayout layout;
    layout.delimiter = delimiter;
    layout.names = {"timestamp", "open", "high", "low", "close", "volume", "instrument"};
    layout.timestamp = 0;
    for (int k = 0; k < 4; ++k) layout.prices[k] = k + 1;
    layout.instrument = 6;
    CsvBlockContext context;
    context.layout = &layout;
    context.fields = layout.names.size();
    context.zoned = true;
    for (int i = 0; i < 6000; ++i) {
      const std::string text = RandomBlock(rng, delimiter);
      ParsedCsvBlock walked, by_line;
      ParseCsvBlock(text, context, walked);
      ParseCsvBlockLineByLine(text, context, by_line);
      ExpectSameBlocks(walked, by_line, text);
      with_rows += walked.rows > 0;
      with_errors += walked.error.has_value();
    }
  }
  // Both outcomes are exercised, not just one.
  EXPECT_GT(with_rows, 5000);
  EXPECT_GT(with_errors, 5000);
}

}  // namespace
}  // namespace orbit::source
