// The plan's expression IR: row- and aggregate-level expressions lowered out of the typed program, with
// no pointer into it. Row expressions read column slots of the pass's source (the kernel's columns:
// the source's used columns, then lag columns) and kernel parameters; aggregate-level expressions read
// aggregate results, `per` results, other metrics and period functions of them.
//
// Only the closed lists of operators (ast::Op) and builtins (sema::Builtin, builtins.def) are shared
// with the front end; nothing here refers to a sema::Program.
#pragma once

#include <vector>

#include "compiler/sema/builtins.h"
#include "compiler/syntax/ast.h"
#include "runtime/column/value.h"

namespace kpic::plan {

enum class NodeKind {
  Literal,  // value
  Slot,     // column slot `index` of the pass's source; `wide`: 8-byte values (lag columns)
  Param,    // kernel parameter `index` (an ungrouped aggregate or metric known before this stage)
  Unary,    // op (Not, Neg), args[0]
  Binary,   // op, args[0], args[1]
  If,       // args = {cond, then, else}
  In,       // args[0] in values; negated for `not in`
  IsNull,   // args[0] is null; negated for `is not null`
  Call,     // scalar or bucket builtin, args
  // Aggregate level:
  AggResult,  // the value of aggregate state (pass, index) at the current group
  PerResult,  // the value of Plan::pers[index] at the current group
  Metric,     // the value of metric `index` at the current group (broadcast if it has fewer dims)
  Period,     // builtin prev / growth / running_sum of args[0] along dimension `index`
};

struct Node {
  NodeKind kind = NodeKind::Literal;
  ValueType type = ValueType::Null;
  Value value;                    // Literal
  int index = -1;                 // Slot, Param, PerResult, Metric, Period (time dimension)
  int pass = -1;                  // AggResult
  bool wide = false;              // Slot
  ast::Op op = ast::Op::Add;      // Unary, Binary
  bool negated = false;           // In, IsNull
  sema::Builtin builtin = sema::Builtin::Count;  // Call, Period
  std::vector<Node> args;
  std::vector<Value> values;      // In
};

}  // namespace kpic::plan
