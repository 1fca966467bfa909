// python/src/app_bindings.h -- bindings the app (python/orbit/app) relies on,
// kept apart from orbit_module.cc (the run/scan front door):
//  * BindReport: `orbit report`'s statistics and HTML report over result
//    tables (report_binding.cc); it also registers BindDataTools.
//  * BindDataTools: file discovery, data summary, data-quality checks and the
//    inspection of one range (data_binding.cc).
// Errors are orbit::Error, translated by the module's exception translator.
#pragma once

#include <arrow/api.h>
#include <nanobind/nanobind.h>

#include <memory>
#include <string>

namespace orbit::python {

void BindReport(nanobind::module_& m);
void BindDataTools(nanobind::module_& m);
// `orbit matrix` (matrix_binding.cc): master matrix, statistics, state, timetables.
void BindMatrix(nanobind::module_& m);

// An "arrow_array_stream" PyCapsule (from __arrow_c_stream__) read into a
// table. Errors: Error(kBadInput) naming `what` when the stream fails.
std::shared_ptr<arrow::Table> TableFromStreamCapsule(nanobind::handle capsule, const std::string& what);

// `table` as a new "arrow_array_stream" capsule owned by Python.
nanobind::capsule StreamCapsuleFromTable(const std::shared_ptr<arrow::Table>& table);

}  // namespace orbit::python
