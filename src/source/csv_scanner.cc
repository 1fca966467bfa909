#include "source/csv_scanner.h"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/error.h"
#include "core/uninitialized_allocator.h"

namespace orbit::source {
namespace {

// A block of file text: read into place, never zero-filled first.
using TextBuffer = UninitializedVector<char>;

std::string_view View(const TextBuffer& text) { return {text.data(), text.size()}; }

// The file's bytes (byte_source.h), with old-Mac line ends made '\n'.
class CsvInput {
 public:
  explicit CsvInput(const std::string& path) : source_(OpenByteSource(path)) {}

  // Appends up to `n` bytes to `out`; returns the count (0 = end of file).
  size_t Read(TextBuffer& out, size_t n) {
    const size_t old = out.size();
    out.resize(old + n);
    const size_t got = source_->Read(out.data() + old, n);
    out.resize(old + got);
    NormaliseLineEnds(out, old);
    return got;
  }

 private:
  // Arrow's CSV reader also ends lines with a lone '\r' (old Mac files): the
  // first bytes decide; a file whose lines end in '\r' only gets '\n' instead,
  // so the block cutter and the parser see ordinary lines.
  void NormaliseLineEnds(TextBuffer& out, size_t from) {
    if (!line_ends_known_) {
      const std::string_view fresh(out.data() + from, out.size() - from);
      if (fresh.find('\n') != std::string_view::npos) {
        line_ends_known_ = true;
      } else if (fresh.find('\r') != std::string_view::npos) {
        line_ends_known_ = true;
        carriage_return_only_ = true;
      }
    }
    if (carriage_return_only_) std::replace(out.begin() + static_cast<std::ptrdiff_t>(from), out.end(), '\r', '\n');
  }

  bool line_ends_known_ = false;
  bool carriage_return_only_ = false;
  std::unique_ptr<ByteSource> source_;
};

// Cuts the input into blocks of whole lines.
class LineBlocks {
 public:
  LineBlocks(CsvInput& input, size_t block_bytes) : input_(input), block_bytes_(block_bytes) {}

  // Fills `out` with the next block (at least `min_lines` newlines unless the
  // file ends first); false at the end.
  bool Next(TextBuffer& out, int min_lines = 1) {
    out.swap(carry_);
    carry_.clear();
    for (;;) {
      if (!eof_ && out.size() < block_bytes_) {
        if (input_.Read(out, block_bytes_ - out.size()) == 0) eof_ = true;
        continue;
      }
      if (eof_) break;
      if (min_lines <= 1 ? View(out).rfind('\n') != std::string_view::npos
                         : std::count(out.begin(), out.end(), '\n') >= min_lines)
        break;
      if (input_.Read(out, block_bytes_) == 0) eof_ = true;
    }
    if (!eof_) {
      const size_t last = View(out).rfind('\n');
      if (last == std::string_view::npos) return !out.empty();  // unreachable: min_lines >= 1
      carry_.assign(out.begin() + static_cast<std::ptrdiff_t>(last) + 1, out.end());
      out.resize(last + 1);
    }
    return !out.empty();
  }

 private:
  CsvInput& input_;
  size_t block_bytes_;
  TextBuffer carry_;
  bool eof_ = false;
};

struct Job {
  TextBuffer text;
  size_t offset = 0;  // where the data rows start (after a header)
  ParsedCsvBlock parsed;
  bool done = false;
  std::exception_ptr failure;
};

// Parses jobs on worker threads; the owner collects them in submission order.
class ParserPool {
 public:
  ParserPool(int threads, const CsvBlockContext& context) : context_(context) {
    for (int i = 0; i < threads; ++i) workers_.emplace_back([this] { Work(); });
  }
  ~ParserPool() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    work_cv_.notify_all();
    for (std::thread& t : workers_) t.join();
  }
  void Submit(Job* job) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      todo_.push_back(job);
    }
    work_cv_.notify_one();
  }
  void Wait(Job* job) {
    std::unique_lock<std::mutex> lock(mutex_);
    done_cv_.wait(lock, [job] { return job->done; });
  }

 private:
  void Work() {
    for (;;) {
      Job* job = nullptr;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        work_cv_.wait(lock, [this] { return stop_ || !todo_.empty(); });
        if (stop_) return;
        job = todo_.front();
        todo_.pop_front();
      }
      try {
        ParseCsvBlock(View(job->text).substr(job->offset), context_, job->parsed);
      } catch (...) {
        job->failure = std::current_exception();
      }
      {
        std::lock_guard<std::mutex> lock(mutex_);
        job->done = true;
      }
      done_cv_.notify_all();
    }
  }

  const CsvBlockContext& context_;
  std::mutex mutex_;
  std::condition_variable work_cv_, done_cv_;
  std::deque<Job*> todo_;
  bool stop_ = false;
  std::vector<std::thread> workers_;
};

