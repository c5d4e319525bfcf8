// PerReducer: see per_reducer.h.
#include "compiler/engine/per_reducer.h"

#include <algorithm>

#include "runtime/exec/agg_objects.h"
#include "runtime/exec/value_ops.h"

namespace kpic::engine {

using exec::as_double;
using exec::compare_values;
using exec::compensated_total;
using exec::convert_value;
using exec::neumaier_add;
using exec::quantile_cont;
using lang::Reduce;

void PerReducer::add(const plan::PerAgg& e, Value v) {
  ++rows_;
  if (v.is_null) return;
  ++values_;
  switch (lang::reduce_of(e.builtin)) {
    case Reduce::Count: return;
    case Reduce::Sum:
      if (e.type == ValueType::Int) {
        int_overflow_ |= __builtin_add_overflow(isum_, v.i, &isum_);
        return;
      }
      [[fallthrough]];
    case Reduce::Mean: neumaier_add(sum_, comp_, as_double(v)); return;
    case Reduce::Pct: trues_ += v.i != 0; return;
    case Reduce::Min:
    case Reduce::Max: {
      int c = values_ == 1 ? 0 : compare_values(v, best_);
      if (values_ == 1 || (lang::reduce_of(e.builtin) == Reduce::Min ? c < 0 : c > 0)) best_ = std::move(v);
      return;
    }
    default: kept_.push_back(std::move(v)); return;
  }
}

Value PerReducer::result(const plan::PerAgg& e, bool& overflow) {
  switch (lang::reduce_of(e.builtin)) {
    case Reduce::Count: return Value::of_int(e.count_rows ? rows_ : values_);
    case Reduce::Distinct:
    case Reduce::ApproxDistinct: {
      auto less = [](const Value& a, const Value& b) { return compare_values(a, b) < 0; };
      std::sort(kept_.begin(), kept_.end(), less);
      int64_t n = 0;
      for (size_t i = 0; i < kept_.size(); ++i) n += i == 0 || compare_values(kept_[i - 1], kept_[i]) != 0;
      return Value::of_int(n);
    }
    default: break;
  }
  if (!values_) return Value::null(e.type);
  switch (lang::reduce_of(e.builtin)) {
    case Reduce::Sum:
      if (e.type == ValueType::Int) {
        if (int_overflow_) {
          overflow = true;
          return Value::null(ValueType::Int);
        }
        return Value::of_int(isum_);
      }
      return Value::of_float(compensated_total(sum_, comp_));
    case Reduce::Mean: return Value::of_float(compensated_total(sum_, comp_) / static_cast<double>(values_));
    case Reduce::Min:
    case Reduce::Max: return convert_value(best_, e.type);
    case Reduce::Quantile: {
      std::vector<double> d;
      d.reserve(kept_.size());
      for (const auto& v : kept_) d.push_back(as_double(v));
      return Value::of_float(quantile_cont(d.data(), d.size(), e.q));
    }
    case Reduce::Pct: return Value::of_float(100.0 * static_cast<double>(trues_) / static_cast<double>(values_));
    default: return Value::null(e.type);
  }
}

}  // namespace kpic::engine
