// Arithmetic, logic and scalar builtins on Values, with SQL null semantics: what the post-aggregate
// steps (composition, per, period functions) compute with. Row-level code does the same in JIT kernels
// (compiler/codegen); this is the interpreter for the few values per group.
#pragma once

#include <vector>

#include "compiler/lang/builtin.h"
#include "compiler/lang/op.h"
#include "runtime/column/value.h"
#include "runtime/exec/calendar.h"

namespace kpic::engine {

// op on two values; sets `overflow` on integer overflow (result null).
Value binary_op(lang::Op op, const Value& a, const Value& b, ValueType result, bool& overflow);
Value unary_op(lang::Op op, const Value& a, bool& overflow);
// Scalar/Bucket builtins on already evaluated arguments.
Value call_builtin(lang::Builtin b, const std::vector<Value>& args, ValueType result, bool& overflow,
                   const exec::Calendar& calendar);  // buckets are cut by `calendar`

}  // namespace kpic::engine
