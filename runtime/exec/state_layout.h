// What the runtime needs to know of a pass's aggregate states: their kinds and places in the state
// block, and how each finalises to a value (exec::finalize). The plan's aggregate states extend
// AggLayout; the engine hands PassLayouts to the scans.
#pragma once

#include <vector>

#include "runtime/column/value_type.h"
#include "runtime/exec/kernel_abi.h"

namespace kpic::exec {

struct AggLayout {
  StateKind kind = StateKind::Count;
  ValueType arg_type = ValueType::Null;  // type of the first argument (Null for count())
  bool is_max = false;                   // MinMax: keeps the largest value
  bool average = false;                  // SumFloat: finalises to sum / rows (avg)
  double q = 0.5;                        // Values: the quantile it finalises to
  int offset = 0;                        // byte offset in the state block
  // Funnel: its steps and window (µs), and the step whose entities it finalises to (<= steps). `alias`:
  // the state at `offset` is another AggLayout's (a funnel with more steps and the same leading ones),
  // which updates and merges it; this one only reads it.
  int funnel_steps = 0;
  int funnel_report = 0;
  int64_t window_us = 0;
  bool alias = false;
};

struct PassLayout {
  int keys = 0;         // group keys (0: one ungrouped state block)
  std::vector<ValueType> key_types;  // their types (a funnel's ties between groups go to the first in order)
  int state_bytes = 0;  // bytes of one state block
  std::vector<AggLayout> aggs;
};

}  // namespace kpic::exec
