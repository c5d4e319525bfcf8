#include "compiler/driver/output/targets.h"

#include <cmath>

#include "compiler/driver/output/unit_format.h"
#include "compiler/driver/output/value_text.h"

namespace kpic::output {

namespace {

int time_dim(const MetricResult& m) {
  for (size_t i = 0; i < m.dim_types.size(); ++i) {
    if (is_temporal(m.dim_types[i])) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

const sema::Metric* find_metric(const sema::Program& program, const std::string& name) {
  const sema::Metric* any = nullptr;
  for (const sema::Metric& m : program.metrics) {
    if (m.name != name) continue;
    if (m.from_main_file) return &m;
    if (!any) any = &m;
  }
  return any;
}

std::vector<size_t> target_rows(const MetricResult& m) {
  std::vector<size_t> rows;
  int t = time_dim(m);
  const Value* latest = nullptr;
  if (t >= 0) {
    for (const MetricRow& row : m.rows) {
      const Value& v = row.dims[static_cast<size_t>(t)];
      if (!v.is_null && (!latest || compare_values(v, *latest) > 0)) latest = &v;
    }
    if (!latest) return rows;
  }
  for (size_t r = 0; r < m.rows.size(); ++r) {
    if (t >= 0 && compare_values(m.rows[r].dims[static_cast<size_t>(t)], *latest) != 0) continue;
    rows.push_back(r);
  }
  return rows;
}

bool target_holds(const sema::Target& t, double v) {
  switch (t.op) {
    case ast::Op::Eq: return v == t.value;
    case ast::Op::Ne: return v != t.value;
    case ast::Op::Lt: return v < t.value;
    case ast::Op::Le: return v <= t.value;
    case ast::Op::Gt: return v > t.value;
    case ast::Op::Ge: return v >= t.value;
    default: return true;
  }
}

std::vector<MissedTarget> missed_targets(const sema::Program& program, const RunResult& result) {
  std::vector<MissedTarget> missed;
  for (size_t i = 0; i < result.metrics.size(); ++i) {
    const MetricResult& m = result.metrics[i];
    const sema::Metric* meta = find_metric(program, m.name);
    if (!meta || !meta->target) continue;
    for (size_t r : target_rows(m)) {
      const Value& v = m.rows[r].value;
      if (v.is_null || !is_numeric(v.type)) continue;
      double x = v.type == ValueType::Int ? static_cast<double>(v.i) : v.f;
      if (!target_holds(*meta->target, x)) missed.push_back({i, r, *meta->target});
    }
  }
  return missed;
}

bool targets_met(const sema::Program& program, const RunResult& result) {
  return missed_targets(program, result).empty();
}

std::string target_text(const sema::Target& t, const std::string& unit) {
  // Targets are written as round numbers: `>= 50` shows as `>= 50%`, not `>= 50.0%`.
  bool whole = std::fabs(t.value) < 1e15 && t.value == std::floor(t.value);
  std::string number = whole ? format_for_people(Value::of_int(static_cast<int64_t>(t.value)), unit)
                             : format_number(t.value, unit);
  return std::string(ast::op_spelling(t.op)) + " " + number;
}

std::string describe_missed(const sema::Program& program, const RunResult& result, const MissedTarget& miss) {
  const MetricResult& m = result.metrics[miss.metric];
  const MetricRow& row = m.rows[miss.row];
  const sema::Metric* meta = find_metric(program, m.name);
  std::string unit = meta ? meta->unit : "";
  std::string text = m.name + " = " + format_for_people(row.value, unit) + " misses its target " +
                     target_text(miss.target, unit);
  if (!m.dim_names.empty()) {
    text += " (";
    for (size_t d = 0; d < m.dim_names.size(); ++d) {
      if (d > 0) text += ", ";
      text += m.dim_names[d] + " " + (row.dims[d].is_null ? "null" : raw_text(row.dims[d]));
    }
    text += ")";
  }
  return text;
}

}  // namespace kpic::output
