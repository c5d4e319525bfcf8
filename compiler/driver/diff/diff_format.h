// What `kpic diff` prints (docs/cli.md, "kpic diff"): a table for the terminal, Markdown to paste as a
// pull-request comment, or JSON for machines.
#pragma once

#include <string>
#include <vector>

#include "compiler/driver/diff/metric_diff.h"

namespace kpic::diff {

struct DiffHeader {
  std::string file;    // the file as named on the command line
  std::string before;  // "HEAD (1a2b3c4)" or the --base-file path
  std::string after = "working copy";
};

std::string format_diff_table(const DiffHeader& h, const std::vector<MetricDiff>& diffs, bool color);
std::string format_diff_markdown(const DiffHeader& h, const std::vector<MetricDiff>& diffs);
std::string format_diff_json(const DiffHeader& h, const std::vector<MetricDiff>& diffs);

// True when any metric present on both sides has values that differ (--fail-on-change).
bool any_values_changed(const std::vector<MetricDiff>& diffs);

}  // namespace kpic::diff
