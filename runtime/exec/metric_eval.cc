// MetricEvaluator: see metric_eval.h.
#include "runtime/exec/metric_eval.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>

#include "runtime/exec/time_bucket.h"

namespace kpic::exec {

using sema::Builtin;
using sema::Expr;
using sema::ExprKind;

MetricEvaluator::MetricEvaluator(const sema::Program& p, const plan::Plan& plan,
                                 std::vector<std::unique_ptr<PassState>>& states, StringPool& pool)
    : p_(p), plan_(plan), states_(states), pool_(pool), pass_groups_(plan.passes.size()), metrics_(p.metrics.size()) {
  int max_bytes = 8;
  for (const auto& pass : plan.passes) max_bytes = std::max(max_bytes, pass.state_bytes);
  zero_block_.assign(max_bytes, 0);
}

Key MetricEvaluator::decode(const plan::Pass& pass, size_t g) {
  GroupTable& t = states_[pass.id]->groups();
  Key key;
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
  return key;
}

MetricEvaluator::PassGroups& MetricEvaluator::groups(int pass) {
  PassGroups& pg = pass_groups_[pass];
  if (pg.built) return pg;
  pg.built = true;
  PassState* st = states_[pass].get();
  if (!st) return pg;
  if (!st->grouped()) {
    pg.groups[Key{}] = st->ungrouped_state();
    return pg;
  }
  for (size_t g = 0; g < st->groups().size(); ++g) pg.groups[decode(plan_.passes[pass], g)] = st->groups().state(g);
  return pg;
}

Value MetricEvaluator::agg_value(const plan::AggRef& ref, const Key& key) {
  const plan::AggState& a = plan_.passes[ref.pass].aggs[ref.agg];
  PassGroups& pg = groups(ref.pass);
  if (!states_[ref.pass] || !states_[ref.pass]->grouped()) {
    // An ungrouped pass always has its one group (over no rows when nothing was read).
    char* block = states_[ref.pass] ? states_[ref.pass]->ungrouped_state() : zero_block_.data();
    return finalize(a, block);
  }
  auto it = pg.groups.find(key);
  return finalize(a, it == pg.groups.end() ? zero_block_.data() : it->second);
}

Value MetricEvaluator::param_value(const plan::AggRef& ref) { return agg_value(ref, {}); }

Value MetricEvaluator::empty_aggregate(const Expr& e) const {
  if (e.builtin == Builtin::Count || e.builtin == Builtin::CountDistinct || e.builtin == Builtin::ApproxCountDistinct)
    return Value::of_int(0);
  return Value::null(e.type);
}

Value MetricEvaluator::reduce(const Expr& e, const std::vector<Value>& values) const {
  std::vector<Value> vals;
  for (const auto& v : values)
    if (!v.is_null) vals.push_back(v);
  switch (e.builtin) {
    case Builtin::Count: return Value::of_int(static_cast<int64_t>(e.args.empty() ? values.size() : vals.size()));
    case Builtin::CountDistinct:
    case Builtin::ApproxCountDistinct: {
      std::sort(vals.begin(), vals.end(), [](const Value& a, const Value& b) { return compare_values(a, b) < 0; });
      int64_t n = 0;
      for (size_t i = 0; i < vals.size(); ++i) n += i == 0 || compare_values(vals[i - 1], vals[i]) != 0;
      return Value::of_int(n);
    }
    default: break;
  }
  if (vals.empty()) return Value::null(e.type);
  switch (e.builtin) {
    case Builtin::Sum:
    case Builtin::Avg: {
      bool ints = e.builtin == Builtin::Sum && e.type == ValueType::Int;
      int64_t si = 0;
      double s = 0, c = 0;
      for (const auto& v : vals) {
        if (ints) {
          if (__builtin_add_overflow(si, v.i, &si)) return Value::null(ValueType::Int);
          continue;
        }
        double x = as_double(v), t = s + x;
        c += std::fabs(s) >= std::fabs(x) ? (s - t) + x : (x - t) + s;
        s = t;
      }
      if (ints) return Value::of_int(si);
      if (e.builtin == Builtin::Avg) return Value::of_float((s + c) / static_cast<double>(vals.size()));
      return Value::of_float(s + c);
    }
    case Builtin::Min:
    case Builtin::Max: {
      Value best = vals[0];
      for (const auto& v : vals) {
        int c = compare_values(v, best);
        if (e.builtin == Builtin::Min ? c < 0 : c > 0) best = v;
      }
      return convert_value(best, e.type);
    }
    case Builtin::Median:
    case Builtin::Quantile: {
      std::vector<double> d;
      for (const auto& v : vals) d.push_back(as_double(v));
      double q = 0.5;
      if (e.builtin == Builtin::Quantile && e.args.size() > 1) q = as_double(e.args[1]->value);
      return Value::of_float(quantile_cont(d, q));
    }
    case Builtin::Pct: {
      int64_t t = 0;
      for (const auto& v : vals) t += v.i != 0;
      return Value::of_float(100.0 * static_cast<double>(t) / static_cast<double>(vals.size()));
    }
    default: return Value::null(e.type);
  }
}

const std::map<Key, Value, KeyLess>& MetricEvaluator::per_values(const Expr& e) {
  auto it = per_cache_.find(&e);
  if (it != per_cache_.end()) return it->second;
  const plan::PerRef& ref = plan_.pers.at(&e);
  std::map<Key, bool, KeyLess> inner_keys;
  for (int pass : ref.passes)
    for (const auto& [key, block] : groups(pass).groups)
      inner_keys[Key(key.begin(), key.begin() + std::min<size_t>(key.size(), ref.inner_dims))] = true;
  std::map<Key, std::vector<Value>, KeyLess> inner;
  for (const auto& [key, unused] : inner_keys) {
    Key outer(key.begin(), key.begin() + std::min<size_t>(key.size(), ref.outer_dims));
    inner[outer].push_back(eval(*e.args[0], current_metric_, key));
  }
  auto& out = per_cache_[&e];
  for (const auto& [outer, vals] : inner) out[outer] = reduce(e, vals);
  return out;
}

Key MetricEvaluator::project(int from, const Key& key, int to) const {
  const auto& fd = p_.metrics[from].dims;
  const auto& td = p_.metrics[to].dims;
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
  Value v = convert_value(eval(*p_.metrics[m].expr, m, key), p_.metrics[m].type);
  current_metric_ = saved;
  return v;
}

Value MetricEvaluator::eval_period(const Expr& e, int m, const Key& key) {
  int t = e.time_dim;
  const auto& dims = p_.metrics[m].dims;
  if (t < 0 || t >= static_cast<int>(key.size()) || key[t].is_null) return Value::null(e.type);
  auto kind = static_cast<BucketKind>(static_cast<int>(dims[t].bucket) - static_cast<int>(Builtin::Day));
  if (!dims[t].time_bucket) kind = kBucketDay;
  const MetricRows& mr = metrics_[m];
  auto prev_of = [&](const Key& k) -> Value {
    Key pk = k;
    pk[t] = Value::of_date(static_cast<int32_t>(prev_bucket(k[t].i, kind)));
    if (!mr.rows.count(pk)) return Value::null(e.args[0]->type);
    return eval(*e.args[0], m, pk);
  };
  bool ov = false;
  switch (e.builtin) {
    case Builtin::Prev: return prev_of(key);
    case Builtin::Growth: {
      Value x = eval(*e.args[0], m, key);
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
        Value x = eval(*e.args[0], m, k);
        if (x.is_null) continue;
        acc = acc.is_null ? convert_value(x, e.type) : binary_op(ast::Op::Add, acc, x, e.type, ov);
      }
      if (ov) overflow_ = true;
      return acc;
    }
    default: return Value::null(e.type);
  }
}

