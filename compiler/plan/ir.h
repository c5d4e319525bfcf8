// The plan IR: everything a backend needs to evaluate the metrics, lowered out of the typed program
// (compiler/plan/planner.cc, lower.cc) with no pointer into it. Passes scan one source with one
// grouping and one `where`, each with aggregate states; expressions are Nodes. Row expressions read column slots of the pass's source (the kernel's columns:
// the source's used columns, then lag columns) and kernel parameters; aggregate-level expressions read
// aggregate results, `per` results, other metrics and period functions of them.
//
// Only the closed lists of operators (lang::Op) and builtins (lang::Builtin, builtins.def) are shared
// with the front end; nothing here refers to a sema::Program.
#pragma once

#include <string>
#include <map>
#include <vector>

#include "compiler/lang/builtin.h"
#include "compiler/lang/op.h"
#include "runtime/column/value.h"
#include "runtime/exec/calendar.h"
#include "runtime/exec/state_layout.h"
#include "runtime/exec/time_bucket.h"

namespace kpic::plan {

using lang::Builtin;
using lang::Op;
using lang::Reduce;

// The runtime's time bucket of a bucket builtin (day .. year): the two lists must line up.
constexpr exec::BucketKind bucket_kind(lang::Builtin b) {
  return static_cast<exec::BucketKind>(static_cast<int>(b) - static_cast<int>(lang::Builtin::Day));
}
static_assert(bucket_kind(lang::Builtin::Day) == exec::kBucketDay && bucket_kind(lang::Builtin::Week) == exec::kBucketWeek &&
              bucket_kind(lang::Builtin::Month) == exec::kBucketMonth &&
              bucket_kind(lang::Builtin::Quarter) == exec::kBucketQuarter &&
              bucket_kind(lang::Builtin::Year) == exec::kBucketYear &&
              bucket_kind(lang::Builtin::FiscalQuarter) == exec::kBucketFiscalQuarter &&
              bucket_kind(lang::Builtin::FiscalYear) == exec::kBucketFiscalYear);

// Microseconds per unit of days_between / hours_between / seconds_between (JIT code and interpreter).
constexpr double us_per_unit(lang::Builtin b) {
  return static_cast<double>(b == lang::Builtin::DaysBetween    ? exec::kUsPerDay
                             : b == lang::Builtin::HoursBetween ? exec::kUsPerHour
                                                                : exec::kUsPerSecond);
}

// How an aggregate's state is kept: the runtime's layouts (runtime/exec/kernel_abi.h).
using exec::StateKind;
using exec::state_size;

// The state of aggregate `b` (one of builtins.def's Aggregate rows) over `args` arguments whose first
// has type `arg_type`, finalising to quantile `q` when it reduces to a quantile: driven by the builtin's
// `reduce` column, so an aggregate that reduces like an existing one needs no code here (agg_layout.cc).
exec::AggLayout agg_layout(Builtin b, int args, ValueType arg_type, double q);

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
  Period,     // builtin prev / growth / running_sum of args[0] along dimension `index`; prev/growth: args[1]
              // the offset N when given; trailing: args[0] an AggResult of a pass grouped by day in place
              // of dimension `index`, args[1] the window in days; cohort_retention: args[0] and args[1]
              // the counts of START and ACTIVE rows (AggResults) of a pass grouped by (ENTITY, BUCKET)
};

struct Node {
  NodeKind kind = NodeKind::Literal;
  ValueType type = ValueType::Null;
  Value value;                    // Literal
  int index = -1;                 // Slot, Param, PerResult, Metric, Period (time dimension)
  int pass = -1;                  // AggResult
  bool wide = false;              // Slot
  lang::Op op = lang::Op::Add;      // Unary, Binary
  bool negated = false;           // In, IsNull
  lang::Builtin builtin = lang::Builtin::Count;  // Call, Period
  std::vector<Node> args;
  std::vector<Value> values;      // In
};

// The outer aggregate of a nested `AGG(INNER per KEY)`: how the inner values of one outer group reduce.
struct PerAgg {
  lang::Builtin builtin = lang::Builtin::Count;
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
  lang::Builtin bucket = lang::Builtin::Month;  // which, when time_bucket
};

// A grouping a metric's expression reads: the groups of a pass (its AggResult nodes), the outer groups
// of a `per` (a PerResult node) or the rows of another metric (a Metric node).
struct JoinInput {
  // Trailing: a pass grouped by day in place of the time bucket `time_dim` (trailing): it adds a row for
  // every bucket from the first to the last its days fall in, per value of the other dimensions.
  // Cohort: a pass grouped by (ENTITY, BUCKET) (cohort_retention): its rows are (cohort, period), every
  // period from 0 to the last bucket of the pass, per cohort.
  enum Kind { Pass, Per, Metric, Trailing, Cohort } kind = Pass;
  int index = -1;          // Plan::passes, Plan::pers or Plan::metrics index
  bool broadcast = false;  // fewer dimensions than the metric: looked up by the ones it has, adds no row
  int time_dim = -1;       // Trailing
};

