// The typed program: the output of compiler/sema and the input of compiler/plan.
//
// Names are resolved (columns to source + column index, metric references to metric indices), `fn`
// templates are expanded at each call site, types and levels are known, and every check the language
// makes before reading data has passed. Nothing here refers to the AST except source ranges.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diag/source_manager.h"
#include "compiler/sema/builtins.h"
#include "compiler/syntax/ast.h"
#include "runtime/column/schema.h"
#include "runtime/column/value.h"
#include "runtime/exec/calendar.h"

namespace kpic::sema {

enum class Level {
  Constant,   // literals and arithmetic on them
  Row,        // depends on a row's columns
  Aggregate,  // aggregates, metric references, arithmetic on them
};

enum class ExprKind {
  Literal,    // value
  Column,     // source, column                              (Row)
  MetricRef,  // metric: another metric's value at this group (Aggregate)
  Unary,      // op (Not, Neg), args[0]
  Binary,     // op, args[0], args[1]; Int op Int stays Int except `/` (always Float); `%` on Int is Int
  If,         // args = {cond, then, else}
  In,         // args[0] in values (constants of args[0]'s type); negated for `not in`
  IsNull,     // args[0] is null; negated for `is not null`
  Call,       // builtin of kind Scalar or Bucket, args
  Aggregate,  // builtin of kind Aggregate; see the fields below
  Period,     // builtin prev / growth / running_sum over args[0] (Aggregate), along `time_dim`
  Lag,        // args = {value, key, order} (all Row level); null on a key's first row
  Lookup,     // `customers.acquired_channel` read from a row of `source` through references (Row level)
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  ExprKind kind = ExprKind::Literal;
  ValueType type = ValueType::Null;
  Level level = Level::Constant;
  bool nullable = true;  // false when it can never be null (count(), a non-null column, ...)
  SourceRange range;

  Value value;          // Literal
  // MetricRef inside a row-level expression (`pct(amount > avg_amount)`): the referenced metric is
  // ungrouped and acts as a constant there (it is computed first: it is in Metric::deps). level is Row.
  int source = -1;      // Column: index into Program::sources
  int column = -1;      // Column: index into that source's schema fields
  int metric = -1;      // MetricRef: index into Program::metrics
  ast::Op op = ast::Op::Add;  // Unary, Binary
  bool negated = false;       // In, IsNull
  Builtin builtin = Builtin::Count;  // Call, Aggregate, Period
  std::vector<ExprPtr> args;
  std::vector<Value> values;  // In

  // Aggregate:
  //   args: the row-level argument(s) (none for count(); two for quantile (q Constant) and ratio).
  //   filter: the inner `where` predicate (Row level, Bool), or null. It does not remove groups: a group
  //     whose rows all fail it still exists (count 0, sum null), like SQL's FILTER clause.
  //   per: when non-empty, nested aggregation: args[0] is an Aggregate-level expression evaluated once
  //     per distinct value of the `per` keys (Row level) within each group of the metric, and this
  //     aggregate reduces those values.
  //   ungrouped: an aggregate used inside a row-level expression (`amount > avg(amount)`): computed over
  //     the whole source (no metric `where`, no grouping) before the pass that uses it; it then acts
  //     as a constant of type `type` in row-level code.
  ExprPtr filter;
  std::vector<ExprPtr> per;
  bool ungrouped = false;

  // Period: the index in the metric's `dims` of the time bucket it runs along.
  int time_dim = -1;

  // Lookup: column `column` of source `lookup`, seen from a row of `source` (the metric's source) by
  // following references: via[0] is a column of `source` that references a source, via[1] a column of
  // that source, and so on up to `lookup`. Null when a reference finds no row (a LEFT JOIN).
  int lookup = -1;
  std::vector<int> via;
};

// A grouping dimension of a metric. Output column `name`.
struct Dimension {
  std::string name;
  ValueType type = ValueType::Date;
  // Row-level expression over the metric's own source (a column, or a bucket Call such as month(ts)).
  // Null only when the metric has no source of its own (it composes other metrics).
  ExprPtr expr;
  bool time_bucket = false;  // day/week/month/quarter/year(...)
  Builtin bucket = Builtin::Month;  // which bucket, when time_bucket
  SourceRange range;
};

struct Target {
  ast::Op op = ast::Op::Ge;  // Eq, Ne, Lt, Le, Gt, Ge
  double value = 0;
  SourceRange range;
};

struct Metric {
  std::string name;
  SourceRange range;
  SourceRange name_range;
  std::string doc;
  std::string unit;   // "" when none; else as written in @unit(...)
  std::optional<Target> target;
  std::string owner;

  ExprPtr expr;   // Aggregate level
  // Metric-level `where` (Row level, Bool) or null. Rows failing it are removed before grouping, like
  // SQL's WHERE: groups (and `per` groups) made only of such rows do not exist.
  ExprPtr where;
  int source = -1;  // the source its own aggregates scan; -1 when it only combines other metrics
  std::vector<Dimension> dims;  // explicit `by`, or inherited from the metrics it uses
  bool explicit_by = false;
  ValueType type = ValueType::Float;
  std::vector<int> deps;  // metrics referenced (directly)
  bool from_main_file = true;  // false for metrics that come from imported files
  // A hidden copy computed without some `--by` dimension, for a user that cannot be split by it (its
  // other inputs cannot): never printed (from_main_file is false), found by index only.
  bool unsplit_copy = false;
};

struct Source {
  std::string name;
  std::string default_path;  // from `source NAME "path"`, or ""
  Schema schema;
  bool schema_known = false;  // from a `source` block or from bound data
  bool implicit = false;      // the source of a file that declares none
  SourceRange range;
  // `key` and `references` of the source block: the key column (schema index, -1 when none) and the
  // columns that reference another source's key (compiler/sema/relations.h checks them).
  int key = -1;
  struct Reference {
    int column = -1;  // schema index
    int target = -1;  // index into Program::sources
    SourceRange range;
  };
  std::vector<Reference> references;
  // `kpic run --where PRED` when this source has the columns PRED names (Row level, Bool), or null.
  // Rows failing it are dropped before anything else reads the source (ungrouped aggregates included).
  ExprPtr where;
};

struct Program {
  std::vector<Source> sources;
  std::vector<Metric> metrics;      // in file order (imported metrics after the main file's)
  std::vector<int> eval_order;      // metric indices, dependencies first
  exec::Calendar calendar;          // the `calendar` statement (calendar.h), or the default one
};

// Debug dump (for golden tests and `kpic explain`): one line per metric, expressions in prefix form.
std::string dump(const Program& p);

}  // namespace kpic::sema
