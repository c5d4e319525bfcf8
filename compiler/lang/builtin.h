// The language's closed list of builtin functions (builtins.def) as a table, shared by the front end
// (sema's type, null and level rules) and everything after it (the plan IR, codegen, the engine, SQL),
// none of which needs a sema header for it.
#pragma once

#include <string_view>

namespace kpic::lang {

enum class BuiltinKind { Aggregate, Scalar, Bucket, Period, Window, Literal };
enum class ResultRule { Int, Float, Bool, Date, Timestamp, Arg0, Numeric, Common };
enum class NullRule { NullIfAnyNull, Never, Own };
// How an Aggregate reduces its rows; every backend implements each of these once, and the plan derives
// an aggregate's state from it (plan::agg_layout). None for the builtins that are no aggregate.
enum class Reduce { None, Count, Distinct, ApproxDistinct, Sum, Mean, Min, Max, Quantile, Pct, Ratio, Funnel };

enum class Builtin : int {
#define KPIC_BUILTIN(id, name, kind, min, max, result, nulls, reduce, doc) id,
#include "compiler/lang/builtins.def"
#undef KPIC_BUILTIN
};

struct BuiltinInfo {
  Builtin id;
  std::string_view name;
  BuiltinKind kind;
  int min_args;
  int max_args;
  ResultRule result;
  NullRule nulls;
  Reduce reduce;
  std::string_view doc;
};

const BuiltinInfo& builtin_info(Builtin b);
// nullptr when `name` is no builtin.
const BuiltinInfo* find_builtin(std::string_view name);
// All builtins, in table order (for docs and editor completion).
const BuiltinInfo* builtins_begin();
const BuiltinInfo* builtins_end();

// How builtin `b` reduces (constexpr: backends can switch on it at compile time).
constexpr Reduce reduce_of(Builtin b) {
  constexpr Reduce kReduce[] = {
#define KPIC_BUILTIN(id, name, kind, min, max, result, nulls, reduce, doc) Reduce::reduce,
#include "compiler/lang/builtins.def"
#undef KPIC_BUILTIN
  };
  return kReduce[static_cast<int>(b)];
}
// The most steps a funnel takes (its steps are bits of a 64-bit mask; builtins.def's max_args is 3 + this).
inline constexpr int kMaxFunnelSteps = 32;
// A Quantile aggregate whose quantile is its second argument (quantile, approx_quantile; else 0.5).
bool quantile_argument(Builtin b);

}  // namespace kpic::lang
