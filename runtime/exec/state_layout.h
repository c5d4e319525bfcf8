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
};

struct PassLayout {
  int keys = 0;         // group keys (0: one ungrouped state block)
  int state_bytes = 0;  // bytes of one state block
  std::vector<AggLayout> aggs;
};

}  // namespace kpic::exec