Value MetricEvaluator::eval(const Expr& e, int m, const Key& key) {
  bool ov = false;
  Value out;
  switch (e.kind) {
    case ExprKind::Literal: return e.value;
    case ExprKind::MetricRef: return metric_value(e.metric, project(m, key, e.metric));
    case ExprKind::Aggregate: {
      if (!e.per.empty()) {
        const auto& vals = per_values(e);
        size_t n = static_cast<size_t>(plan_.pers.at(&e).outer_dims);
        Key outer(key.begin(), key.begin() + std::min(key.size(), n));
        auto it = vals.find(outer);
        return it == vals.end() ? empty_aggregate(e) : it->second;
      }
      auto it = plan_.aggs.find(&e);
      if (it != plan_.aggs.end()) return agg_value(it->second, key);
      if (e.builtin == Builtin::Ratio && e.args.size() == 2) {
        Value a = eval(*e.args[0], m, key), b = eval(*e.args[1], m, key);
        if (a.is_null || b.is_null || as_double(b) == 0) return Value::null(ValueType::Float);
        return Value::of_float(as_double(a) / as_double(b));
      }
      auto pit = plan_.params.find(&e);
      if (pit != plan_.params.end()) return agg_value(pit->second, {});
      return Value::null(e.type);
    }
    case ExprKind::Unary: out = unary_op(e.op, eval(*e.args[0], m, key), ov); break;
    case ExprKind::Binary:
      out = binary_op(e.op, eval(*e.args[0], m, key), eval(*e.args[1], m, key), e.type, ov);
      break;
    case ExprKind::If: {
      Value c = eval(*e.args[0], m, key);
      out = convert_value(eval(*e.args[!c.is_null && c.i ? 1 : 2], m, key), e.type);
      break;
    }
    case ExprKind::In: {
      Value x = eval(*e.args[0], m, key);
      if (x.is_null) return Value::null(ValueType::Bool);
      bool any = false;
      for (const auto& v : e.values) any |= compare_values(x, v) == 0;
      return Value::of_bool(any != e.negated);
    }
    case ExprKind::IsNull: return Value::of_bool(eval(*e.args[0], m, key).is_null != e.negated);
    case ExprKind::Call: {
      std::vector<Value> args;
      for (const auto& a : e.args) args.push_back(eval(*a, m, key));
      out = call_builtin(e.builtin, args, e.type, ov);
      break;
    }
    case ExprKind::Period: return eval_period(e, m, key);
    default: return Value::null(e.type);
  }
  if (ov) overflow_ = true;
  return out;
}

