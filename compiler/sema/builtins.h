// The builtin function table (generated from builtins.def) and lookups on it.
#pragma once

#include <string_view>

namespace kpic::sema {

enum class BuiltinKind { Aggregate, Scalar, Bucket, Period, Window, Literal };
enum class ResultRule { Int, Float, Bool, Date, Timestamp, Arg0, Numeric, Common };
enum class NullRule { NullIfAnyNull, Never, Own };

enum class Builtin : int {
#define KPIC_BUILTIN(id, name, kind, min, max, result, nulls, doc) id,
#include "compiler/sema/builtins.def"
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
  std::string_view doc;
};

const BuiltinInfo& builtin_info(Builtin b);
// nullptr when `name` is no builtin.
const BuiltinInfo* find_builtin(std::string_view name);
// All builtins, in table order (for docs and editor completion).
const BuiltinInfo* builtins_begin();
const BuiltinInfo* builtins_end();

}  // namespace kpic::sema
