#include "compiler/driver/run_sources.h"

#include <algorithm>
#include <set>

namespace kpic::driver {

// Marks the sources a Lookup in `e` reads through references (relations.h).
static void mark_lookups(const sema::Program& p, const sema::Expr& e, std::vector<bool>& read) {
  if (e.kind == sema::ExprKind::Lookup) {
    int s = e.source;
    for (int col : e.via) {
      if (s < 0 || static_cast<size_t>(s) >= p.sources.size()) return;
      int next = -1;
      for (const auto& ref : p.sources[s].references)
        if (ref.column == col) next = ref.target;
      if (next < 0) return;
      read[next] = true;
      s = next;
    }
  }
  for (const auto& a : e.args) mark_lookups(p, *a, read);
  if (e.filter) mark_lookups(p, *e.filter, read);
  for (const auto& k : e.per) mark_lookups(p, *k, read);
}

std::vector<bool> sources_read(const sema::Program& program, const std::vector<std::string>& only_metrics) {
  std::vector<bool> read(program.sources.size(), false);
  std::vector<bool> seen(program.metrics.size(), false);
  std::vector<size_t> todo;
  for (size_t m = 0; m < program.metrics.size(); ++m) {
    const sema::Metric& metric = program.metrics[m];
    bool selected = only_metrics.empty()
                        ? metric.from_main_file
                        : std::find(only_metrics.begin(), only_metrics.end(), metric.name) != only_metrics.end();
    if (selected) todo.push_back(m);
  }
  while (!todo.empty()) {
    size_t m = todo.back();
    todo.pop_back();
    if (seen[m]) continue;
    seen[m] = true;
    const sema::Metric& metric = program.metrics[m];
    if (metric.source >= 0 && static_cast<size_t>(metric.source) < read.size()) read[metric.source] = true;
    if (metric.expr) mark_lookups(program, *metric.expr, read);
    if (metric.where) mark_lookups(program, *metric.where, read);
    for (const auto& dim : metric.dims)
      if (dim.expr) mark_lookups(program, *dim.expr, read);
    if (metric.source >= 0 && static_cast<size_t>(metric.source) < read.size() && program.sources[metric.source].where)
      mark_lookups(program, *program.sources[metric.source].where, read);
    for (int d : metric.deps)
      if (d >= 0 && static_cast<size_t>(d) < seen.size() && !seen[d]) todo.push_back(static_cast<size_t>(d));
  }
  return read;
}

// The sources metric m reads, itself or through the metrics it uses.
static std::set<int> sources_of(const sema::Program& p, int m) {
  std::set<int> out;
  std::vector<bool> seen(p.metrics.size(), false);
  std::vector<int> todo{m};
  while (!todo.empty()) {
    int x = todo.back();
    todo.pop_back();
    if (x < 0 || static_cast<size_t>(x) >= seen.size() || seen[x]) continue;
    seen[x] = true;
    if (p.metrics[x].source >= 0) out.insert(p.metrics[x].source);
    for (int d : p.metrics[x].deps) todo.push_back(d);
  }
  return out;
}

std::vector<std::string> withhold_mixed_where(sema::Program& p, const std::vector<std::string>& only_metrics,
                                              Diagnostics& withheld, Diagnostics& notes) {
  std::vector<std::string> names;
  std::set<int> unreached;  // unfiltered sources that printed metrics read
  for (size_t m = 0; m < p.metrics.size(); ++m) {
    sema::Metric& metric = p.metrics[m];
    if (!metric.from_main_file) continue;
    if (!only_metrics.empty() && std::find(only_metrics.begin(), only_metrics.end(), metric.name) == only_metrics.end())
      continue;
    std::set<int> srcs = sources_of(p, static_cast<int>(m));
    int filtered = -1, unfiltered = -1;
    for (int s : srcs) (p.sources[s].where ? filtered : unfiltered) = s;
    if (filtered >= 0 && unfiltered >= 0) {
      auto& d = withheld.error(DiagCode::where_mixes_rows, metric.name_range,
                               "metric `" + metric.name + "` is not shown: --where filters source `" +
                                   p.sources[filtered].name + "` but cannot filter source `" +
                                   p.sources[unfiltered].name + "`, which it also reads");
      d.help = "its value would mix filtered and unfiltered rows; filter on a column that every source it "
               "reads has, or run it without --where";
      metric.from_main_file = false;
      names.push_back(metric.name);
    } else if (unfiltered >= 0) {
      unreached.insert(srcs.begin(), srcs.end());
    }
  }
  for (int s : unreached) {
    Diagnostic d;
    d.severity = Severity::Note;
    d.code = DiagCode::where_mixes_rows;
    d.message = "--where does not reach source `" + p.sources[s].name +
                "` (it lacks the columns of the predicate): the metrics that read only it are not filtered";
    notes.add(std::move(d));
  }
  return names;
}

}  // namespace kpic::driver
