// The table and markdown view of a cohort_retention metric (ResultGrid::matrix): its long rows
// (cohort, period, value) as one row per cohort and one column per period, 0 up to the largest (with
// `by`, the dimensions' columns first and a row per their values and cohort); a
// cohort's periods past the last bucket of the data are empty cells. Values are percents (the metric's
// own @unit when it has one). The terminal table ends each row with a sparkline of the cohort's periods.
#include "compiler/driver/output/cohort_matrix.h"

#include <algorithm>
#include <map>

#include "compiler/driver/output/sparkline.h"
#include "compiler/driver/output/targets.h"
#include "compiler/driver/output/unit_format.h"
#include "compiler/driver/output/value_text.h"

namespace kpic::output {

CohortRows cohort_rows(const MetricResult& m, std::string (*text)(const Value&)) {
  CohortRows out;
  const size_t lead = m.dim_names.size() >= 2 ? m.dim_names.size() - 1 : 1;
  for (size_t r : sorted_rows(m)) {
    const MetricRow& row = m.rows[r];
    if (row.dims.size() != lead + 1 || row.dims[lead].is_null) continue;
    std::vector<std::string> label;
    for (size_t d = 0; d < lead; ++d) label.push_back(text(row.dims[d]));
    auto [it, fresh] = out.values.try_emplace(label);
    if (fresh) out.labels.push_back(label);
    it->second[row.dims[lead].i] = &row.value;
    out.periods = std::max(out.periods, row.dims[lead].i);
  }
  return out;
}

TextTable cohort_matrix(const sema::Program& program, const MetricResult& m, bool sparklines) {
  const sema::Metric* meta = find_metric(program, m.name);
  std::string unit = meta && !meta->unit.empty() ? meta->unit : "percent";
  // With `by`, the dimensions before (cohort, period) lead each row.
  const size_t lead = m.dim_names.size() >= 2 ? m.dim_names.size() - 1 : 1;
  CohortRows rows = cohort_rows(m, raw_text);
  const int64_t periods = rows.periods;
  std::vector<std::string> header(m.dim_names.begin(), m.dim_names.begin() + static_cast<ptrdiff_t>(lead - 1));
  header.push_back(m.name + " · cohort");
  for (int64_t p = 0; p <= periods; ++p) header.push_back(std::to_string(p));
  if (sparklines) header.push_back("");
  TextTable table(header);
  for (size_t c = lead; c < header.size(); ++c) table.align(c, Align::Right);
  if (sparklines) table.align(header.size() - 1, Align::Left);
  for (const auto& label : rows.labels) {
    const auto& values = rows.values[label];
    std::vector<Cell> cells;
    for (const auto& l : label) cells.push_back({l});
    std::vector<std::optional<double>> series;
    for (int64_t p = 0; p <= periods; ++p) {
      auto it = values.find(p);
      const Value* v = it == values.end() ? nullptr : it->second;
      cells.push_back({v ? format_for_people(*v, unit) : ""});
      if (v && !v->is_null) series.push_back(v->type == ValueType::Int ? static_cast<double>(v->i) : v->f);
    }
    if (sparklines) cells.push_back({sparkline(series), Style::Cyan});
    table.add_row(std::move(cells));
  }
  return table;
}

}  // namespace kpic::output