bool IsBlank(std::string_view line) { return line.find_first_not_of(" \t\r") == std::string_view::npos; }

}  // namespace

void ScanCsvFile(const std::string& path, const CsvScanOptions& options,
                 const std::function<void(const CsvBlockContext&, const ParsedCsvBlock&, int64_t first_row)>& on_block) {
  CsvInput input(path);
  LineBlocks blocks(input, options.block_bytes);

  // The first block holds the first line and, normally, the first data row.
  auto first = std::make_unique<Job>();
  blocks.Next(first->text, 2);
  const bool bom = View(first->text).rfind("\xEF\xBB\xBF", 0) == 0;
  if (bom) first->offset = 3;
  // Blank lines before the header are skipped, as Arrow's reader skips them.
  while (first->offset < first->text.size() &&
         (first->text[first->offset] == '\n' || first->text[first->offset] == '\r' ||
          first->text[first->offset] == ' ' || first->text[first->offset] == '\t')) {
    const size_t nl = View(first->text).find('\n', first->offset);
    const std::string_view head = View(first->text).substr(first->offset, nl - first->offset);
    if (nl == std::string_view::npos || head.find_first_not_of(" \t\r") != std::string_view::npos) break;
    first->offset = nl + 1;
  }
  const std::string_view all = View(first->text);
  const size_t first_nl = all.find('\n', first->offset);
  std::string first_line(all.substr(first->offset, first_nl == std::string_view::npos ? std::string_view::npos
                                                                                      : first_nl - first->offset));
  if (!first_line.empty() && first_line.back() == '\r') first_line.pop_back();
  // (A byte-order mark alone is a header line without names.)
  if (IsBlank(first_line) && !bom) ThrowBadInput(path + ": empty CSV file (no header)");
  const CsvLayout layout = ResolveCsvLayout(options.format, first_line, path, options.need_instrument);
  CsvBlockContext context;
  context.layout = &layout;
  context.fields = layout.names.size();
  if (layout.header) first->offset = first_nl == std::string_view::npos ? all.size() : first_nl + 1;
  {
    std::string_view rest = all.substr(first->offset);
    while (!rest.empty()) {
      const size_t nl = rest.find('\n');
      const std::string_view line = rest.substr(0, nl);
      if (!line.empty() && line != "\r") {
        context.zoned = FirstRowIsZoned(line, layout);
        break;
      }
      if (nl == std::string_view::npos) break;
      rest.remove_prefix(nl + 1);
    }
  }

  int64_t row = 0;
  auto deliver = [&](Job& job) {
    if (job.failure) std::rethrow_exception(job.failure);
    on_block(context, job.parsed, row);
    row += job.parsed.rows;
  };
  if (options.threads <= 1) {
    ParseCsvBlock(View(first->text).substr(first->offset), context, first->parsed);
    deliver(*first);
    while (!first->parsed.error && blocks.Next(first->text)) {
      ParseCsvBlock(View(first->text), context, first->parsed);
      deliver(*first);
    }
    return;
  }
  const size_t max_in_flight = static_cast<size_t>(options.threads) + 2;
  std::deque<std::unique_ptr<Job>> in_flight, spare;
  ParserPool pool(options.threads, context);
  in_flight.push_back(std::move(first));
  pool.Submit(in_flight.back().get());
  bool more = true;
  while (!in_flight.empty()) {
    while (more && in_flight.size() < max_in_flight) {
      std::unique_ptr<Job> job;
      if (spare.empty()) {
        job = std::make_unique<Job>();
      } else {
        job = std::move(spare.back());
        spare.pop_back();
      }
      job->offset = 0;
      job->done = false;
      if (!blocks.Next(job->text)) {
        more = false;
        break;
      }
      in_flight.push_back(std::move(job));
      pool.Submit(in_flight.back().get());
    }
    Job& front = *in_flight.front();
    pool.Wait(&front);
    deliver(front);
    if (front.parsed.error) return;  // the caller has thrown; not reached
    spare.push_back(std::move(in_flight.front()));
    in_flight.pop_front();
  }
}

}  // namespace orbit::source
