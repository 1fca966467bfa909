// src/selection/csv_table.h
//
// Reads a result CSV as spec §1.1 says: the analyzer's text columns verbatim
// (nothing trimmed, '' for an empty cell, `NA` stays `NA`); every other column
// numeric, correctly rounded (std::from_chars), NaN only for an empty cell,
// integer-typed when every cell is a non-empty integer literal. An extra
// column whose non-empty cells are not all numbers is kept as text. Quoted
// cells (RFC 4180) and CRLF line ends are accepted.
#pragma once

#include <string>
#include <string_view>

#include "selection/column_table.h"

namespace orbit::selection {

// Errors: Error(kIo) when the file cannot be read; Error(kBadInput) for a row
// with the wrong number of cells or an unterminated quote, naming file and line.
ColumnTable ReadCsvTable(const std::string& path);

// The same over text already in memory; `source` names it in messages.
ColumnTable ParseCsvTable(std::string_view text, const std::string& source);

}  // namespace orbit::selection
