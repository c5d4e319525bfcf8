#include "compiler/driver/run_sources.h"

#include <algorithm>

namespace kpic::driver {

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
    for (int d : metric.deps)
      if (d >= 0 && static_cast<size_t>(d) < seen.size() && !seen[d]) todo.push_back(static_cast<size_t>(d));
  }
  return read;
}

}  // namespace kpic::driver
