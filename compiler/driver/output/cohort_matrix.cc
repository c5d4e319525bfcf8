// The table and markdown view of a cohort_retention metric (ResultGrid::matrix): its long rows
// (cohort, period, value) as one row per cohort and one column per period, 0 up to the largest; a
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

TextTable cohort_matrix(const sema::Program& program, const MetricResult& m, bool sparklines) {
  const sema::Metric* meta = find_metric(program, m.name);
  std::string unit = meta && !meta->unit.empty() ? meta->unit : "percent";
  int64_t periods = -1;
  std::map<std::string, std::map<int64_t, const Value*>> rows;  // cohort (ISO date text) -> period -> value
  for (size_t r : sorted_rows(m)) {
    const MetricRow& row = m.rows[r];
    if (row.dims.size() != 2 || row.dims[1].is_null) continue;
    rows[raw_text(row.dims[0])][row.dims[1].i] = &row.value;
    periods = std::max(periods, row.dims[1].i);
  }
  std::vector<std::string> header{m.name + " · cohort"};
  for (int64_t p = 0; p <= periods; ++p) header.push_back(std::to_string(p));
  if (sparklines) header.push_back("");
  TextTable table(header);
  for (size_t c = 1; c < header.size(); ++c) table.align(c, Align::Right);
  if (sparklines) table.align(header.size() - 1, Align::Left);
  for (const auto& [cohort, values] : rows) {
    std::vector<Cell> cells{{cohort}};
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
