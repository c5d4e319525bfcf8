// The type rules of operators and builtins, as pure functions over ValueTypes. ValueType::Null stands
// for the literal `null` and for columns of unknown type (`kpic check` without a schema): it is
// compatible with every type.
#pragma once

#include <optional>

#include "compiler/sema/builtins.h"
#include "compiler/syntax/ast.h"
#include "runtime/column/value_type.h"

namespace kpic::sema {

// The common type of two operands of `if`, `coalesce`, `least`, ...: equal types, int+float -> float,
// date+timestamp -> timestamp, null+T -> T. nullopt when incompatible.
std::optional<ValueType> common_type(ValueType a, ValueType b);

// Arithmetic `+ - * / %`: numbers only; int op int is int except `/` (float). nullopt when not numeric.
std::optional<ValueType> arithmetic_type(ast::Op op, ValueType a, ValueType b);

// Whether `a OP b` compares (== != < <= > >=) values that can be compared: numbers with numbers,
// strings with strings, bools with bools, dates and timestamps with each other.
bool comparable(ValueType a, ValueType b);

// The result type of builtin `b` given its argument types (after the per-builtin argument checks).
ValueType builtin_result(Builtin b, ValueType arg0, ValueType common_args);

inline bool is_numeric_or_null(ValueType t) { return t == ValueType::Null || is_numeric(t); }
inline bool is_temporal_or_null(ValueType t) { return t == ValueType::Null || is_temporal(t); }

}  // namespace kpic::sema
