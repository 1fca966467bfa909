// JsonWriter syntax and the shape of `orbit report --json`, checked with a
// small strict JSON parser (tests only).
#include <gtest/gtest.h>

#include <map>
#include <memory>

#include "core/error.h"
#include "record_builder.h"
#include "report/json_report.h"
#include "report/json_writer.h"

namespace orbit::report {
namespace {

using testing::Row;

// A strict RFC 8259 parser into a tiny DOM; throws std::runtime_error on any syntax error.
struct Json {
  enum Type { kNull, kBool, kNumber, kString, kArray, kObject } type = kNull;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<Json> array;
  std::vector<std::pair<std::string, Json>> object;  // order kept

  const Json& operator[](const std::string& key) const {
    for (const auto& [k, v] : object)
      if (k == key) return v;
    throw std::runtime_error("no key " + key);
  }
  bool has(const std::string& key) const {
    for (const auto& kv : object)
      if (kv.first == key) return true;
    return false;
  }
};

class Parser {
 public:
  explicit Parser(const std::string& text) : s_(text) {}
  Json Document() {
    Json v = Value();
    Space();
    if (i_ != s_.size()) Fail("trailing text");
    return v;
  }

 private:
  [[noreturn]] void Fail(const std::string& what) { throw std::runtime_error(what + " at " + std::to_string(i_)); }
  void Space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\t' || s_[i_] == '\r')) ++i_;
  }
  bool Eat(char c) {
    Space();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  void Expect(char c) {
    if (!Eat(c)) Fail(std::string("expected ") + c);
  }
  bool Word(const char* w) {
    const std::string word(w);
    if (s_.compare(i_, word.size(), word) != 0) return false;
    i_ += word.size();
    return true;
  }
  std::string String() {
    Expect('"');
    std::string out;
    while (true) {
      if (i_ >= s_.size()) Fail("unterminated string");
      const char c = s_[i_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) Fail("control character in string");
      if (c != '\\') {
        out += c;
        continue;
      }
      const char e = s_[i_++];
      switch (e) {
        case '"': case '\\': case '/': out += e; break;
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'u': out += static_cast<char>(std::stoi(s_.substr(i_, 4), nullptr, 16)); i_ += 4; break;
        default: Fail("bad escape");
      }
    }
  }
  Json Value() {
    Space();
    Json v;
    if (i_ >= s_.size()) Fail("unexpected end");
    const char c = s_[i_];
    if (c == '{') {
      v.type = Json::kObject;
      ++i_;
      if (Eat('}')) return v;
      do {
        Space();
        std::string key = String();
        Expect(':');
        v.object.emplace_back(std::move(key), Value());
      } while (Eat(','));
      Expect('}');
    } else if (c == '[') {
      v.type = Json::kArray;
      ++i_;
      if (Eat(']')) return v;
      do v.array.push_back(Value());
      while (Eat(','));
      Expect(']');
    } else if (c == '"') {
      v.type = Json::kString;
      v.string = String();
    } else if (Word("null")) {
      v.type = Json::kNull;
    } else if (Word("true") || Word("false")) {
      v.type = Json::kBool;
      v.boolean = s_[i_ - 1] == 'e' && s_[i_ - 2] == 'u';
    } else {
      // -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?
      const size_t start = i_;
      if (s_[i_] == '-') ++i_;
      if (i_ < s_.size() && s_[i_] == '0') ++i_;
      else if (i_ < s_.size() && s_[i_] >= '1' && s_[i_] <= '9') while (i_ < s_.size() && isdigit(s_[i_])) ++i_;
      else Fail("bad value");
      if (i_ < s_.size() && s_[i_] == '.') {
        ++i_;
        if (i_ >= s_.size() || !isdigit(s_[i_])) Fail("bad fraction");
        while (i_ < s_.size() && isdigit(s_[i_])) ++i_;
      }
      if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
        ++i_;
        if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
        if (i_ >= s_.size() || !isdigit(s_[i_])) Fail("bad exponent");
        while (i_ < s_.size() && isdigit(s_[i_])) ++i_;
      }
      v.type = Json::kNumber;
      v.number = std::stod(s_.substr(start, i_ - start));
    }
    return v;
  }

