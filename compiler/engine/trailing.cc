// trailing(AGG, WINDOW) in the post-aggregate evaluation: the aggregate's pass is grouped by day in place of
// the metric's time bucket (plan/planner.cc), and each bucket's value combines copies of the daily states of
// the window's days into a fresh state block (rows are never read again), then finalises it.
#include <algorithm>

#include "compiler/engine/metric_eval.h"
#include "runtime/exec/time_bucket.h"

namespace kpic::engine {

namespace {

// The bucket code of a time dimension under the program's calendar (week and fiscal-year starts).
int64_t kind_of(const exec::Calendar& calendar, const plan::MetricDim& d) {
  return d.time_bucket ? calendar.bucket_code(plan::bucket_kind(d.bucket)) : exec::kBucketDay;
}

}  // namespace

void MetricEvaluator::trailing_keys(int pass, int m, int t, std::map<Key, bool, KeyLess>& keys) {
  PassState* st = states_[pass].get();
  if (!st || !st->grouped() || t < 0) return;
  int64_t kind = kind_of(plan_.calendar, plan_.metrics[m].dims[t]);
  std::map<Key, std::pair<int64_t, int64_t>, KeyLess> span;  // the other dimensions -> first and last day
  Key k;
  for (size_t g = 0; g < st->groups().size(); ++g) {
    decode(plan_.passes[pass], g, k);
    if (static_cast<size_t>(t) >= k.size() || k[t].is_null) continue;  // a row without a time is in no window
    int64_t day = k[t].i;
    k[t] = Value::null(ValueType::Date);
    auto [it, fresh] = span.try_emplace(k, day, day);
    it->second.first = std::min(it->second.first, day);
    it->second.second = std::max(it->second.second, day);
  }
  for (const auto& [other, s] : span) {
    Key row = other;
    for (int64_t b = exec::bucket_days(s.first, kind); b <= s.second; b = exec::bucket_back(b, kind, -1)) {
      row[t] = Value::of_date(static_cast<int32_t>(b));
      keys[row] = true;
    }
  }
}

Value MetricEvaluator::trailing_value(const plan::Node& e, int m, const Key& key) {
  const plan::Node& agg = e.args.at(0);
  if (agg.kind != plan::NodeKind::AggResult) return Value::null(e.type);
  const plan::AggState& a = plan_.passes[agg.pass].aggs[agg.index];
  int t = e.index;
  PassState* st = states_[agg.pass].get();
  if (!st || !st->grouped() || t < 0 || static_cast<size_t>(t) >= key.size() || key[t].is_null)
    return exec::finalize(a, zero_block_.data());  // over no rows
  int64_t days = e.args.at(1).value.i;
  int64_t end = exec::bucket_back(key[t].i, kind_of(plan_.calendar, plan_.metrics[m].dims[t]), -1);  // the next bucket's start
  exec::PassLayout one = st->layout();
  one.keys = 0;
  PassState window(one, nullptr, nullptr, &pool_);
  Key day = key;
  for (int64_t d = end - days; d < end; ++d) {
    day[t] = Value::of_date(static_cast<int32_t>(d));
    if (const char* block = group_block(agg.pass, day)) window.add_copy(window.ungrouped_state(), block);
  }
  Value v = exec::finalize(a, window.ungrouped_state());
  // min/max of strings keep the string's global id.
  if (a.kind == plan::StateKind::MinMax && a.arg_type == ValueType::String && !v.is_null)
    v = Value::of_string(pool_.str(v.i));
  return v;
}

}  // namespace kpic::engine
