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
#include "source/mapped_file.h"
#include "storage/location.h"

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

// Where blocks of whole lines come from. Next() sets `view` to the next block
// (at least `min_lines` newlines unless the file ends first), using `storage`
// if the source copies; false at the end. Delivered() says the block `view`
// was consumed: every earlier block was consumed too.
class BlockSource {
 public:
  virtual ~BlockSource() = default;
  virtual bool Next(TextBuffer& storage, std::string_view& view, int min_lines = 1) = 0;
  virtual void Delivered(std::string_view /*view*/) {}
};

[[noreturn]] void ThrowLineTooLong(const std::string& path, size_t offset, size_t max_line_bytes) {
  ThrowBadInput(path + ": the line starting at byte offset " + std::to_string(offset) + " is longer than " +
                std::to_string(max_line_bytes >> 20) +
                " MiB, the limit of a CSV line (is it a CSV file of bars? a file of zeros, or a compressed file "
                "without its extension, has no line ends)");
}

// Blocks read from a ByteSource into buffers (compressed files, URIs, and
// anything that cannot be mapped).
class LineBlocks final : public BlockSource {
 public:
  LineBlocks(CsvInput& input, size_t block_bytes, size_t max_line_bytes, const std::string& path)
      : input_(input), block_bytes_(block_bytes), max_line_bytes_(max_line_bytes), path_(path) {}

  bool Next(TextBuffer& storage, std::string_view& view, int min_lines = 1) override {
    const bool more = Fill(storage, min_lines);
    view = View(storage);
    offset_ += view.size();
    return more;
  }

 private:
  // Each byte is searched for line ends once (a line without an end is not
  // re-scanned per read), and a line longer than max_line_bytes_ stops the
  // read: memory stays at one block plus one line.
  bool Fill(TextBuffer& out, int min_lines) {
    out.swap(carry_);
    carry_.clear();
    size_t scanned = 0;     // bytes of `out` already searched for line ends
    size_t newlines = 0;    // line ends among them
    size_t line_start = 0;  // start of the line that has no end yet
    for (;;) {
      if (!eof_ && out.size() < block_bytes_) {
        if (input_.Read(out, block_bytes_ - out.size()) == 0) eof_ = true;
        continue;
      }
      if (eof_) break;
      const std::string_view fresh = View(out).substr(scanned);
      const size_t last = fresh.rfind('\n');
      if (last != std::string_view::npos) {
        // The line that was open ends at the first line end of the new bytes.
        if (scanned + fresh.find('\n') - line_start > max_line_bytes_)
          ThrowLineTooLong(path_, offset_ + line_start, max_line_bytes_);
        line_start = scanned + last + 1;
        newlines += min_lines <= 1 ? 1 : static_cast<size_t>(std::count(fresh.begin(), fresh.end(), '\n'));
        if (newlines >= static_cast<size_t>(min_lines)) break;
      }
      scanned = out.size();
      if (out.size() - line_start > max_line_bytes_) ThrowLineTooLong(path_, offset_ + line_start, max_line_bytes_);
      if (input_.Read(out, block_bytes_) == 0) eof_ = true;
    }
    if (eof_) {  // the open line's end, and the file's last line
      const size_t first = View(out).substr(scanned).find('\n');
      const size_t end = first == std::string_view::npos ? out.size() : scanned + first;
      if (end - line_start > max_line_bytes_) ThrowLineTooLong(path_, offset_ + line_start, max_line_bytes_);
      const size_t last = View(out).rfind('\n');
      if (last != std::string_view::npos && out.size() - (last + 1) > max_line_bytes_)
        ThrowLineTooLong(path_, offset_ + last + 1, max_line_bytes_);
    }
    if (!eof_) {
      const size_t last = View(out).rfind('\n');
      if (last == std::string_view::npos) return !out.empty();  // unreachable: min_lines >= 1
      carry_.assign(out.begin() + static_cast<std::ptrdiff_t>(last) + 1, out.end());
      out.resize(last + 1);
    }
    return !out.empty();
  }

  CsvInput& input_;
  size_t block_bytes_;
  size_t max_line_bytes_;
  const std::string& path_;
  size_t offset_ = 0;  // bytes of the (decompressed) text handed out before this block
  TextBuffer carry_;
  bool eof_ = false;
};

// Blocks that are views into a mapped local file (mapped_file.h): the text is
// never copied out of the page cache. The pages of consumed blocks are
// released, so memory holds only the blocks in flight, as with LineBlocks.
class MappedBlocks final : public BlockSource {
 public:
  MappedBlocks(MappedFile& file, size_t block_bytes, size_t max_line_bytes, const std::string& path)
      : file_(file), text_(file.text()), block_bytes_(block_bytes), max_line_bytes_(max_line_bytes), path_(path) {}

  bool Next(TextBuffer& /*storage*/, std::string_view& view, int min_lines = 1) override {
    if (pos_ >= text_.size()) return false;
    view = text_.substr(pos_, BlockLength(text_.substr(pos_), static_cast<size_t>(std::max(min_lines, 1))));
    pos_ += view.size();
    return true;
  }

  void Delivered(std::string_view view) override { file_.ReleaseBefore(view.data() + view.size()); }

