#include "compiler/driver/output/people_view.h"

#include "compiler/driver/output/sparkline.h"
#include "compiler/driver/output/targets.h"
#include "compiler/driver/output/unit_format.h"
#include "compiler/driver/output/value_text.h"

namespace kpic::output {

namespace {

std::string unit_of(const sema::Program& program, const std::string& name) {
  const sema::Metric* meta = find_metric(program, name);
  return meta ? meta->unit : "";
}

bool right_aligned(ValueType t) { return is_numeric(t); }

std::optional<double> as_double(const Value* v) {
  if (!v || v->is_null) return std::nullopt;
  if (v->type == ValueType::Int) return static_cast<double>(v->i);
  if (v->type == ValueType::Float) return v->f;
  return std::nullopt;
}

std::vector<Trend> trends(const sema::Program& program, const RunResult& result, const ResultGrid& g) {
  std::vector<Trend> out;
  if (g.dim_types.size() != 1 || !is_temporal(g.dim_types[0]) || g.keys.size() < 2) return out;
  for (size_t c = 0; c < g.metrics.size(); ++c) {
    const MetricResult& m = result.metrics[g.metrics[c]];
    if (!is_numeric(m.type)) continue;
    std::string unit = unit_of(program, m.name);
    std::vector<std::optional<double>> series;
    const Value* first = nullptr;
    const Value* last = nullptr;
    for (size_t r = 0; r < g.keys.size(); ++r) {
      const Value* v = g.cell(result, r, c);
      series.push_back(as_double(v));
      if (series.back()) {
        if (!first) first = v;
        last = v;
      }
    }
    if (!first) continue;
    std::string line = sparkline(series);
    if (series.size() > kMaxSparkPoints) line = "…" + line;
    line += "  " + format_for_people(*first, unit) + " → " + format_for_people(*last, unit);
    out.push_back({m.name, line});
  }
  return out;
}

}  // namespace

MissedCells missed_cells(const sema::Program& program, const RunResult& result) {
  MissedCells cells;
  for (const MissedTarget& m : missed_targets(program, result)) cells.insert({m.metric, m.row});
  return cells;
}

GridView people_view(const sema::Program& program, const RunResult& result, const ResultGrid& g,
                     const MissedCells& missed) {
  std::vector<std::string> header = g.dim_names;
  std::vector<std::string> units;
  for (size_t m : g.metrics) {
    const std::string& name = result.metrics[m].name;
    units.push_back(unit_of(program, name));
    header.push_back(unit_in_header(units.back()) ? name + " (" + units.back() + ")" : name);
  }
  GridView view{TextTable(header), trends(program, result, g)};
  size_t nd = g.dim_names.size();
  for (size_t d = 0; d < nd; ++d) view.table.align(d, right_aligned(g.dim_types[d]) ? Align::Right : Align::Left);
  for (size_t c = 0; c < g.metrics.size(); ++c) {
    view.table.align(nd + c, right_aligned(result.metrics[g.metrics[c]].type) ? Align::Right : Align::Left);
  }
  for (size_t r = 0; r < g.keys.size(); ++r) {
    std::vector<Cell> row;
    for (const Value& d : g.keys[r]) row.push_back({raw_text(d)});
    for (size_t c = 0; c < g.metrics.size(); ++c) {
      const Value* v = g.cell(result, r, c);
      Cell cell{v ? format_for_people(*v, units[c]) : ""};
      long at = g.row_of[r][c];
      if (at >= 0 && missed.count({g.metrics[c], static_cast<size_t>(at)})) {
        cell.text += std::string(" ") + kMissMark;
        cell.style = Style::Red;
      }
      row.push_back(std::move(cell));
    }
    view.table.add_row(std::move(row));
  }
  return view;
}

Description describe(const sema::Metric* meta) {
  Description d;
  if (!meta) return d;
  size_t start = 0;
  while (start < meta->doc.size()) {
    size_t end = meta->doc.find('\n', start);
    if (end == std::string::npos) end = meta->doc.size();
    std::string line = meta->doc.substr(start, end - start);
    if (!line.empty()) d.doc_lines.push_back(line);
    start = end + 1;
  }
  auto add = [&](const std::string& part) { d.facts += (d.facts.empty() ? "" : " · ") + part; };
  if (!meta->unit.empty()) add("unit " + meta->unit);
  if (meta->target) add("target " + target_text(*meta->target, meta->unit));
  if (!meta->owner.empty()) add("owner " + meta->owner);
  return d;
}

}  // namespace kpic::output
