// One constant value of a ValueType: literals in the typed program, group keys and metric values in results.
#pragma once

#include <cstdint>
#include <string>

#include "runtime/column/value_type.h"

namespace kpic {

// Date: days since epoch in `i`; Timestamp: microseconds since epoch in `i`; Bool: 0/1 in `i`;
// Int in `i`; Float in `f`; String in `s`.
struct Value {
  ValueType type = ValueType::Null;
  bool is_null = true;
  int64_t i = 0;
  double f = 0;
  std::string s;

  static Value null(ValueType t = ValueType::Null) { return {t, true, 0, 0, {}}; }
  static Value of_int(int64_t v) { return {ValueType::Int, false, v, 0, {}}; }
  static Value of_float(double v) { return {ValueType::Float, false, 0, v, {}}; }
  static Value of_bool(bool v) { return {ValueType::Bool, false, v ? 1 : 0, 0, {}}; }
  static Value of_string(std::string v) { return {ValueType::String, false, 0, 0, std::move(v)}; }
  static Value of_date(int32_t days) { return {ValueType::Date, false, days, 0, {}}; }
  static Value of_timestamp(int64_t us) { return {ValueType::Timestamp, false, us, 0, {}}; }
};

}  // namespace kpic
