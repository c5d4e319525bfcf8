// The plan's expression IR: row- and aggregate-level expressions lowered out of the typed program, with
// no pointer into it. Row expressions read column slots of the pass's source (the kernel's columns:
// the source's used columns, then lag columns) and kernel parameters; aggregate-level expressions read
// aggregate results, `per` results, other metrics and period functions of them.
//
// Only the closed lists of operators (ast::Op) and builtins (sema::Builtin, builtins.def) are shared
// with the front end; nothing here refers to a sema::Program.
#pragma once

#include <string>
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

// The outer aggregate of a nested `AGG(INNER per KEY)`: how the inner values of one outer group reduce.
struct PerAgg {
  sema::Builtin builtin = sema::Builtin::Count;
  ValueType type = ValueType::Int;  // the result type
  bool count_rows = false;          // count(): counts inner groups, null or not
  double q = 0.5;                   // quantile
};

// A `per`: `inner` is evaluated once per distinct key tuple of length `inner_dims` (the metric's dims,
// the keys of enclosing `per`s, then this one's keys) found among the groups of `passes`, then reduced
// by `agg` per prefix of length `outer_dims`.
struct PerOp {
  std::vector<int> passes;
  int outer_dims = 0;
  int inner_dims = 0;
  PerAgg agg;
  Node inner;
};

// A dimension of a metric's result.
struct MetricDim {
  std::string name;
  ValueType type = ValueType::Date;
  bool time_bucket = false;  // day/week/month/quarter/year(...) of a date or timestamp
  sema::Builtin bucket = sema::Builtin::Month;  // which, when time_bucket
};

// A metric as the post-aggregate evaluation sees it: its result rows are the union of its inputs'
// groups (a full outer join on dimension values; Metric nodes with fewer dims are broadcast).
struct MetricOp {
  std::string name;
  ValueType type = ValueType::Float;
  std::vector<MetricDim> dims;
  bool planned = false;  // in Plan::metric_order (`expr` is set)
  Node expr;
};

}  // namespace kpic::plan
