// The Arrow module's table of entry points (module/arrow_module.h). It is
// registered during the module's static initialisation: when liborbit_arrow.so
// is loaded, or at program start in programs that link the module's objects.
#include "gen/synthetic_bars.h"
#include "module/arrow_module.h"
#include "report/result_table_reader.h"
#include "research/out_table.h"
#include "research/pnl_table.h"
#include "report/sweep_summary.h"
#include "selection/arrow_column_table.h"
#include "sink/result_writer.h"
#include "source/bar_reader.h"
#include "source/byte_source.h"
#include "source/input_filesystem.h"
#include "source/parquet_reader.h"
#include "storage/atomic_output.h"
#include "storage/location.h"
#include "sweep/sweep_job.h"

namespace orbit {
namespace {

constexpr ArrowModule kArrowModule{
    .list_remote_inputs = &source::ListRemoteInputs,
    .remote_file_size = &source::RemoteFileSize,
    .read_parquet = &source::ReadParquetFile,
    .parquet_row_count = &source::ParquetRowCount,
    .read_bars_from_stream = &source::ReadBarsFromStream,
    .open_arrow_byte_source = &source::OpenArrowByteSource,
    .result_to_arrow = &sink::ResultToArrow,
    .write_results_with_arrow = &sink::WriteResultsWithArrow,
    .publish_staged_file = &storage::PublishStagedFile,
    .finalize_object_storage = &storage::ShutDownObjectStorage,
    .read_result_file = &report::ReadResultFileWithArrow,
    .is_sweep_summary_file = &report::IsSweepSummaryFileWithArrow,
    .read_sweep_summary = &report::ReadSweepSummaryWithArrow,
    .run_sweep_job = &sweep::RunSweepJobWithArrow,
    .write_synthetic_bars = &gen::WriteSyntheticBarsWithArrow,
    .read_result_columns = &selection::ReadParquetColumnsWithArrow,
    .write_column_table = &selection::WriteParquetColumnsWithArrow,
    .read_pnl_file = &research::ReadPnlFileWithArrow,
    .write_out_table = &research::WriteOutTableWithArrow,
};

struct Registrar {
  Registrar() { RegisterArrowModule(kArrowModule); }
} registrar;

}  // namespace
}  // namespace orbit
