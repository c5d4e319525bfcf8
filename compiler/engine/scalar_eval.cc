// binary_op, unary_op, call_builtin: see scalar_eval.h.
#include "compiler/engine/scalar_eval.h"

#include <cmath>
#include <string>

#include "compiler/plan/ir.h"
#include "runtime/exec/time_bucket.h"
#include "runtime/exec/value_ops.h"

namespace kpic::engine {

using exec::as_double;
using exec::compare_values;
using exec::BucketKind;
using exec::bucket_days;
using exec::convert_value;
using exec::days_of_us;
using lang::Builtin;

Value unary_op(lang::Op op, const Value& a, bool& overflow) {
  if (a.is_null) return a;
  if (op == lang::Op::Not) return Value::of_bool(!a.i);
  if (a.type == ValueType::Float) return Value::of_float(-a.f);
  int64_t r;
  if (__builtin_sub_overflow(int64_t{0}, a.i, &r)) {
    overflow = true;
    return Value::null(ValueType::Int);
  }
  return Value::of_int(r);
}

Value binary_op(lang::Op op, const Value& a, const Value& b, ValueType result, bool& overflow) {
  switch (op) {
    case lang::Op::And: {
      bool af = !a.is_null && !a.i, bf = !b.is_null && !b.i;
      if (af || bf) return Value::of_bool(false);
      if (a.is_null || b.is_null) return Value::null(ValueType::Bool);
      return Value::of_bool(true);
    }
    case lang::Op::Or: {
      bool at = !a.is_null && a.i, bt = !b.is_null && b.i;
      if (at || bt) return Value::of_bool(true);
      if (a.is_null || b.is_null) return Value::null(ValueType::Bool);
      return Value::of_bool(false);
    }
    default: break;
  }
  if (a.is_null || b.is_null) return Value::null(result);
  switch (op) {
    case lang::Op::Eq: return Value::of_bool(compare_values(a, b) == 0);
    case lang::Op::Ne: return Value::of_bool(compare_values(a, b) != 0);
    case lang::Op::Lt: return Value::of_bool(compare_values(a, b) < 0);
    case lang::Op::Le: return Value::of_bool(compare_values(a, b) <= 0);
    case lang::Op::Gt: return Value::of_bool(compare_values(a, b) > 0);
    case lang::Op::Ge: return Value::of_bool(compare_values(a, b) >= 0);
    default: break;
  }
  bool as_int = a.type != ValueType::Float && b.type != ValueType::Float && op != lang::Op::Div &&
                result != ValueType::Float;
  if (as_int) {
    int64_t r = 0;
    bool ov = false;
    switch (op) {
      case lang::Op::Add: ov = __builtin_add_overflow(a.i, b.i, &r); break;
      case lang::Op::Sub: ov = __builtin_sub_overflow(a.i, b.i, &r); break;
      case lang::Op::Mul: ov = __builtin_mul_overflow(a.i, b.i, &r); break;
      case lang::Op::Mod:
        if (b.i == 0) return Value::null(ValueType::Int);
        r = b.i == -1 ? 0 : a.i % b.i;
        break;
      default: break;
    }
    if (ov) {
      overflow = true;
      return Value::null(ValueType::Int);
    }
    return Value::of_int(r);
  }
  double x = as_double(a), y = as_double(b);
  switch (op) {
    case lang::Op::Add: return Value::of_float(x + y);
    case lang::Op::Sub: return Value::of_float(x - y);
    case lang::Op::Mul: return Value::of_float(x * y);
    case lang::Op::Div: return y == 0 ? Value::null(ValueType::Float) : Value::of_float(x / y);
    case lang::Op::Mod: return y == 0 ? Value::null(ValueType::Float) : Value::of_float(std::fmod(x, y));
    default: return Value::null(result);
  }
}

Value call_builtin(Builtin b, const std::vector<Value>& args, ValueType result, bool& overflow,
                   const exec::Calendar& calendar) {
  switch (b) {
    case Builtin::Coalesce:
      for (const auto& a : args)
        if (!a.is_null) return convert_value(a, result);
      return Value::null(result);
    case Builtin::Least:
    case Builtin::Greatest: {
      Value best = Value::null(result);
      for (const auto& a : args) {
        if (a.is_null) continue;
        int c = best.is_null ? -1 : compare_values(a, best);
        if (best.is_null || (b == Builtin::Least ? c < 0 : c > 0)) best = a;
      }
      return convert_value(best, result);
    }
    default: break;
  }
  for (const auto& a : args)
    if (a.is_null) return Value::null(result);
  switch (b) {
    case Builtin::Abs:
      if (args[0].type == ValueType::Float) return Value::of_float(std::fabs(args[0].f));
      if (args[0].i < 0) return unary_op(lang::Op::Neg, args[0], overflow);
      return args[0];
    case Builtin::Round: {
      double x = as_double(args[0]);
      if (args.size() < 2) return Value::of_float(std::round(x));
      double f = std::pow(10.0, static_cast<double>(args[1].i));
      return Value::of_float(std::round(x * f) / f);
    }
    case Builtin::Floor: return Value::of_float(std::floor(as_double(args[0])));
    case Builtin::Ceil: return Value::of_float(std::ceil(as_double(args[0])));
    case Builtin::DaysBetween:
    case Builtin::HoursBetween:
    case Builtin::SecondsBetween: {
      int64_t x = convert_value(args[0], ValueType::Timestamp).i;
      int64_t y = convert_value(args[1], ValueType::Timestamp).i;
      double per = plan::us_per_unit(b);
      return Value::of_float(static_cast<double>(y - x) / per);
    }
    case Builtin::DayOfWeek: {
      int64_t days = args[0].i;
      if (args[0].type == ValueType::Timestamp)
        days = calendar.time_zone.empty() ? days_of_us(args[0].i) : exec::local_days_of_us(args[0].i, calendar.time_zone.c_str());
      return Value::of_int(exec::iso_weekday(days));
    }
    case Builtin::Hour: {
      int64_t us = convert_value(args[0], ValueType::Timestamp).i;
      if (args[0].type == ValueType::Timestamp && !calendar.time_zone.empty())
        us = exec::local_us_of_us(us, calendar.time_zone.c_str());  // a date is not shifted: hour 0
      return Value::of_int(exec::hour_of_us(us));
    }
    case Builtin::Day:
    case Builtin::Week:
    case Builtin::Month:
    case Builtin::Quarter:
    case Builtin::Year:
    case Builtin::FiscalQuarter:
    case Builtin::FiscalYear: {
      int64_t days = args[0].i;
      if (args[0].type == ValueType::Timestamp)
        days = calendar.time_zone.empty() ? days_of_us(args[0].i) : exec::local_days_of_us(args[0].i, calendar.time_zone.c_str());
      return Value::of_date(static_cast<int32_t>(bucket_days(days, calendar.bucket_code(plan::bucket_kind(b)))));
    }
    default: return Value::null(result);
  }
}

}  // namespace kpic::engine
