#include "compiler/driver/output/result_grid.h"

#include <algorithm>
#include <numeric>

#include "compiler/driver/output/value_text.h"

namespace kpic::output {

namespace {

bool same_grouping(const ResultGrid& g, const MetricResult& m) {
  return !g.matrix && !m.matrix && g.dim_names == m.dim_names && g.dim_types == m.dim_types;
}

// One metric row headed for a grid: its dimension tuple, the metric's column and its row index.
struct Entry {
  const std::vector<Value>* dims;
  size_t col;
  size_t row;
};

void fill(ResultGrid& g, const RunResult& result) {
  std::vector<Entry> entries;
  for (size_t c = 0; c < g.metrics.size(); ++c) {
    const MetricResult& m = result.metrics[g.metrics[c]];
    for (size_t r = 0; r < m.rows.size(); ++r) entries.push_back({&m.rows[r].dims, c, r});
  }
  std::stable_sort(entries.begin(), entries.end(),
                   [](const Entry& a, const Entry& b) { return dims_less(*a.dims, *b.dims); });
  for (const Entry& e : entries) {
    if (g.keys.empty() || !dims_equal(g.keys.back(), *e.dims) || g.row_of.back()[e.col] != -1) {
      g.keys.push_back(*e.dims);
      g.row_of.emplace_back(g.metrics.size(), -1);
    }
    g.row_of.back()[e.col] = static_cast<long>(e.row);
  }
}

}  // namespace

const Value* ResultGrid::cell(const RunResult& r, size_t row, size_t col) const {
  long i = row_of[row][col];
  if (i < 0) return nullptr;
  return &r.metrics[metrics[col]].rows[static_cast<size_t>(i)].value;
}

std::vector<ResultGrid> make_grids(const RunResult& result) {
  std::vector<ResultGrid> grids;
  for (size_t i = 0; i < result.metrics.size(); ++i) {
    const MetricResult& m = result.metrics[i];
    auto it = std::find_if(grids.begin(), grids.end(), [&](const ResultGrid& g) { return same_grouping(g, m); });
    if (it == grids.end()) {
      grids.push_back({m.dim_names, m.dim_types, {}, {}, {}, m.matrix});
      it = grids.end() - 1;
    }
    it->metrics.push_back(i);
  }
  for (ResultGrid& g : grids) fill(g, result);
  return grids;
}

std::vector<size_t> sorted_rows(const MetricResult& m) {
  std::vector<size_t> order(m.rows.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return dims_less(m.rows[a].dims, m.rows[b].dims); });
  return order;
}

}  // namespace kpic::output
