#include "runtime/column/value_type.h"

namespace kpic {

std::string_view type_name(ValueType t) {
  switch (t) {
    case ValueType::Null: return "null";
    case ValueType::Bool: return "bool";
    case ValueType::Int: return "int";
    case ValueType::Float: return "float";
    case ValueType::String: return "string";
    case ValueType::Date: return "date";
    case ValueType::Timestamp: return "timestamp";
  }
  return "?";
}

std::optional<ValueType> parse_type_name(std::string_view name) {
  for (ValueType t : {ValueType::Bool, ValueType::Int, ValueType::Float, ValueType::String, ValueType::Date,
                      ValueType::Timestamp})
    if (type_name(t) == name) return t;
  return std::nullopt;
}

int type_width(ValueType t) {
  switch (t) {
    case ValueType::Null: return 0;
    case ValueType::Bool: return 1;
    case ValueType::Int: return 8;
    case ValueType::Float: return 8;
    case ValueType::String: return 4;
    case ValueType::Date: return 4;
    case ValueType::Timestamp: return 8;
  }
  return 0;
}

}  // namespace kpic
