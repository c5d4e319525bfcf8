// The parts of the table and markdown formats that are the same in both: cells formatted by unit,
// missed targets marked, the sparklines under a table over a time bucket, the --describe entries.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "compiler/driver/output/result_grid.h"
#include "compiler/driver/output/text_table.h"
#include "compiler/sema/program.h"

namespace kpic::output {

inline constexpr const char* kMissMark = "✗";

struct Trend {
  std::string metric;
  std::string line;  // "▁▃▅█  1,234 → 1,301"
};

struct GridView {
  TextTable table;
  std::vector<Trend> trends;  // only when the grid's one dimension is a time bucket with >= 2 rows
};

// Missed targets as (metric index, row index) pairs.
using MissedCells = std::set<std::pair<size_t, size_t>>;
MissedCells missed_cells(const sema::Program& program, const RunResult& result);

GridView people_view(const sema::Program& program, const RunResult& result, const ResultGrid& grid,
                     const MissedCells& missed);

// --describe: the doc comment's lines and "unit usd · target >= 50% · owner growth" (parts that exist).
struct Description {
  std::vector<std::string> doc_lines;
  std::string facts;
};
Description describe(const sema::Metric* meta);

// Appends a non-empty block of lines to `out`, after a blank line when `out` is not empty.
inline void append_block(std::string& out, const std::string& block) {
  if (block.empty()) return;
  if (!out.empty()) out += "\n";
  out += block;
}

}  // namespace kpic::output