// A metric as the post-aggregate evaluation sees it. A metric with dimensions has as result rows the
// full outer join, on the values of its dimensions (by name), of the groups of its inputs that are not
// broadcast; a row an input lacks evaluates that input as over no rows (count 0, others null).
// A metric without dimensions has one row.
struct MetricOp {
  std::string name;
  ValueType type = ValueType::Float;
  std::vector<MetricDim> dims;
  bool planned = false;  // in Plan::metric_order (`expr` and `inputs` are set)
  Node expr;
  std::vector<JoinInput> inputs;  // the groupings `expr` reads, each once, in the order it reads them
};

// An aggregate state of a pass: its layout (kind, offset, how it finalises) and what it aggregates.
struct AggState : exec::AggLayout {
  lang::Builtin builtin = lang::Builtin::Count;
  std::string text;          // canonical text (identical aggregates are shared)
  std::vector<Node> args;    // the row-level arguments (none for count())
  std::vector<Node> filter;  // the inner `where` (Bool), when there is one
};

// A pass scans one source with one grouping and one metric-level `where`: every aggregate of every metric
// that shares those is one AggState, updated by the same kernel loop. Passes of stage 0 compute values
// that later passes read as kernel parameters (ungrouped aggregates used inside row expressions).
struct Pass {
  int id = 0;
  int stage = 1;  // 0: ungrouped aggregates used in rows; >1 when it reads ungrouped metrics as values
  int source = -1;
  std::vector<int> after_metrics;  // metrics whose values its rows read (they run in earlier stages)
  std::vector<Node> keys;          // group keys (the metric's dims, then `per` keys)
  std::vector<ValueType> key_types;
  std::vector<std::string> key_names;  // the dimension's name, or "" for a `per` key
  std::vector<Node> wheres;  // conjuncts every scanned row must pass (Bool)
  std::vector<AggState> aggs;
  int state_bytes = 0;
  std::vector<std::string> metrics;  // names of the metrics that use this pass (explain, messages)
  std::string text;                  // canonical text: identifies the pass (merging)
};

// A lag(VALUE, KEY, ORDER) column: computed per source before stage 1 by reading the value, key and
// order columns and ordering rows by (key, order, position); kernels read it as column `slot`.
struct Lag {
  int source = -1;
  int slot = 0;
  int value_col = -1, key_col = -1, order_col = -1;  // schema indices
};

// A column of another source read through references (`customers.acquired_channel` in a metric of
// `orders`): before stage 1, the hops' join indexes (for each row of a source, the row of the referenced
// source whose key equals its referencing column, or none) are built once per chain of hops and shared,
// and the value column is gathered through them; kernels read it as column `slot` (8 bytes, like lag).
struct LookupHop {
  int from = -1, column = -1;  // the referencing source and its column (schema index)
  int to = -1, key = -1;       // the referenced source and its key column
  std::string column_name, key_name;  // their names (SQL)
};
struct Lookup {
  int source = -1;  // the referencing source (the metric's)
  int slot = 0;
  std::vector<LookupHop> hops;  // hops[0].from == source; the last hop's `to` holds `value_col`
  int value_col = -1;
  std::string value_name;
};

// A source as the plan reads it: the schema columns its kernels read, in slot order (lag columns follow).
struct PlanSource {
  std::string name;
  std::vector<int> columns;              // schema indices
  std::vector<std::string> slot_names;   // column names, then lag and lookup columns' text (explain)
  int slots = 0;                         // columns + lag columns + lookup columns
};

struct Plan {
  std::vector<PlanSource> sources;  // indexed like the program's sources
  std::vector<Pass> passes;
  std::vector<Lag> lags;
  std::vector<Lookup> lookups;
  // Kernel parameters (KernelCtx::params), by index: each a Metric node (an ungrouped metric used as a
  // value in rows) or an AggResult of a stage-0 pass; param_stage[i] = the stage after which it is known.
  std::vector<Node> params;
  std::vector<int> param_stage;
  int max_stage = 1;
  std::vector<std::string> strings;  // string literals: their ids are their indices
  std::map<std::string, int> string_ids;
  std::vector<int> metric_order;     // metrics to evaluate, dependencies first
  std::vector<MetricOp> metrics;     // every metric of the program (planned ones have `expr`)
  std::vector<PerOp> pers;           // PerResult nodes index these
  // The program's `calendar`: every bucket call (Call of day .. fiscal_year) and time dimension is cut by
  // it (bucket code: Calendar::bucket_code; a timestamp's day is taken in its time_zone).
  exec::Calendar calendar;
};

}  // namespace kpic::plan
