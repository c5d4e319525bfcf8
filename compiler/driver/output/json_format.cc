// --format json: exactly the contract's shape. Layout: `{"metrics": [` on the first line, one metric
// per line indented by two spaces (`, ` between items, `: ` after keys), `]}` on the last line; an
// empty result is `{"metrics": []}`. Row keys: the dimension names in `by` order, then "value". With the
// program, each metric then has its metadata when it has any: "unit", "target" ({"op", "value"}),
// "target_met" (no row checked by the target misses it; see targets.h) and "owner".
#include <set>

#include "compiler/driver/output/format_results.h"
#include "compiler/driver/output/result_grid.h"
#include "compiler/driver/output/targets.h"
#include "compiler/driver/output/value_text.h"

namespace kpic::output {

namespace {

std::string metric_json(const MetricResult& m) {
  std::string out = "{\"name\": " + json_string(m.name) + ", \"by\": [";
  for (size_t d = 0; d < m.dim_names.size(); ++d) out += (d ? ", " : "") + json_string(m.dim_names[d]);
  out += "], \"rows\": [";
  bool first = true;
  for (size_t r : sorted_rows(m)) {
    const MetricRow& row = m.rows[r];
    out += first ? "{" : ", {";
    first = false;
    for (size_t d = 0; d < m.dim_names.size(); ++d) {
      out += json_string(m.dim_names[d]) + ": " + json_literal(row.dims[d]) + ", ";
    }
    out += "\"value\": " + json_literal(row.value) + "}";
  }
  return out + "]";
}

std::string metadata_json(const sema::Metric* m, bool missed) {
  if (!m) return "";
  std::string out;
  if (!m->unit.empty()) out += ", \"unit\": " + json_string(m->unit);
  if (m->target) {
    out += ", \"target\": {\"op\": " + json_string(ast::op_spelling(m->target->op)) + ", \"value\": " +
           json_literal(Value::of_float(m->target->value)) + "}, \"target_met\": " + (missed ? "false" : "true");
  }
  if (!m->owner.empty()) out += ", \"owner\": " + json_string(m->owner);
  return out;
}

}  // namespace

std::string format_json(const RunResult& result, const sema::Program* program) {
  if (result.metrics.empty()) return "{\"metrics\": []}\n";
  std::set<size_t> missed;
  if (program)
    for (const auto& m : missed_targets(*program, result)) missed.insert(m.metric);
  std::string out = "{\"metrics\": [\n";
  for (size_t i = 0; i < result.metrics.size(); ++i) {
    const MetricResult& m = result.metrics[i];
    std::string meta = program ? metadata_json(find_metric(*program, m.name), missed.count(i) > 0) : "";
    out += "  " + metric_json(m) + meta + "}" + (i + 1 < result.metrics.size() ? ",\n" : "\n");
  }
  return out + "]}\n";
}

}  // namespace kpic::output
