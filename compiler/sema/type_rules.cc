#include "compiler/sema/type_rules.h"

namespace kpic::sema {

std::optional<ValueType> common_type(ValueType a, ValueType b) {
  if (a == b) return a;
  if (a == ValueType::Null) return b;
  if (b == ValueType::Null) return a;
  if (is_numeric(a) && is_numeric(b)) return ValueType::Float;
  if (is_temporal(a) && is_temporal(b)) return ValueType::Timestamp;
  return std::nullopt;
}

std::optional<ValueType> arithmetic_type(ast::Op op, ValueType a, ValueType b) {
  if (!is_numeric_or_null(a) || !is_numeric_or_null(b)) return std::nullopt;
  if (op == ast::Op::Div) return ValueType::Float;
  if (a == ValueType::Float || b == ValueType::Float) return ValueType::Float;
  if (a == ValueType::Null && b == ValueType::Null) return ValueType::Null;
  return ValueType::Int;
}

bool comparable(ValueType a, ValueType b) {
  if (a == ValueType::Null || b == ValueType::Null) return true;
  if (is_numeric(a) && is_numeric(b)) return true;
  if (is_temporal(a) && is_temporal(b)) return true;
  return a == b;
}

ValueType builtin_result(Builtin b, ValueType arg0, ValueType common_args) {
  switch (builtin_info(b).result) {
    case ResultRule::Int: return ValueType::Int;
    case ResultRule::Float: return ValueType::Float;
    case ResultRule::Bool: return ValueType::Bool;
    case ResultRule::Date: return ValueType::Date;
    case ResultRule::Timestamp: return ValueType::Timestamp;
    case ResultRule::Arg0: return arg0;
    case ResultRule::Numeric: return arg0 == ValueType::Int ? ValueType::Int : ValueType::Float;
    case ResultRule::Common: return common_args;
  }
  return ValueType::Float;
}

}  // namespace kpic::sema
