// Comparison, hashing, conversion and compensated sums on Values, with SQL null semantics: what the
// runtime and the post-aggregate steps (compiler/engine) compute with.
#pragma once

#include <cmath>
#include <vector>

#include "runtime/column/value.h"

namespace kpic::exec {

// Total order for sorting result rows: by type's natural order, nulls last.
int compare_values(const Value& a, const Value& b);
struct KeyLess {
  bool operator()(const std::vector<Value>& a, const std::vector<Value>& b) const;
};
// Hashing consistent with compare_values() == 0 (an int and an equal float hash alike; so do a date and
// the timestamp of its midnight), for hash maps keyed by group keys.
struct KeyHash {
  size_t operator()(const std::vector<Value>& k) const;
};
struct KeyEq {
  bool operator()(const std::vector<Value>& a, const std::vector<Value>& b) const;
};

double as_double(const Value& v);
// One step of Neumaier's compensated summation: adds x into the sum s with compensation c.
inline void neumaier_add(double& s, double& c, double x) {
  double t = s + x;
  c += std::fabs(s) >= std::fabs(x) ? (s - t) + x : (x - t) + s;
  s = t;
}
// The value of a compensated sum (s, c). Once the sum has overflowed to an infinity the compensation is
// inf - inf = NaN and means nothing: the sum is the infinity (NaN only when +inf and -inf were added).
inline double compensated_total(double s, double c) { return std::isfinite(s) ? s + c : s; }
Value convert_value(const Value& v, ValueType to);

}  // namespace kpic::exec