  const std::string& s_;
  size_t i_ = 0;
};

Json Parse(const std::string& text) { return Parser(text).Document(); }

TEST(JsonWriter, EscapesAndNesting) {
  JsonWriter w;
  w.BeginObject();
  w.Key("s");
  w.String("a\"b\\c\n\x01");
  w.Key("n");
  w.Number(1e-05);
  w.Key("inf");
  w.Number(1.0 / 0.0);
  w.Key("big");
  w.Number(1e16);
  w.Key("i");
  w.Integer(-3);
  w.Key("a");
  w.BeginArray();
  w.Bool(true);
  w.Null();
  w.BeginObject();
  w.EndObject();
  w.BeginArray();
  w.EndArray();
  w.EndArray();
  w.EndObject();
  const Json j = Parse(w.text());
  EXPECT_EQ(j["s"].string, "a\"b\\c\n\x01");
  EXPECT_DOUBLE_EQ(j["n"].number, 1e-05);
  EXPECT_EQ(j["inf"].type, Json::kNull);
  EXPECT_DOUBLE_EQ(j["big"].number, 1e16);
  EXPECT_DOUBLE_EQ(j["i"].number, -3);
  ASSERT_EQ(j["a"].array.size(), 4u);
  EXPECT_TRUE(j["a"].array[0].boolean);
  EXPECT_EQ(j["a"].array[2].type, Json::kObject);
  EXPECT_NE(w.text().find("\\u0001"), std::string::npos);
}

TEST(JsonWriter, MisuseIsAnInternalError) {
  JsonWriter a;
  a.BeginObject();
  EXPECT_THROW(a.String("no key"), Error);
  JsonWriter b;
  b.BeginArray();
  EXPECT_THROW(b.EndObject(), Error);
  JsonWriter c;
  EXPECT_THROW(c.Key("top"), Error);
}

void ExpectStatsShape(const Json& s) {
  ASSERT_EQ(s.type, Json::kObject);
  const std::vector<std::string> keys = {
      "key", "rows", "trades", "results", "win_rate_pct", "instruments", "profit_column", "total_points",
      "avg_points", "gross_usd", "avg_usd", "commission_usd", "net_usd", "profit_factor", "expectancy_usd",
      "max_drawdown_usd", "max_drawdown_start", "max_drawdown_end", "longest_losing_streak", "avg_peak",
      "avg_range", "first_date", "last_date"};
  ASSERT_EQ(s.object.size(), keys.size());
  for (size_t i = 0; i < keys.size(); ++i) EXPECT_EQ(s.object[i].first, keys[i]);
  EXPECT_EQ(s["key"].type, Json::kString);
  EXPECT_EQ(s["rows"].type, Json::kNumber);
  EXPECT_EQ(s["instruments"].type, Json::kArray);
  const Json& results = s["results"];
  ASSERT_EQ(results.object.size(), 6u);
  double sum = 0;
  for (const char* k : {"Win", "Loss", "BE", "TIME", "OPEN", "NoTrade"}) sum += results[k].number;
  EXPECT_DOUBLE_EQ(sum, s["rows"].number);
}

TEST(JsonReport, ShapeAndValues) {
  const std::vector<TradeRecord> rows = {
      Row("2024-01-02", "07:30", "Win", 10.0, "ES", 12.0, 8.0),
      Row("2024-01-02", "09:30", "Loss", -8.0, "ES", 2.0, 9.0),
      Row("2024-01-03", "07:30", "BE", -0.25, "ES", 7.5, 10.0),
      Row("2024-01-03", "09:30", "NoTrade", 0.0, "ES", 0.0, 4.0),
      Row("2024-01-04", "07:30", "Win", 1.0, "MES", 14.0, 10.0),
  };
  StatsOptions options;
  options.commission_per_side_usd = 1.25;
  const Report report = BuildReport(rows, options, {Dimension::kStream, Dimension::kWeekday}, {"a.csv", "b\"c.parquet"});
  const Json j = Parse(ReportToJson(report));
  EXPECT_EQ(j["format"].string, "orbit-report");
  EXPECT_DOUBLE_EQ(j["version"].number, 1);
  ASSERT_EQ(j["sources"].array.size(), 2u);
  EXPECT_EQ(j["sources"].array[1].string, "b\"c.parquet");
  EXPECT_DOUBLE_EQ(j["commission_per_side_usd"].number, 1.25);
  const Json& all = j["overall"];
  ExpectStatsShape(all);
  EXPECT_EQ(all["key"].string, "all");
  EXPECT_DOUBLE_EQ(all["rows"].number, 5);
  EXPECT_DOUBLE_EQ(all["trades"].number, 4);
  EXPECT_DOUBLE_EQ(all["results"]["NoTrade"].number, 1);
  EXPECT_DOUBLE_EQ(all["win_rate_pct"].number, 50.0);  // 2 / (2 + 1 + 1)
  // ES +500 -400 -12.5 and MES +50 (10 points): mixed instruments, no point totals.
  EXPECT_EQ(all["total_points"].type, Json::kNull);
  EXPECT_EQ(all["avg_peak"].type, Json::kNull);
  EXPECT_DOUBLE_EQ(all["gross_usd"].number, 137.5);
  EXPECT_DOUBLE_EQ(all["commission_usd"].number, 10.0);
  EXPECT_DOUBLE_EQ(all["net_usd"].number, 127.5);
  EXPECT_DOUBLE_EQ(all["max_drawdown_usd"].number, 417.5);  // net equity 497.5, 95, 80, 127.5
  EXPECT_EQ(all["max_drawdown_start"].string, "2024-01-02");
  EXPECT_EQ(all["max_drawdown_end"].string, "2024-01-03");
  EXPECT_EQ(all["first_date"].string, "2024-01-02");
  EXPECT_EQ(all["last_date"].string, "2024-01-04");
  const Json& breakdowns = j["breakdowns"];
  ASSERT_EQ(breakdowns.object.size(), 2u);
  EXPECT_EQ(breakdowns.object[0].first, "stream");
  EXPECT_EQ(breakdowns.object[1].first, "weekday");
  const Json& streams = breakdowns["stream"];
  ASSERT_EQ(streams.array.size(), 3u);  // ES1, ES2, MES1
  for (const Json& s : streams.array) ExpectStatsShape(s);
  EXPECT_EQ(streams.array[2]["key"].string, "MES1");
  EXPECT_DOUBLE_EQ(streams.array[2]["total_points"].number, 10.0);
  EXPECT_DOUBLE_EQ(streams.array[2]["gross_usd"].number, 50.0);
  EXPECT_EQ(streams.array[2]["profit_factor"].type, Json::kNull);  // no losing trade
  EXPECT_EQ(streams.array[2]["max_drawdown_start"].type, Json::kNull);
  EXPECT_EQ(breakdowns["weekday"].array[0]["key"].string, "Tue");
}

TEST(JsonReport, EmptyReportIsValidJson) {
  const Json j = Parse(ReportToJson(BuildReport({}, StatsOptions{}, AllDimensions(), {})));
  ExpectStatsShape(j["overall"]);
  EXPECT_EQ(j["overall"]["first_date"].type, Json::kNull);
  EXPECT_EQ(j["overall"]["profit_factor"].type, Json::kNull);
  EXPECT_DOUBLE_EQ(j["overall"]["total_points"].number, 0);
  ASSERT_EQ(j["breakdowns"].object.size(), 6u);
  for (const auto& [name, groups] : j["breakdowns"].object) EXPECT_TRUE(groups.array.empty()) << name;
}

}  // namespace
}  // namespace orbit::report
