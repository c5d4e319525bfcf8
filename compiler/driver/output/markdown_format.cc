// --format markdown: the table format as GitHub-flavoured Markdown. One table per grouping (values by
// unit, ` ✗` after a missed target, numeric columns right-aligned), then the sparklines as a list
// (`- mau: ▁▃▅█ 1,234 → 1,301`), then one `- ✗ ...` item per missed target and one `> note: ...` per
// result note; with --describe a `- **metric** — doc (unit ...; target ...; owner ...)` list. A
// cohort_retention metric is a matrix table of its own (cohort_matrix.h).
// Blocks are separated by one blank line; no color.
#include "compiler/driver/output/cohort_matrix.h"
#include "compiler/driver/output/format_results.h"
#include "compiler/driver/output/people_view.h"
#include "compiler/driver/output/targets.h"

namespace kpic::output {

namespace {

std::string describe_list(const sema::Program& program, const RunResult& result) {
  std::string out;
  for (const MetricResult& m : result.metrics) {
    Description d = describe(find_metric(program, m.name));
    std::string doc;
    for (const std::string& line : d.doc_lines) doc += (doc.empty() ? "" : " ") + line;
    out += "- **" + m.name + "**";
    if (!doc.empty()) out += " — " + doc;
    if (!d.facts.empty()) out += " (" + d.facts + ")";
    out += "\n";
  }
  return out;
}

}  // namespace

std::string format_markdown(const sema::Program& program, const RunResult& result, bool describe_metrics) {
  if (result.metrics.empty()) return "_(no metrics)_\n";
  MissedCells missed = missed_cells(program, result);
  std::string out;
  for (const ResultGrid& g : make_grids(result)) {
    if (g.matrix) {
      append_block(out, cohort_matrix(program, result.metrics[g.metrics[0]], false).render_markdown());
      continue;
    }
    GridView view = people_view(program, result, g, missed);
    append_block(out, view.table.render_markdown());
    std::string trends;
    for (const Trend& t : view.trends) trends += "- " + t.metric + ": " + t.line + "\n";
    append_block(out, trends);
  }
  std::string tail;
  for (const MissedTarget& m : missed_targets(program, result)) {
    tail += std::string("- ") + kMissMark + " " + describe_missed(program, result, m) + "\n";
  }
  for (const MetricResult& m : result.metrics) {
    if (!m.note.empty()) tail += "> note: " + m.name + ": " + m.note + "\n";
  }
  append_block(out, tail);
  if (describe_metrics) append_block(out, describe_list(program, result));
  return out;
}

}  // namespace kpic::output
