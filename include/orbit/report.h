// include/orbit/report.h
//
// Reports over result tables (the `orbit report` statistics, HTML, JSON and
// terminal renderings) and over sweep SUMMARY files (the sweep page), for the
// front ends.
#pragma once

#include "report/html_report.h"
#include "report/json_report.h"
#include "report/json_writer.h"
#include "report/report_stats.h"
#include "report/result_table_reader.h"
#include "report/run_report.h"
#include "report/sweep_page.h"
#include "report/sweep_summary.h"
#include "report/terminal_table.h"
