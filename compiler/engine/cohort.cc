// cohort_retention in the post-aggregate evaluation. Its pass is grouped by (ENTITY, BUCKET) with two
// counts, rows where START holds and rows where ACTIVE holds (plan/planner.cc, add_cohort), so its state
// is one group per entity and bucket the entity has rows in: memory grows with entities × their buckets,
// never with rows, and the scan is the same fused pass over the source as every other metric's. Here the
// groups are walked twice: each entity's cohort (its earliest bucket with a START row) and the last bucket
// present, then each active (entity, bucket) counted in its cohort at its period; every cohort gets a row
// for each period from 0 to the last bucket, 0 where no one is active. With `by`, the pass's keys go on with
// the dimensions and a third state, min(TIME) where START, picks the group of each entity's starting row:
// its values lead the entity's rows (dimensions, cohort, period).
#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "compiler/engine/metric_eval.h"
#include "runtime/exec/time_bucket.h"

namespace kpic::engine {

namespace {

int64_t floor_div(int64_t a, int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

// The number of buckets from the bucket starting on day `from` to the one starting on day `to` (both
// bucket starts of kind `kind`, so the differences below divide exactly).
int64_t buckets_between(int64_t from, int64_t to, int64_t kind) {
  auto months = [](int64_t day) {
    exec::CivilDate c = exec::civil_from_days(day);
    return c.year * 12 + c.month - 1;
  };
  switch (kind) {
    case exec::kBucketDay: return to - from;
    case exec::kBucketWeek: return floor_div(to - from, 7);
    case exec::kBucketMonth: return months(to) - months(from);
    case exec::kBucketQuarter:
    case exec::kBucketFiscalQuarter: return floor_div(months(to) - months(from), 3);
    default: return floor_div(months(to) - months(from), 12);  // year, fiscal year
  }
}

}  // namespace

const std::map<Key, Value, KeyLess>& MetricEvaluator::cohort_matrix(const plan::Node& e) {
  const plan::Node& start = e.args.at(0);
  const plan::Node& active = e.args.at(1);
  auto id = std::make_tuple(start.pass, start.index, active.index);
  auto cached = cohort_cache_.find(id);
  if (cached != cohort_cache_.end()) return cached->second;
  auto& out = cohort_cache_[id];
  PassState* st = states_[start.pass].get();
  const plan::Pass& pass = plan_.passes[start.pass];
  if (!st || !st->grouped() || pass.keys.size() < 2 || pass.keys[1].kind != plan::NodeKind::Call) return out;
  int64_t code = plan_.calendar.bucket_code(plan::bucket_kind(pass.keys[1].builtin));
  int64_t kind = code & 0xff;
  const plan::AggState& starts = pass.aggs.at(start.index);
  const plan::AggState& actives = pass.aggs.at(active.index);
  auto holds = [](const plan::AggState& a, const char* block) {
    Value v = exec::finalize(a, block);
    return !v.is_null && v.i > 0;
  };
  exec::GroupTable& t = st->groups();
  // With `by` (a third argument, min(TIME) where START), the pass's keys after ENTITY and BUCKET are the
  // dimensions: an entity's are those of its group holding its earliest START row; at the same time, the
  // group whose values sort first (each dimension in turn, nulls last), as funnels decide.
  const bool split = e.args.size() > 2;
  const plan::AggState* firsts = split ? &pass.aggs.at(e.args[2].index) : nullptr;
  struct Start {
    int64_t cohort = 0;
    Key first;  // with `by`: {time of the START row, dimensions...}
  };
  // Entities by the bits of their key (a string's global id, a float's bits): each one's cohort bucket.
  std::unordered_map<int64_t, Start> cohort_of;
  bool any = false;
  int64_t last = 0;
  Key key;
  for (size_t g = 0; g < t.size(); ++g) {
    uint64_t nulls = t.nullmask(g);
    if (nulls & 2) continue;  // a row without a time is in no bucket
    int64_t bucket = t.keys(g)[1];
    last = any ? std::max(last, bucket) : bucket;
    any = true;
    if ((nulls & 1) || !holds(starts, t.state(g))) continue;  // rows without an entity count for no one
    if (!split) {
      auto [it, fresh] = cohort_of.try_emplace(t.keys(g)[0], Start{bucket, {}});
      if (!fresh) it->second.cohort = std::min(it->second.cohort, bucket);
      continue;
    }
    decode(pass, g, key);
    Key first{exec::finalize(*firsts, t.state(g))};
    first.insert(first.end(), key.begin() + 2, key.end());
    auto [it, fresh] = cohort_of.try_emplace(t.keys(g)[0], Start{bucket, first});
    if (!fresh && KeyLess{}(first, it->second.first)) it->second = Start{bucket, std::move(first)};
  }
  // The cohort's row prefix: its dimensions, then the cohort bucket.
  auto prefix = [](const Start& s) {
    Key k(s.first.empty() ? s.first.begin() : s.first.begin() + 1, s.first.end());
    k.push_back(Value::of_date(static_cast<int32_t>(s.cohort)));
    return k;
  };
  std::map<Key, int64_t, KeyLess> size;          // (dimensions..., cohort) -> entities
  std::map<Key, int64_t, KeyLess> active_count;  // (dimensions..., cohort, period) -> active entities
  for (const auto& [entity, first] : cohort_of) ++size[prefix(first)];
  // With `by`, an entity's rows of one bucket may be in several groups: it is active there once.
  std::unordered_map<int64_t, std::vector<int64_t>> counted;
  for (size_t g = 0; g < t.size(); ++g) {
    if (t.nullmask(g) & 3) continue;
    auto it = cohort_of.find(t.keys(g)[0]);
    int64_t bucket = t.keys(g)[1];
    // Activity before the entity's cohort belongs to no period.
    if (it == cohort_of.end() || bucket < it->second.cohort || !holds(actives, t.state(g))) continue;
    if (split) {
      auto& seen = counted[t.keys(g)[0]];
      if (std::find(seen.begin(), seen.end(), bucket) != seen.end()) continue;
      seen.push_back(bucket);
    }
    Key k = prefix(it->second);
    k.push_back(Value::of_int(buckets_between(it->second.cohort, bucket, kind)));
    ++active_count[k];
  }
  for (const auto& [cohort_key, n] : size) {
    int64_t cohort = cohort_key.back().i;
    int64_t periods = buckets_between(cohort, last, kind);
    Key k = cohort_key;
    k.push_back(Value::of_int(0));
    for (int64_t p = 0; p <= periods; ++p) {
      k.back() = Value::of_int(p);
      auto a = active_count.find(k);
      double share = a == active_count.end() ? 0.0 : 100.0 * static_cast<double>(a->second) / static_cast<double>(n);
      out[k] = Value::of_float(share);
    }
  }
  return out;
}

Value MetricEvaluator::cohort_value(const plan::Node& e, const Key& key) {
  const auto& rows = cohort_matrix(e);
  auto it = rows.find(key);
  return it == rows.end() ? Value::null(ValueType::Float) : it->second;
}

}  // namespace kpic::engine
