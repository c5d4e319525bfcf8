// The tables of `kpic run` output: metrics with the same dimensions (names and types, in order) share a
// table; its rows are the union of their dimension tuples, sorted (nulls last); a metric without a
// row for a tuple has an empty cell there. A cohort_retention metric (a matrix) has a grid of its own.
// Tables come in the order of their first metric in the file.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "runtime/exec/result.h"

namespace kpic::output {

struct ResultGrid {
  std::vector<std::string> dim_names;
  std::vector<ValueType> dim_types;
  std::vector<size_t> metrics;            // indices into RunResult::metrics, in file order
  std::vector<std::vector<Value>> keys;   // one dimension tuple per grid row, sorted
  // row_of[r][c]: index into metrics[c]'s rows for grid row r, or -1 when that metric has no such row.
  std::vector<std::vector<long>> row_of;
  bool matrix = false;  // a cohort_retention metric (MetricResult::matrix): alone in its grid

  const Value* cell(const RunResult& r, size_t row, size_t col) const;
};

std::vector<ResultGrid> make_grids(const RunResult& result);
// The rows of one metric in dimension order (the engine already sorts them; outputs do not rely on it).
std::vector<size_t> sorted_rows(const MetricResult& m);

}  // namespace kpic::output
