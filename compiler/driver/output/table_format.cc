// --format table (the default), for people. For each grouping (result_grid.h), separated by blank lines:
//   the aligned table (dimension columns first, one column per metric; values by unit, unit_format.h;
//   a metric whose unit has no symbol names it in its header, `sessions (days)`; an empty cell for no
//   value; ` ✗` after a value that misses its target, in red), then, when the grouping's only dimension
//   is a time bucket, one sparkline per metric: `mau  ▁▃▅█  1,234 → 1,301`. A cohort_retention metric is
//   a matrix of its own (cohort_matrix.h), a sparkline ending each cohort's row.
// Then one line per missed target (`✗ nps = 28.0% misses its target >= 50% (month 2024-02-01)`), one
// `note: METRIC: ...` per result note, and with --describe each metric's doc comment, unit, target, owner.
#include <algorithm>

#include "compiler/driver/output/cohort_matrix.h"
#include "compiler/driver/output/format_results.h"
#include "compiler/driver/output/people_view.h"
#include "compiler/driver/output/targets.h"

namespace kpic::output {

namespace {

std::string trend_block(const std::vector<Trend>& trends, bool color) {
  size_t w = 0;
  for (const Trend& t : trends) w = std::max(w, display_width(t.metric));
  std::string out;
  for (const Trend& t : trends) {
    out += t.metric + std::string(w - display_width(t.metric) + 2, ' ') + paint(t.line, Style::Cyan, color) + "\n";
  }
  return out;
}

std::string describe_block(const sema::Program& program, const RunResult& result, bool color) {
  std::string out;
  for (const MetricResult& m : result.metrics) {
    Description d = describe(find_metric(program, m.name));
    out += paint(m.name, Style::Bold, color) + "\n";
    for (const std::string& line : d.doc_lines) out += "  " + line + "\n";
    if (!d.facts.empty()) out += "  " + paint(d.facts, Style::Dim, color) + "\n";
    if (d.doc_lines.empty() && d.facts.empty()) out += "  (no description)\n";
  }
  return out;
}

}  // namespace

std::string format_table(const sema::Program& program, const RunResult& result, bool describe_metrics, bool color,
                         bool list_missed) {
  if (result.metrics.empty()) return "(no metrics)\n";
  MissedCells missed = missed_cells(program, result);
  std::string out;
  for (const ResultGrid& g : make_grids(result)) {
    if (g.matrix) {
      TextTable matrix = cohort_matrix(program, result.metrics[g.metrics[0]], true);
      std::string block = matrix.render(color);
      if (matrix.num_rows() == 0) block += "(no rows)\n";
      append_block(out, block);
      continue;
    }
    GridView view = people_view(program, result, g, missed);
    std::string block = view.table.render(color);
    if (view.table.num_rows() == 0) block += "(no rows)\n";
    append_block(out, block);
    append_block(out, trend_block(view.trends, color));
  }
  std::string tail;
  if (list_missed)
    for (const MissedTarget& m : missed_targets(program, result))
      tail += paint(std::string(kMissMark) + " " + describe_missed(program, result, m), Style::Red, color) + "\n";
  for (const MetricResult& m : result.metrics) {
    if (!m.note.empty()) tail += "note: " + m.name + ": " + m.note + "\n";
  }
  append_block(out, tail);
  if (describe_metrics) append_block(out, describe_block(program, result, color));
  return out;
}

}  // namespace kpic::output
