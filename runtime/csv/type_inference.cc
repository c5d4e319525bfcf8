#include "runtime/csv/type_inference.h"

#include <algorithm>

#include "runtime/csv/csv_value.h"

namespace kpic::csv {
namespace {

// An optional sign and digits (surrounding blanks allowed, as parse_int allows them).
bool is_integer_literal(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) s.remove_prefix(1);
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

void TypeInference::add(std::string_view value, int64_t line) {
  if (is_null_token(value)) {
    ++nulls_;
    return;
  }
  ++values_;
  if (all_integer_literals_ && !is_integer_literal(value)) all_integer_literals_ = false;
  if (alive_ == 0) return;
  const unsigned before = alive_;
  bool b;
  int64_t i;
  double f;
  int32_t d;
  if ((alive_ & kBool) && !parse_bool(value, b)) alive_ &= ~kBool;
  if ((alive_ & kInt) && !parse_int(value, i)) {
    alive_ &= ~kInt;
    if (big_int_.empty() && is_integer_literal(value)) big_int_ = std::string(value);
  }
  if ((alive_ & kFloat) && !parse_float(value, f)) alive_ &= ~kFloat;
  if ((alive_ & kDate) && !parse_date(value, d)) alive_ &= ~kDate;
  if ((alive_ & kTimestamp) && !parse_timestamp(value, i)) alive_ &= ~kTimestamp;
  if (alive_ == 0 && values_ > 1) {
    alive_before_ = before;
    last_straw_ = std::string(value.substr(0, 40));
    last_straw_line_ = line;
  }
}

std::string TypeInference::why_string() const {
  if (alive_ != 0 || alive_before_ == 0 || last_straw_line_ <= 0) return "";
  const char* was = (alive_before_ & kBool)              ? "a bool"
                    : (alive_before_ & (kInt | kFloat))  ? "a number"
                    : (alive_before_ & kDate)            ? "a date"
                                                         : "a timestamp";
  return "line " + std::to_string(last_straw_line_) + " holds `" + last_straw_ + "`, not " + was;
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
