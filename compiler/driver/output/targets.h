// Checking @target, for `kpic run --check` (exit 1 when any target is missed) and for marking missed
// targets in the table and markdown output.
//
// Which rows a target applies to:
//   - an ungrouped metric: its one value;
//   - a metric with a time dimension (the first dimension of type date or timestamp, e.g. `by
//     month(ts)`): every row of the latest time bucket in its results (the current period; earlier
//     periods are history and do not fail a check), for every value of its other dimensions;
//   - a metric grouped only by other dimensions: every row.
// A null value (no data, a zero denominator) misses no target: there is nothing to judge.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "compiler/sema/program.h"
#include "runtime/exec/result.h"

namespace kpic::output {

// The metadata of a result's metric: the main file's metric of that name, else any metric of that
// name (test-local or imported), else nullptr (hand-built results).
const sema::Metric* find_metric(const sema::Program& program, const std::string& name);

struct MissedTarget {
  size_t metric = 0;  // index into RunResult::metrics
  size_t row = 0;     // index into that metric's rows
  sema::Target target;
};

// The rows of `m` a target is checked on (see above), in row order.
std::vector<size_t> target_rows(const MetricResult& m);
bool target_holds(const sema::Target& t, double value);
// Every missed target, in metric then row order.
std::vector<MissedTarget> missed_targets(const sema::Program& program, const RunResult& result);
bool targets_met(const sema::Program& program, const RunResult& result);

// ">= 50%" (the number formatted by the metric's unit).
std::string target_text(const sema::Target& t, const std::string& unit);
// "nps = 28.0% misses its target >= 50% (month 2024-02-01)"
std::string describe_missed(const sema::Program& program, const RunResult& result, const MissedTarget& m);

}  // namespace kpic::output
