// Whole columns of a source read before the scans (lag and lookup columns): each cell as 8 bytes
// (doubles as bits, dates as days, strings as global ids) with a validity byte per row.
#pragma once

#include <vector>

#include "runtime/exec/scanner.h"

namespace kpic::exec {

// 8-byte representation of row r of `col` (strings as global ids through `ids`); false when null.
bool cell(const Column& col, int64_t r, const int64_t* ids, int64_t& out);

// Reads columns `cols` (schema indices) of source `s` whole, chunks in parallel: out[k] holds cols[k],
// each with chunk_start set. A source without a reader has no rows.
bool read_whole_columns(ScanContext& sc, int s, const std::vector<int>& cols, std::vector<LagColumn>& out,
                        ScanError& err);

}  // namespace kpic::exec
