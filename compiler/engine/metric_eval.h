// The post-aggregate steps: from the merged pass states to every metric's rows. A metric's groups are
// the union (full outer join on dimension values) of the groups of its own aggregates and of the metrics
// it uses at the same dimensions; metrics at fewer dimensions are broadcast; a missing group evaluates
// as SQL over no rows (count 0, others null). `per` reduces the inner pass's values per outer group;
// prev/growth/running_sum walk calendar-adjacent buckets of the metric's time dimension.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/engine/per_reducer.h"
#include "compiler/plan/ir.h"
#include "runtime/exec/pass_state.h"
#include "runtime/exec/result.h"
#include "runtime/exec/string_pool.h"
#include "runtime/exec/value_ops.h"

namespace kpic::engine {

using exec::KeyLess;
using exec::PassState;
using exec::StringPool;
using Key = std::vector<Value>;

// The outer groups of a `per` being reduced, by outer key (per_reducer.h).
using OuterReducers = std::unordered_map<Key, PerReducer, exec::KeyHash, exec::KeyEq>;
// `per`s reduced part by part while their pass was scanned in parts (memory limit): by Plan::pers index.
using PerPartials = std::map<int, OuterReducers>;

class MetricEvaluator {
 public:
  // Reads only the plan's IR (Plan::metrics, pers, params) and the merged pass states.
  MetricEvaluator(const plan::Plan& plan, std::vector<std::unique_ptr<PassState>>& states, StringPool& pool);

  // Evaluates the plan's metrics in dependency order; false, with KP0901 in `diags`, when an integer
  // result overflows.
  bool run(Diagnostics& diags);
  MetricResult result(int metric) const;
  // The value of kernel parameter `i` (an ungrouped aggregate or metric), once its stage has run.
  Value param(int i) { return eval(plan_.params[i], -1, {}); }
  // The `per`s over streamed passes (scan_plan.h: streamed_passes) read their reductions from here when
  // the pass ran in parts (the pass then has no state).
  void use_partials(PerPartials* partials) { partials_ = partials; }
  // Adds the groups of `pass` (a part of a streamed pass, in this evaluator's states) to the reductions
  // of every `per` that walks that pass.
  void reduce_part(int pass, PerPartials& partials);
  // An integer overflow happened while evaluating (run() reports it; reduce_part leaves it to the caller).
  bool overflowed() const { return overflow_; }

 private:
  struct MetricRows {
    std::map<Key, Value, KeyLess> rows;
    bool done = false;
  };

  // Groups are looked up in the pass's GroupTable itself: the key is encoded back to its 64-bit form.
  char* group_block(int pass, const Key& key) const;
  void decode(const plan::Pass& pass, size_t g, Key& key) const;
  Value agg_value(int pass, int agg, const Key& key);
  const char* agg_block(int pass, const Key& key);  // the group's state (zeroed if none)
  const std::map<Key, Value, KeyLess>& per_values(int per);
  // One inner key's value added to its outer group's reducer (`last`: the previous key's reducer, whose
  // outer key was `last_outer`: outer keys repeat in runs).
  struct PerWalk {
    OuterReducers* outer = nullptr;
    PerReducer* last = nullptr;
    Key last_outer;
  };
  void per_add(const plan::PerOp& ref, PerWalk& walk, const Key& inner);
  // The inner keys of `ref` are exactly the groups of `only`: each group's block is read directly.
  void per_walk_groups(const plan::PerOp& ref, const plan::Pass& only, PerWalk& walk);
  static Value empty_aggregate(const plan::PerAgg& a);
  Key project(int from_metric, const Key& key, int to_metric) const;
  // The metric's result rows: the full outer join of its inputs (MetricOp::inputs) that are not broadcast.
  void collect_keys(int metric, std::map<Key, bool, KeyLess>& keys);
  Value eval(const plan::Node& e, int metric, const Key& key);
  Value eval_period(const plan::Node& e, int metric, const Key& key);
  // trailing(AGG, WINDOW) (trailing.cc): the metric's rows from the daily pass `pass` (every bucket from
  // the first to the last, per value of the other dimensions), and the value at one bucket.
  void trailing_keys(int pass, int metric, int time_dim, std::map<Key, bool, KeyLess>& keys);
  Value trailing_value(const plan::Node& e, int metric, const Key& key);
  // cohort_retention (cohort.cc): its rows (cohort, period) -> value, computed once from the groups of its
  // (ENTITY, BUCKET) pass, and the value at one row.
  const std::map<Key, Value, KeyLess>& cohort_matrix(const plan::Node& e);
  Value cohort_value(const plan::Node& e, const Key& key);
  Value metric_value(int metric, const Key& key);

  const plan::Plan& plan_;
  std::vector<std::unique_ptr<PassState>>& states_;
  StringPool& pool_;
  std::vector<MetricRows> metrics_;
  std::map<int, std::map<Key, Value, KeyLess>> per_cache_;
  // cohort_retention matrices by (pass, START count, ACTIVE count).
  std::map<std::tuple<int, int, int>, std::map<Key, Value, KeyLess>> cohort_cache_;
  std::vector<char> zero_block_;
  bool overflow_ = false;
  PerPartials* partials_ = nullptr;
  int current_metric_ = -1;
  // While `per` evaluates its inner expression group by group: aggregates of pass `fast_pass_` asked for
  // at exactly the key object `*fast_key_` read `fast_block_` without a lookup.
  int fast_pass_ = -1;
  const Key* fast_key_ = nullptr;
  char* fast_block_ = nullptr;
};

}  // namespace kpic::engine
