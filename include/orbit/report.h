// include/orbit/report.h
//
// Reports over result tables (the `orbit report` statistics, HTML, JSON and
// terminal renderings), for the front ends.
#pragma once

#include "report/html_report.h"
#include "report/json_report.h"
#include "report/json_writer.h"
#include "report/report_stats.h"
#include "report/result_table_reader.h"
#include "report/run_report.h"
#include "report/terminal_table.h"