void MetricEvaluator::collect_keys(const Expr& e, int m, std::map<Key, bool, KeyLess>& keys) {
  const auto& dims = p_.metrics[m].dims;
  if (e.kind == ExprKind::Aggregate) {
    if (!e.per.empty()) {
      for (const auto& [k, v] : per_values(e)) keys[k] = true;
      return;
    }
    auto it = plan_.aggs.find(&e);
    if (it != plan_.aggs.end()) {
      if (!plan_.passes[it->second.pass].keys.empty())
        for (const auto& [k, b] : groups(it->second.pass).groups) keys[k] = true;
      return;
    }
  }
  if (e.kind == ExprKind::MetricRef) {
    const auto& dd = p_.metrics[e.metric].dims;
    if (!dd.empty() && dd.size() == dims.size()) {
      for (const auto& [k, v] : metrics_[e.metric].rows) keys[project(e.metric, k, m)] = true;
    }
    return;
  }
  for (const auto& a : e.args) collect_keys(*a, m, keys);
}

bool MetricEvaluator::run(std::string& error) {
  for (int m : plan_.metric_order) {
    const sema::Metric& metric = p_.metrics[m];
    current_metric_ = m;
    std::map<Key, bool, KeyLess> keys;
    if (metric.dims.empty()) keys[Key{}] = true;
    else collect_keys(*metric.expr, m, keys);
    MetricRows& mr = metrics_[m];
    // Keys first (period functions look up neighbouring buckets among them), values second.
    for (const auto& [k, unused] : keys) mr.rows[k] = Value::null(metric.type);
    for (auto& [k, v] : mr.rows) v = convert_value(eval(*metric.expr, m, k), metric.type);
    mr.done = true;
    if (overflow_) {
      error = "integer overflow while computing metric `" + metric.name + "`";
      return false;
    }
  }
  return true;
}

MetricResult MetricEvaluator::result(int m) const {
  const sema::Metric& metric = p_.metrics[m];
  MetricResult r;
  r.name = metric.name;
  r.type = metric.type;
  for (const auto& d : metric.dims) {
    r.dim_names.push_back(d.name);
    r.dim_types.push_back(d.type);
  }
  for (const auto& [k, v] : metrics_[m].rows) r.rows.push_back({k, v});
  return r;
}

}  // namespace kpic::exec
