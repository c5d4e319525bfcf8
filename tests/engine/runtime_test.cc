// Unit tests of the runtime pieces: group table, distinct sets, HyperLogLog, quantiles.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>
#include <vector>

#include "runtime/exec/agg_objects.h"
#include "runtime/exec/group_table.h"

using namespace kpic::exec;

TEST_CASE("group table: many groups, null keys distinct from zero") {
  GroupTable t(2, 8);
  for (int64_t i = 0; i < 100000; ++i) {
    int64_t k[2] = {i % 50000, i % 3};
    char* s = t.find_or_insert(k, 0);
    ++*reinterpret_cast<int64_t*>(s);
  }
  CHECK(t.size() == 100000);  // 50000 and 3 are coprime: every i < 150000 has its own (i % 50000, i % 3)

  int64_t k0[2] = {0, 0};
  CHECK(t.find_or_insert(k0, 0) != t.find_or_insert(k0, 1));
  int64_t total = 0;
  for (size_t g = 0; g < t.size(); ++g) total += *reinterpret_cast<int64_t*>(t.state(g));
  CHECK(total == 100000);
}

TEST_CASE("group table: runs of one group, groups revisited, null masks, staging past kStageAfter") {
  // Rows in time order: each group's rows arrive together (the last-group check), with old groups
  // revisited and keys that differ only in their null mask. Counts per group checked against a map.
  GroupTable t(2, 8);
  t.enable_staging(
      [](void*, char* dst, const char* src) {
        *reinterpret_cast<int64_t*>(dst) += *reinterpret_cast<const int64_t*>(src);
      },
      nullptr);
  std::map<std::tuple<int64_t, int64_t, uint64_t>, int64_t> want;
  auto add = [&](int64_t a, int64_t b, uint64_t mask) {
    int64_t k[2] = {a, b};
    ++*reinterpret_cast<int64_t*>(t.find_or_insert(k, mask));
    ++want[{a, b, mask}];
  };
  const int64_t groups = 3 * static_cast<int64_t>(GroupTable::kStageAfter) / 2;
  for (int64_t g = 0; g < groups; ++g) {
    for (int r = 0; r < 1 + g % 5; ++r) add(g / 4, g % 4, 0);
    add(g / 4, g % 4, 2);                     // same keys, second one null: another group
    if (g % 3 == 0) add(g / 8, g % 4, 0);     // an older group again
    if (g % 7 == 0) add(g / 4, g % 4, 2);     // back to the null-mask group
  }
  t.flush();
  REQUIRE(t.size() == want.size());
  size_t right = 0;
  for (size_t g = 0; g < t.size(); ++g) {
    auto it = want.find({t.keys(g)[0], t.keys(g)[1], t.nullmask(g)});
    right += it != want.end() && it->second == *reinterpret_cast<int64_t*>(t.state(g));
  }
  CHECK(right == want.size());
}

TEST_CASE("group table: a few groups in random order, then in runs (the last-group check off and on)") {
  GroupTable t(1, 8);
  int64_t want[5] = {};
  uint64_t x = 42;
  for (int i = 0; i < 400000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    const int64_t k = i < 200000 ? static_cast<int64_t>((x >> 33) % 5) : (i / 1000) % 5;
    ++*reinterpret_cast<int64_t*>(t.find_or_insert(&k, 0));
    ++want[k];
  }
  REQUIRE(t.size() == 5);
  for (size_t g = 0; g < t.size(); ++g) CHECK(*reinterpret_cast<int64_t*>(t.state(g)) == want[t.keys(g)[0]]);
}

TEST_CASE("distinct set is exact, including zero") {
  DistinctSet s, o;
  for (uint64_t i = 0; i < 10000; ++i) s.insert(i % 777);
  CHECK(s.count() == 777);
  for (uint64_t i = 500; i < 1000; ++i) o.insert(i);
  s.merge(o);
  CHECK(s.count() == 1000);
  CHECK(o.count() == 0);  // merge empties its argument
}

namespace {
// Values with a controlled share of repeats: `range` distinct candidates, drawn by a fixed LCG.
std::vector<uint64_t> draw(size_t n, uint64_t range, uint64_t seed) {
  std::vector<uint64_t> v(n);
  uint64_t x = seed;
  for (auto& e : v) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    e = (x >> 11) % range;
  }
  return v;
}
// The same values scattered over the 64-bit range (a bijection): such sets never become bitmaps.
std::vector<uint64_t> scattered(std::vector<uint64_t> v) {
  for (auto& e : v) e *= 0x9e3779b97f4a7c15ULL;
  return v;
}
size_t distinct_of(std::vector<uint64_t> v) {
  std::sort(v.begin(), v.end());
  return static_cast<size_t>(std::unique(v.begin(), v.end()) - v.begin());
}
}  // namespace

