// The outer aggregate of a nested `AGG(INNER per KEY)`: reduces the inner values of one outer group as
// they are produced, one at a time, with SQL's semantics (nulls ignored; count() counts every inner
// group; an outer group whose values are all null gives null, except counts which give 0).
#pragma once

#include <cstdint>
#include <vector>

#include "compiler/plan/ir.h"
#include "runtime/column/value.h"

namespace kpic::engine {

class PerReducer {
 public:
  void add(const plan::PerAgg& agg, Value v);
  // The reduced value; sets `overflow` when an integer sum overflowed.
  Value result(const plan::PerAgg& agg, bool& overflow);

 private:
  int64_t rows_ = 0;    // inner groups
  int64_t values_ = 0;  // non-null inner values
  int64_t trues_ = 0;   // pct: true values
  int64_t isum_ = 0;    // sum of ints
  bool int_overflow_ = false;
  double sum_ = 0, comp_ = 0;  // Neumaier sum of doubles
  Value best_;                 // min / max
  std::vector<Value> kept_;    // count_distinct, median, quantile
};

}  // namespace kpic::engine
