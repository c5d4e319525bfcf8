// --format csv: one table per grouping (as in the table format), each a header row (dimension names,
// then metric names) and one line per dimension tuple; tables separated by one empty line. Values are
// raw (raw_text: full-precision numbers, ISO dates, no units); a null is an empty field. Fields are
// quoted as RFC 4180 says (when they hold a comma, a quote or a line break). Lines end in "\n".
#include "compiler/driver/output/format_results.h"
#include "compiler/driver/output/result_grid.h"
#include "compiler/driver/output/value_text.h"

namespace kpic::output {

namespace {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string format_csv(const RunResult& result) {
  std::string out;
  for (const ResultGrid& g : make_grids(result)) {
    if (!out.empty()) out += "\n";
    std::string header;
    for (const std::string& d : g.dim_names) header += (header.empty() ? "" : ",") + csv_field(d);
    for (size_t m : g.metrics) header += (header.empty() ? "" : ",") + csv_field(result.metrics[m].name);
    out += header + "\n";
    for (size_t r = 0; r < g.keys.size(); ++r) {
      std::string line;
      bool first = true;
      auto add = [&](const std::string& field) {
        line += (first ? "" : ",") + csv_field(field);
        first = false;
      };
      for (const Value& d : g.keys[r]) add(raw_text(d));
      for (size_t c = 0; c < g.metrics.size(); ++c) {
        const Value* v = g.cell(result, r, c);
        add(v ? raw_text(*v) : "");
      }
      out += line + "\n";
    }
  }
  return out;
}

}  // namespace kpic::output
