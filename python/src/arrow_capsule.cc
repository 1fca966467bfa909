// python/src/arrow_capsule.cc -- Arrow tables in and out of the Arrow C
// stream interface (PyCapsules named "arrow_array_stream").
#include <Python.h>
#include <arrow/c/abi.h>
#include <arrow/c/bridge.h>

#include "app_bindings.h"
#include "core/error.h"

namespace nb = nanobind;

namespace orbit::python {
namespace {

constexpr const char* kCapsuleName = "arrow_array_stream";

void ReleaseCapsule(void* p) noexcept {
  auto* stream = static_cast<ArrowArrayStream*>(p);
  if (stream == nullptr) return;
  if (stream->release != nullptr) stream->release(stream);
  delete stream;
}

}  // namespace

std::shared_ptr<arrow::Table> TableFromStreamCapsule(nb::handle capsule, const std::string& what) {
  if (!PyCapsule_IsValid(capsule.ptr(), kCapsuleName))
    throw nb::type_error("expected a PyCapsule named 'arrow_array_stream' (from __arrow_c_stream__)");
  auto* stream = static_cast<ArrowArrayStream*>(PyCapsule_GetPointer(capsule.ptr(), kCapsuleName));
  if (stream == nullptr || stream->release == nullptr) throw nb::value_error("the Arrow stream was already consumed");
  auto reader = arrow::ImportRecordBatchReader(stream);
  if (!reader.ok()) ThrowBadInput(what + ": cannot import the Arrow stream: " + reader.status().ToString());
  auto table = (*reader)->ToTable();
  if (!table.ok()) ThrowBadInput(what + ": cannot read the Arrow stream: " + table.status().ToString());
  return *table;
}

nb::capsule StreamCapsuleFromTable(const std::shared_ptr<arrow::Table>& table) {
  auto stream = std::make_unique<ArrowArrayStream>();
  stream->release = nullptr;
  const arrow::Status st = arrow::ExportRecordBatchReader(std::make_shared<arrow::TableBatchReader>(table), stream.get());
  if (!st.ok()) throw Error(ErrorKind::kInternal, "exporting a table: " + st.ToString());
  return nb::capsule(stream.release(), kCapsuleName, &ReleaseCapsule);
}

}  // namespace orbit::python
