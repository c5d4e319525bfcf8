// What `kpic diff` finds: the metrics of two versions of a file compared by meaning (expanded_formula.h)
// and by their values on the same data. Pure: programs and results in, a MetricDiff list out; the
// formats (diff_format.h) print it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/sema/program.h"
#include "runtime/exec/result.h"

namespace kpic::diff {

enum class Status { Added, Removed, Changed, Unchanged };
const char* status_name(Status s);  // "added", "removed", "changed", "unchanged"

// One group (one dimension tuple) whose value differs: present before and after with different
// values, or only on one side (a group added or removed).
struct GroupChange {
  std::vector<std::string> dim_names;  // the side's dimension names (after, else before)
  std::vector<Value> dims;
  std::optional<Value> before, after;  // nullopt: the group does not exist on that side
  std::optional<double> delta;         // after - before, when both are numbers
  std::optional<double> relative;      // delta / |before|, when before is a non-zero number
};

struct MetricDiff {
  std::string name;
  Status status = Status::Unchanged;
  bool values_changed = false;  // a group added, removed, or with a different value
  std::string unit;             // of the newer side that has the metric
  std::string formula_before, formula_after;  // "" on the side without the metric
  std::vector<std::string> by_before, by_after;
  // Metrics this one uses (directly) whose meaning changed or that are new: why a metric whose own
  // formula reads the same is `changed`.
  std::vector<std::string> changed_uses;
  size_t groups_before = 0, groups_after = 0;
  size_t groups_added = 0, groups_removed = 0, groups_changed = 0;
  std::vector<GroupChange> changes;           // in group order: before's order, then added groups
  std::optional<size_t> largest_absolute;     // index into changes (largest |delta|)
  std::optional<size_t> largest_relative;     // index into changes (largest |relative|)
};

// Metrics of the main file of both sides: the new file's order, then removed metrics in the old order.
// Two values are equal when both are null, or equal numbers within 1e-9 relative (results may differ in
// the last bits between runs: float sums merge thread states in any order), or equal otherwise.
std::vector<MetricDiff> diff_metrics(const sema::Program& before, const RunResult& before_result,
                                     const sema::Program& after, const RunResult& after_result);

// "region EU, month 2024-01-01" ("(all)" for an ungrouped metric).
std::string group_label(const GroupChange& g);

}  // namespace kpic::diff
