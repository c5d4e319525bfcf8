// MetricEvaluator: see metric_eval.h.
#include "compiler/engine/metric_eval.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "compiler/engine/per_reducer.h"
#include "compiler/engine/scalar_eval.h"

#include "runtime/exec/time_bucket.h"

namespace kpic::engine {

using exec::as_double;
using exec::BucketKind;
using exec::compare_values;
using exec::convert_value;
using exec::GroupTable;
using exec::KeyEq;
using exec::KeyHash;
using lang::Builtin;
using plan::Node;
using plan::NodeKind;

MetricEvaluator::MetricEvaluator(const plan::Plan& plan, std::vector<std::unique_ptr<PassState>>& states,
                                 StringPool& pool)
    : plan_(plan), states_(states), pool_(pool), metrics_(plan.metrics.size()) {
  int max_bytes = 8;
  for (const auto& pass : plan.passes) max_bytes = std::max(max_bytes, pass.state_bytes);
  zero_block_.assign(max_bytes, 0);
}

void MetricEvaluator::decode(const plan::Pass& pass, size_t g, Key& key) const {
  GroupTable& t = states_[pass.id]->groups();
  key.clear();
  for (size_t k = 0; k < pass.keys.size(); ++k) {
    ValueType type = pass.key_types[k];
    if ((t.nullmask(g) >> k) & 1) {
      key.push_back(Value::null(type));
      continue;
    }
    int64_t bits = t.keys(g)[k];
    switch (type) {
      case ValueType::Float: {
        double d;
        std::memcpy(&d, &bits, 8);
        key.push_back(Value::of_float(d));
        break;
      }
      case ValueType::String: key.push_back(Value::of_string(pool_.str(bits))); break;
      case ValueType::Bool: key.push_back(Value::of_bool(bits != 0)); break;
      case ValueType::Date: key.push_back(Value::of_date(static_cast<int32_t>(bits))); break;
      case ValueType::Timestamp: key.push_back(Value::of_timestamp(bits)); break;
      default: key.push_back(Value::of_int(bits)); break;
    }
  }
}

char* MetricEvaluator::group_block(int pass, const Key& key) const {
  const plan::Pass& p = plan_.passes[pass];
  size_t n = p.keys.size();
  if (key.size() != n || n > 64) return nullptr;
  int64_t bits[64] = {};
  uint64_t mask = 0;
  for (size_t k = 0; k < n; ++k) {
    if (key[k].is_null) {
      mask |= uint64_t{1} << k;
      continue;
    }
    Value v = convert_value(key[k], p.key_types[k]);
    if (v.type != p.key_types[k]) return nullptr;
    switch (v.type) {
      case ValueType::Float: {
        double d = v.f + 0.0;  // as kernels store float keys: -0.0 is 0.0
        std::memcpy(&bits[k], &d, 8);
        break;
      }
      case ValueType::String:
        bits[k] = pool_.find(v.s);
        if (bits[k] < 0) return nullptr;
        break;
      default: bits[k] = v.i; break;
    }
  }
  return states_[pass]->groups().find(bits, mask);
}

Value MetricEvaluator::agg_value(int pass, int agg, const Key& key) {
  const plan::AggState& a = plan_.passes[pass].aggs[agg];
  // A pass run in parts under the memory limit has its own layout (scanner.h): read the block with it.
  const PassState* st = states_[pass].get();
  const exec::AggLayout& layout = st ? st->layout().aggs[agg] : a;
  Value v = exec::finalize(layout, agg_block(pass, key));
  // min/max of strings keep the string's global id.
  if (a.kind == plan::StateKind::MinMax && a.arg_type == ValueType::String && !v.is_null)
    v = Value::of_string(pool_.str(v.i));
  return v;
}

const char* MetricEvaluator::agg_block(int pass, const Key& key) {
  PassState* st = states_[pass].get();
  // An ungrouped pass always has its one group (over no rows when nothing was read).
  if (!st) return zero_block_.data();
  if (!st->grouped()) return st->ungrouped_state();
  if (pass == fast_pass_ && &key == fast_key_) return fast_block_;
  char* block = group_block(pass, key);
  return block ? block : zero_block_.data();
}

Value MetricEvaluator::empty_aggregate(const plan::PerAgg& a) {
  if (lang::builtin_info(a.builtin).nulls == lang::NullRule::Never) return Value::of_int(0);  // the counts
  return Value::null(a.type);
}

void MetricEvaluator::per_add(const plan::PerOp& ref, PerWalk& w, const Key& inner) {
  Value v = eval(ref.inner, current_metric_, inner);
  size_t n = std::min<size_t>(inner.size(), ref.outer_dims);
  if (!w.last || !std::equal(inner.begin(), inner.begin() + n, w.last_outer.begin(), w.last_outer.end(),
                             [](const Value& x, const Value& y) { return compare_values(x, y) == 0; })) {
    w.last_outer.assign(inner.begin(), inner.begin() + n);
    w.last = &(*w.outer)[w.last_outer];  // unordered_map: the reference outlives later inserts
  }
  w.last->add(ref.agg, std::move(v));
}

void MetricEvaluator::per_walk_groups(const plan::PerOp& ref, const plan::Pass& only, PerWalk& walk) {
  // A `per` nested in the inner expression runs its own walk: the context is restored after it.
  GroupTable& t = states_[only.id]->groups();
  Key key;
  for (size_t g = 0; g < t.size(); ++g) {
    decode(only, g, key);
    int saved_pass = fast_pass_;
    const Key* saved_key = fast_key_;
    char* saved_block = fast_block_;
    fast_pass_ = only.id;
    fast_key_ = &key;
    fast_block_ = t.state(g);
    per_add(ref, walk, key);
    fast_pass_ = saved_pass;
    fast_key_ = saved_key;
    fast_block_ = saved_block;
  }
}

void MetricEvaluator::reduce_part(int pass, PerPartials& partials) {
  if (!states_[pass] || !states_[pass]->grouped()) return;
  for (size_t i = 0; i < plan_.pers.size(); ++i) {
    const plan::PerOp& ref = plan_.pers[i];
    if (ref.passes.size() != 1 || ref.passes[0] != pass) continue;
    PerWalk walk;
    walk.outer = &partials[static_cast<int>(i)];
    per_walk_groups(ref, plan_.passes[pass], walk);
  }
}

const std::map<Key, Value, KeyLess>& MetricEvaluator::per_values(int per) {
  auto it = per_cache_.find(per);
  if (it != per_cache_.end()) return it->second;
  const plan::PerOp& ref = plan_.pers[per];
  OuterReducers local;
  PerWalk walk;
  walk.outer = &local;
  const plan::Pass* only = ref.passes.size() == 1 ? &plan_.passes[ref.passes[0]] : nullptr;
  auto partial = partials_ ? partials_->find(per) : PerPartials::iterator{};
  if (partials_ && partial != partials_->end() && only && !states_[only->id]) {
    walk.outer = &partial->second;  // reduced part by part during the scan
  } else if (only && states_[only->id] && states_[only->id]->grouped() &&
             static_cast<int>(only->keys.size()) == ref.inner_dims) {
    // One pass grouped by exactly the inner keys: each of its groups is one inner key, and the inner
    // expression's aggregates of that pass read the group's block directly.
    per_walk_groups(ref, *only, walk);
  } else {
    std::unordered_set<Key, KeyHash, KeyEq> inner_keys;
    Key key;
    for (int pass : ref.passes) {
      PassState* st = states_[pass].get();
      if (!st || !st->grouped()) continue;
      for (size_t g = 0; g < st->groups().size(); ++g) {
        decode(plan_.passes[pass], g, key);
        key.resize(std::min<size_t>(key.size(), ref.inner_dims));
        if (inner_keys.insert(key).second) per_add(ref, walk, key);
      }
    }
  }
  auto& out = per_cache_[per];
  for (auto& [k, r] : *walk.outer) out[k] = r.result(ref.agg, overflow_);
  return out;
}

Key MetricEvaluator::project(int from, const Key& key, int to) const {
  const auto& fd = plan_.metrics[from].dims;
  const auto& td = plan_.metrics[to].dims;
  Key out;
  for (const auto& d : td) {
    size_t i = 0;
    while (i < fd.size() && fd[i].name != d.name) ++i;
    out.push_back(i < fd.size() && i < key.size() ? key[i] : Value::null(d.type));
  }
  return out;
}

Value MetricEvaluator::metric_value(int m, const Key& key) {
  MetricRows& mr = metrics_[m];
  auto it = mr.rows.find(key);
  if (it != mr.rows.end()) return it->second;
  int saved = current_metric_;
  current_metric_ = m;
  Value v = convert_value(eval(plan_.metrics[m].expr, m, key), plan_.metrics[m].type);
  current_metric_ = saved;
  return v;
}

Value MetricEvaluator::eval_period(const Node& e, int m, const Key& key) {
  if (e.builtin == Builtin::CohortRetention) return cohort_value(e, key);
  int t = e.index;
  const auto& dims = plan_.metrics[m].dims;
  if (t < 0 || t >= static_cast<int>(key.size()) || key[t].is_null) return Value::null(e.type);
  int64_t kind = plan_.calendar.bucket_code(plan::bucket_kind(dims[t].bucket));
  if (!dims[t].time_bucket) kind = exec::kBucketDay;
  const MetricRows& mr = metrics_[m];
  // prev(X, N) / growth(X, N): N buckets back (the offset is a positive Int literal, checked by sema).
  int64_t back = e.args.size() > 1 ? e.args[1].value.i : 1;
  auto prev_of = [&](const Key& k) -> Value {
    Key pk = k;
    pk[t] = Value::of_date(static_cast<int32_t>(exec::bucket_back(k[t].i, kind, back)));
    if (!mr.rows.count(pk)) return Value::null(e.args[0].type);
    return eval(e.args[0], m, pk);
  };
  bool ov = false;
  switch (e.builtin) {
    case Builtin::Prev: return prev_of(key);
    case Builtin::Trailing: return trailing_value(e, m, key);
    case Builtin::Growth: {
      Value x = eval(e.args[0], m, key);
      Value pv = prev_of(key);
      if (x.is_null || pv.is_null || as_double(pv) == 0) return Value::null(ValueType::Float);
      return Value::of_float((as_double(x) - as_double(pv)) / as_double(pv) * 100.0);
    }
    case Builtin::RunningSum: {
      Value acc = Value::null(e.type);
      for (const auto& [k, v] : mr.rows) {
        bool same = true;
        for (size_t i = 0; i < k.size(); ++i)
          if (static_cast<int>(i) != t && compare_values(k[i], key[i]) != 0) same = false;
        if (!same || k[t].is_null || k[t].i > key[t].i) continue;
        Value x = eval(e.args[0], m, k);
        if (x.is_null) continue;
        acc = acc.is_null ? convert_value(x, e.type) : binary_op(lang::Op::Add, acc, x, e.type, ov);
      }
      if (ov) overflow_ = true;
      return acc;
    }
    default: return Value::null(e.type);
  }
}

Value MetricEvaluator::eval(const Node& e, int m, const Key& key) {
  bool ov = false;
  Value out;
  switch (e.kind) {
    case NodeKind::Literal: return e.value;
    case NodeKind::Metric: return metric_value(e.index, m < 0 ? Key{} : project(m, key, e.index));
    case NodeKind::AggResult: return agg_value(e.pass, e.index, key);
    case NodeKind::PerResult: {
      const auto& vals = per_values(e.index);
      size_t n = static_cast<size_t>(plan_.pers[e.index].outer_dims);
      Key outer(key.begin(), key.begin() + std::min(key.size(), n));
      auto it = vals.find(outer);
      return it == vals.end() ? empty_aggregate(plan_.pers[e.index].agg) : it->second;
    }
    case NodeKind::Unary: out = unary_op(e.op, eval(e.args[0], m, key), ov); break;
    case NodeKind::Binary:
      out = binary_op(e.op, eval(e.args[0], m, key), eval(e.args[1], m, key), e.type, ov);
      break;
    case NodeKind::If: {
      Value c = eval(e.args[0], m, key);
      out = convert_value(eval(e.args[!c.is_null && c.i ? 1 : 2], m, key), e.type);
      break;
    }
    case NodeKind::In: {
      Value x = eval(e.args[0], m, key);
      if (x.is_null) return Value::null(ValueType::Bool);
      bool any = false;
      for (const auto& v : e.values) any |= compare_values(x, v) == 0;
      return Value::of_bool(any != e.negated);
    }
    case NodeKind::IsNull: return Value::of_bool(eval(e.args[0], m, key).is_null != e.negated);
    case NodeKind::Call: {
      if (e.builtin == Builtin::Ratio && e.args.size() == 2) {  // of two aggregate-level values
        Value a = eval(e.args[0], m, key), b = eval(e.args[1], m, key);
        if (a.is_null || b.is_null || as_double(b) == 0) return Value::null(ValueType::Float);
        return Value::of_float(as_double(a) / as_double(b));
      }
      std::vector<Value> args;
      for (const auto& a : e.args) args.push_back(eval(a, m, key));
      out = call_builtin(e.builtin, args, e.type, ov, plan_.calendar);
      break;
    }
    case NodeKind::Period: return eval_period(e, m, key);
    default: return Value::null(e.type);
  }
  if (ov) overflow_ = true;
  return out;
}

void MetricEvaluator::collect_keys(int m, std::map<Key, bool, KeyLess>& keys) {
  for (const plan::JoinInput& in : plan_.metrics[m].inputs) {
    if (in.broadcast) continue;
    switch (in.kind) {
      case plan::JoinInput::Per:
        for (const auto& [k, v] : per_values(in.index)) keys[k] = true;
        break;
      case plan::JoinInput::Pass: {
        PassState* st = states_[in.index].get();
        if (!st || !st->grouped()) break;
        Key k;
        for (size_t g = 0; g < st->groups().size(); ++g) {
          decode(plan_.passes[in.index], g, k);
          keys[k] = true;
        }
        break;
      }
      case plan::JoinInput::Metric:
        for (const auto& [k, v] : metrics_[in.index].rows) keys[project(in.index, k, m)] = true;
        break;
      case plan::JoinInput::Trailing: trailing_keys(in.index, m, in.time_dim, keys); break;
      case plan::JoinInput::Cohort:
        for (const auto& [k, v] : cohort_matrix(plan_.metrics[m].expr)) keys[k] = true;
        break;
    }
  }
}

bool MetricEvaluator::run(Diagnostics& diags) {
  for (int m : plan_.metric_order) {
    const plan::MetricOp& metric = plan_.metrics[m];
    current_metric_ = m;
    std::map<Key, bool, KeyLess> keys;
    if (metric.dims.empty()) keys[Key{}] = true;
    else collect_keys(m, keys);
    MetricRows& mr = metrics_[m];
    // Keys first (period functions look up neighbouring buckets among them), values second.
    for (const auto& [k, unused] : keys) mr.rows[k] = Value::null(metric.type);
    for (auto& [k, v] : mr.rows) v = convert_value(eval(metric.expr, m, k), metric.type);
    mr.done = true;
    if (overflow_) {
      diags.error(DiagCode::overflow, SourceRange{}, "integer overflow while computing metric `" + metric.name + "`");
      return false;
    }
  }
  return true;
}

MetricResult MetricEvaluator::result(int m) const {
  const plan::MetricOp& metric = plan_.metrics[m];
  MetricResult r;
  r.name = metric.name;
  r.type = metric.type;
  for (const auto& d : metric.dims) {
    r.dim_names.push_back(d.name);
    r.dim_types.push_back(d.type);
  }
  for (const auto& [k, v] : metrics_[m].rows) r.rows.push_back({k, v});
  r.matrix = metric.expr.kind == NodeKind::Period && metric.expr.builtin == Builtin::CohortRetention;
  return r;
}

}  // namespace kpic::engine
