// Arithmetic, comparison and scalar functions on Values, with SQL null semantics: what the
// post-aggregate steps (composition, per, period functions) compute with. Row-level code does the same
// in JIT kernels (compiler/codegen); this is the interpreter for the few values per group.
#pragma once

#include <cmath>
#include <vector>

#include "compiler/sema/program.h"
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

// op on two values; sets `overflow` on integer overflow (result null).
Value binary_op(ast::Op op, const Value& a, const Value& b, ValueType result, bool& overflow);
Value unary_op(ast::Op op, const Value& a, bool& overflow);
// Scalar/Bucket builtins on already evaluated arguments.
Value call_builtin(sema::Builtin b, const std::vector<Value>& args, ValueType result, bool& overflow);

}  // namespace kpic::exec
