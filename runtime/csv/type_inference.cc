#include "runtime/csv/type_inference.h"

#include "runtime/csv/csv_value.h"

namespace kpic::csv {

void TypeInference::add(std::string_view value) {
  if (is_null_token(value)) {
    ++nulls_;
    return;
  }
  ++values_;
  if (alive_ == 0) return;
  bool b;
  int64_t i;
  double f;
  int32_t d;
  if ((alive_ & kBool) && !parse_bool(value, b)) alive_ &= ~kBool;
  if ((alive_ & kInt) && !parse_int(value, i)) alive_ &= ~kInt;
  if ((alive_ & kFloat) && !parse_float(value, f)) alive_ &= ~kFloat;
  if ((alive_ & kDate) && !parse_date(value, d)) alive_ &= ~kDate;
  if ((alive_ & kTimestamp) && !parse_timestamp(value, i)) alive_ &= ~kTimestamp;
}

ValueType TypeInference::type() const {
  if (values_ == 0) return ValueType::String;
  if (alive_ & kBool) return ValueType::Bool;
  if (alive_ & kInt) return ValueType::Int;
  if (alive_ & kFloat) return ValueType::Float;
  if (alive_ & kDate) return ValueType::Date;
  if (alive_ & kTimestamp) return ValueType::Timestamp;
  return ValueType::String;
}

}  // namespace kpic::csv
