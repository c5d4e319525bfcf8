// --format json: exactly the contract's shape. Layout: `{"metrics": [` on the first line, one metric
// per line indented by two spaces (`, ` between items, `: ` after keys), `]}` on the last line; an
// empty result is `{"metrics": []}`. Row keys: the dimension names in `by` order, then "value".
#include "compiler/driver/output/format_results.h"
#include "compiler/driver/output/result_grid.h"
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
  return out + "]}";
}

}  // namespace

std::string format_json(const RunResult& result) {
  if (result.metrics.empty()) return "{\"metrics\": []}\n";
  std::string out = "{\"metrics\": [\n";
  for (size_t i = 0; i < result.metrics.size(); ++i) {
    out += "  " + metric_json(result.metrics[i]) + (i + 1 < result.metrics.size() ? ",\n" : "\n");
  }
  return out + "]}\n";
}

}  // namespace kpic::output
