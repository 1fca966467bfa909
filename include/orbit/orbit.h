// include/orbit/orbit.h -- the public API in one include.
//
//   options  -> orbit::ParseRunOptions -> orbit::RunSpec   (run_options.h, run_spec.h)
//   RunSpec + orbit::BarSource + orbit::ResultSink -> orbit::Run -> orbit::RunResult   (run.h)
//   result tables -> reports (report.h);  synthetic bars (gen.h);  errors and exit codes (error.h)
#pragma once

#include "engine/resource_usage.h"
#include "orbit/error.h"
#include "orbit/run.h"
#include "orbit/run_options.h"
#include "orbit/run_spec.h"
#include "orbit/version.h"
