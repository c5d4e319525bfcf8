// Value operations: see value_ops.h.
#include "runtime/exec/value_ops.h"

#include <cmath>
#include <cstring>
#include <string>

#include "runtime/exec/time_bucket.h"

namespace kpic::exec {

double as_double(const Value& v) { return v.type == ValueType::Float ? v.f : static_cast<double>(v.i); }

int compare_values(const Value& a, const Value& b) {
  if (a.is_null || b.is_null) return a.is_null == b.is_null ? 0 : (a.is_null ? 1 : -1);
  if (a.type == ValueType::String || b.type == ValueType::String) return a.s < b.s ? -1 : a.s > b.s ? 1 : 0;
  if (a.type == ValueType::Float || b.type == ValueType::Float) {
    double x = as_double(a), y = as_double(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  int64_t x = a.i, y = b.i;
  if (a.type == ValueType::Date && b.type == ValueType::Timestamp) x *= kUsPerDay;
  if (b.type == ValueType::Date && a.type == ValueType::Timestamp) y *= kUsPerDay;
  return x < y ? -1 : x > y ? 1 : 0;
}

bool KeyLess::operator()(const std::vector<Value>& a, const std::vector<Value>& b) const {
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    int c = compare_values(a[i], b[i]);
    if (c) return c < 0;
  }
  return a.size() < b.size();
}

size_t KeyHash::operator()(const std::vector<Value>& k) const {
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ k.size();
  for (const auto& v : k) {
    uint64_t x;
    if (v.is_null) x = 0x6a09e667f3bcc909ULL;
    else if (v.type == ValueType::String) x = std::hash<std::string>()(v.s);
    else if (v.type == ValueType::Date) x = static_cast<uint64_t>(v.i) * static_cast<uint64_t>(kUsPerDay);  // a timestamp at its midnight hashes alike
    else if (v.type == ValueType::Float && !(v.f == std::trunc(v.f) && std::fabs(v.f) < 9.2e18)) {
      double d = v.f + 0.0;  // -0.0 and 0.0 are equal
      std::memcpy(&x, &d, 8);
    } else x = v.type == ValueType::Float ? static_cast<uint64_t>(static_cast<int64_t>(v.f)) : static_cast<uint64_t>(v.i);
    h = (h ^ x) * 0xff51afd7ed558ccdULL;
    h ^= h >> 32;
  }
  return h;
}

bool KeyEq::operator()(const std::vector<Value>& a, const std::vector<Value>& b) const {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (compare_values(a[i], b[i]) != 0) return false;
  return true;
}

Value convert_value(const Value& v, ValueType to) {
  if (v.type == to || to == ValueType::Null) return v;
  if (v.is_null) return Value::null(to);
  if (to == ValueType::Float && (v.type == ValueType::Int || v.type == ValueType::Bool))
    return Value::of_float(static_cast<double>(v.i));
  if (to == ValueType::Timestamp && v.type == ValueType::Date) return Value::of_timestamp(v.i * kUsPerDay);
  if (to == ValueType::Int && v.type == ValueType::Bool) return Value::of_int(v.i);
  return v;
}

}  // namespace kpic::exec