TEST_CASE("distinct set: small, split and merged sets count exactly") {
  // Sizes on both sides of the split threshold; few and many repeats; zero among the values.
  const size_t split = DistinctSet::kSmallMax;
  for (size_t n : {size_t{1}, size_t{100}, split - 1, split + 1, 3 * split, 40 * split}) {
    for (uint64_t range : {uint64_t{n / 2 + 1}, uint64_t{50} * n + 7, uint64_t{1000} * n + 7}) {
      CAPTURE(n);
      CAPTURE(range);
      auto a = draw(n, range, 1), b = draw(n / 3 + 1, range, 2);
      DistinctSet s, t;
      for (uint64_t v : a) s.insert(v);
      CHECK(s.count() == distinct_of(a));
      for (uint64_t v : b) t.insert(v);
      s.merge(t);
      std::vector<uint64_t> ab = a;
      ab.insert(ab.end(), b.begin(), b.end());
      CHECK(s.count() == distinct_of(ab));
      for (uint64_t v : b) s.insert(v + 1);  // more inserts after counting
      for (uint64_t v : b) ab.push_back(v + 1);
      CHECK(s.count() == distinct_of(ab));
    }
  }
}

TEST_CASE("distinct set: sorted runs, repeats of the previous value, and zero") {
  DistinctSet s;
  for (uint64_t i = 0; i < 200000; ++i) s.insert(i / 3);  // each value three times in a row
  CHECK(s.count() == 66667);
  DistinctSet z;
  z.insert(0);
  CHECK(z.count() == 1);
  z.insert(5);
  z.insert(0);
  CHECK(z.count() == 2);
  DistinctSet e;
  CHECK(e.count() == 0);
  e.merge(z);
  CHECK(e.count() == 2);
}

TEST_CASE("distinct set: merging thread sets in parallel gives the same count") {
  const size_t n = 30 * DistinctSet::kSmallMax;
  // Scattered values: the runs of hash sets are merged here (dense sets are tested below).
  auto a = scattered(draw(n, 2 * n, 7)), b = scattered(draw(n, 2 * n, 8)), c = scattered(draw(n / 100, 2 * n, 9));
  std::vector<uint64_t> all = a;
  all.insert(all.end(), b.begin(), b.end());
  all.insert(all.end(), c.begin(), c.end());
  DistinctSet x, y, z, small;
  for (uint64_t v : a) x.insert(v);
  for (uint64_t v : b) y.insert(v);
  for (uint64_t v : c) small.insert(v);
  x.merge(y);      // split + split: runs appended
  z.merge(small);  // empty + small
  x.merge(z);      // split + small
  CHECK(x.pending());
  DistinctSet::settle_all({&x}, 2);
  CHECK_FALSE(x.pending());
  CHECK(x.count() == distinct_of(all));
  // Repeated merges (a staged group table merges the same group many times) stay exact.
  DistinctSet acc;
  for (int r = 0; r < 20; ++r) {
    DistinctSet part;
    for (size_t i = r; i < a.size(); i += 20) part.insert(a[i]);
    acc.merge(part);
  }
  CHECK(acc.count() == distinct_of(a));
  // Sets split into different numbers of runs merge either way round.
  for (bool big_first : {true, false}) {
    DistinctSet big, mid;
    for (uint64_t v : a) big.insert(v);
    for (size_t i = 0; i < 3 * DistinctSet::kSmallMax; ++i) mid.insert(b[i]);
    std::vector<uint64_t> both = a;
    both.insert(both.end(), b.begin(), b.begin() + 3 * DistinctSet::kSmallMax);
    if (big_first) {
      big.merge(mid);
      CHECK(big.count() == distinct_of(both));
    } else {
      mid.merge(big);
      CHECK(mid.count() == distinct_of(both));
    }
  }
}

TEST_CASE("hyperloglog error stays within 3 standard errors") {
  for (uint64_t n : {10ULL, 1000ULL, 100000ULL, 1000000ULL}) {
    Hll h;
    for (uint64_t i = 0; i < n; ++i) h.insert(i * 7919 + 13);
    double rel = std::fabs(static_cast<double>(h.estimate()) - static_cast<double>(n)) / static_cast<double>(n);
    CHECK(rel < 0.0243);
  }
}

TEST_CASE("quantile_cont interpolates like SQL") {
  kpic::exec::ValueList v = {4, 1, 3, 2};
  CHECK(quantile_cont(v, 0.5) == 2.5);
  kpic::exec::ValueList w = {1, 5.5, 10, 20, 100};
  CHECK(quantile_cont(w, 0.9) == doctest::Approx(68.0));
  kpic::exec::ValueList one = {7};
  CHECK(quantile_cont(one, 0.3) == 7);
}