 private:
  // Whole lines only: up to the last newline inside the block's bytes when
  // they hold `lines` newlines, else just past the newline that completes
  // `lines`; the whole rest when it is short or has too few newlines.
  size_t BlockLength(std::string_view rest, size_t lines) const {
    if (rest.size() <= block_bytes_) return rest.size();
    const std::string_view window = rest.substr(0, block_bytes_);
    const size_t last = window.rfind('\n');
    size_t found = last == std::string_view::npos ? 0
                   : lines == 1                   ? 1
                                                  : static_cast<size_t>(std::count(window.begin(), window.end(), '\n'));
    if (found >= lines) return last + 1;
    // A line longer than max_line_bytes_ is refused; the search for its end
    // never runs further than that (a mapped file of zeros is not read whole).
    size_t line_start = last == std::string_view::npos ? 0 : last + 1;
    for (size_t at = block_bytes_;;) {
      const size_t nl = rest.substr(0, line_start + max_line_bytes_ + 1).find('\n', at);
      const size_t end = nl == std::string_view::npos ? std::min(rest.size(), line_start + max_line_bytes_ + 1) : nl;
      if (end - line_start > max_line_bytes_) ThrowLineTooLong(path_, pos_ + line_start, max_line_bytes_);
      if (nl == std::string_view::npos) return rest.size();
      at = line_start = nl + 1;
      if (++found == lines) return at;
    }
  }

  MappedFile& file_;
  std::string_view text_;
  size_t block_bytes_;
  size_t max_line_bytes_;
  const std::string& path_;
  size_t pos_ = 0;
};

struct Job {
  TextBuffer text;      // the block's bytes when the source copies them
  std::string_view view;  // the block (into `text` or the mapped file)
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
        ParseCsvBlock(job->view.substr(job->offset), context_, job->parsed);
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

void ScanCsvFile(const std::string& location, const CsvScanOptions& options,
                 const std::function<void(const CsvBlockContext&, const ParsedCsvBlock&, int64_t first_row)>& on_block) {
  const std::string& path = location;
  // Messages name a URI without its query (it may hold credentials).
  const std::string shown = storage::DisplayName(location);
  // A plain (uncompressed) local file is mapped when it can be and its first
  // block holds a line end (old-Mac '\r'-only files are read: CsvInput
  // normalises them); everything else is read through a ByteSource.
  std::unique_ptr<MappedFile> mapped =
      CompressionFromName(shown) == Compression::kNone ? MappedFile::Open(path) : nullptr;
  if (mapped && mapped->text().substr(0, options.block_bytes).find('\n') == std::string_view::npos) mapped.reset();
  std::unique_ptr<CsvInput> input;
  std::unique_ptr<BlockSource> blocks;
  if (mapped) {
    blocks = std::make_unique<MappedBlocks>(*mapped, options.block_bytes, options.max_line_bytes, shown);
  } else {
    input = std::make_unique<CsvInput>(path);
    blocks = std::make_unique<LineBlocks>(*input, options.block_bytes, options.max_line_bytes, shown);
  }

  // The first block holds the first line and, normally, the first data row.
  auto first = std::make_unique<Job>();
  blocks->Next(first->text, first->view, 2);
  const bool bom = first->view.rfind("\xEF\xBB\xBF", 0) == 0;
  if (bom) first->offset = 3;
  // Blank lines before the header are skipped, as Arrow's reader skips them.
  while (first->offset < first->view.size() &&
         (first->view[first->offset] == '\n' || first->view[first->offset] == '\r' ||
          first->view[first->offset] == ' ' || first->view[first->offset] == '\t')) {
    const size_t nl = first->view.find('\n', first->offset);
    const std::string_view head = first->view.substr(first->offset, nl - first->offset);
    if (nl == std::string_view::npos || head.find_first_not_of(" \t\r") != std::string_view::npos) break;
    first->offset = nl + 1;
  }
  const std::string_view all = first->view;
  const size_t first_nl = all.find('\n', first->offset);
  std::string first_line(all.substr(first->offset, first_nl == std::string_view::npos ? std::string_view::npos
                                                                                      : first_nl - first->offset));
  if (!first_line.empty() && first_line.back() == '\r') first_line.pop_back();
  // (A byte-order mark alone is a header line without names.)
  if (IsBlank(first_line) && !bom) ThrowBadInput(shown + ": empty CSV file (no header)");
  const CsvLayout layout = ResolveCsvLayout(options.format, first_line, shown, options.need_instrument);
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
        if (FirstRowHasFixedPointPrices(line, layout)) context.price_divisor = 1e9;
        break;
      }
      if (nl == std::string_view::npos) break;
      rest.remove_prefix(nl + 1);
    }
  }

  int64_t row = 0;
  // A mapped file that shrank is reported whatever the block's rows said:
  // before the block is handed over, and after (the consumer reads
  // instrument texts in place, so it may have met the zeros itself).
  auto check_unchanged = [&]() {
    if (mapped && mapped->changed())
      ThrowIo(shown + ": the file changed (it got shorter) while it was read; run again once it is complete");
  };
  auto deliver = [&](Job& job) {
    check_unchanged();
    if (job.failure) std::rethrow_exception(job.failure);
    try {
      on_block(context, job.parsed, row);
    } catch (const Error&) {
      check_unchanged();
      throw;
    }
    check_unchanged();
    row += job.parsed.rows;
    blocks->Delivered(job.view);
  };
  if (options.threads <= 1) {
    ParseCsvBlock(first->view.substr(first->offset), context, first->parsed);
    deliver(*first);
    while (!first->parsed.error && blocks->Next(first->text, first->view)) {
      ParseCsvBlock(first->view, context, first->parsed);
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
      if (!blocks->Next(job->text, job->view)) {
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
