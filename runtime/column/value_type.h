// The value types of the KPI language and of kpic's columns. Shared by the type checker (compiler/sema)
// and the runtime, so that a data file's schema and a program's types are the same thing.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace kpic {

enum class ValueType : uint8_t {
  Null,       // the type of the literal `null` only
  Bool,       // stored as uint8_t 0/1
  Int,        // int64_t
  Float,      // double
  String,     // int32_t dictionary codes + a Dictionary
  Date,       // int32_t days since 1970-01-01
  Timestamp,  // int64_t microseconds since 1970-01-01T00:00:00Z
};

std::string_view type_name(ValueType t);  // "int", "float", ...
std::optional<ValueType> parse_type_name(std::string_view name);
// Bytes per value in a column's value buffer.
int type_width(ValueType t);

inline bool is_numeric(ValueType t) { return t == ValueType::Int || t == ValueType::Float; }
inline bool is_temporal(ValueType t) { return t == ValueType::Date || t == ValueType::Timestamp; }

}  // namespace kpic
