// Unit tests of DistinctSet's dense mode (bitmap): conversion, growth, the way back to runs, merges of
// every combination, zero and negative values; counts checked against std::unordered_set.
#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <unordered_set>
#include <vector>

#include "runtime/exec/agg_objects.h"

using kpic::exec::DistinctSet;

namespace {

// A DistinctSet and the std::unordered_set it must agree with.
struct Checked {
  DistinctSet set;
  std::unordered_set<uint64_t> truth;
  void insert(int64_t v) {
    set.insert(static_cast<uint64_t>(v));
    truth.insert(static_cast<uint64_t>(v));
  }
  void insert_range(int64_t from, int64_t to, int64_t step = 1) {
    for (int64_t v = from; v <= to; v += step) insert(v);
  }
  void merge(Checked& o) {
    set.merge(o.set);
    truth.insert(o.truth.begin(), o.truth.end());
    o.truth.clear();
  }
  bool exact() { return set.count() == truth.size(); }
};

constexpr int64_t kMin = INT64_MIN;
constexpr int64_t kMax = INT64_MAX;

}  // namespace

TEST_CASE("dense set: ids in a small range become a bitmap, sparse ones stay runs") {
  Checked dense, sparse, few;
  dense.insert_range(1, 100000);
  CHECK(dense.set.dense());
  CHECK(dense.exact());
  sparse.insert_range(1, 100000 * 1000, 1000);  // range 1000 x the count
  CHECK_FALSE(sparse.set.dense());
  CHECK(sparse.exact());
  few.insert_range(1, 63);  // below kBitmapMin: never worth it
  CHECK_FALSE(few.set.dense());
  CHECK(few.exact());
  // A bitmap of two words (no insert buffer) that grows past 512 bits (then buffers).
  Checked tiny;
  tiny.insert_range(1, 100);
  CHECK(tiny.set.dense());
  CHECK(tiny.exact());
  for (int64_t v = 101; v < 5000; v += 2) tiny.insert(v);
  CHECK(tiny.set.dense());
  CHECK(tiny.exact());
  // Just inside the density rule: 64 values spread over less than 64 x 64.
  Checked edge;
  edge.insert_range(1, 64 * 63, 63);
  for (int i = 0; i < 200; ++i) edge.insert(7 + i % 2);  // repeats up to a compaction point
  CHECK(edge.set.dense());
  CHECK(edge.exact());
}

TEST_CASE("dense set: a bitmap grows up and down, and counts repeats once") {
  Checked s;
  s.insert_range(50000, 51000);
  REQUIRE(s.set.dense());
  s.insert_range(40000, 49999);  // below: grows down
  s.insert_range(51001, 90000);  // above: grows up
  for (int64_t v = 90000; v >= 40000; v -= 7) s.insert(v);  // repeats
  CHECK(s.set.dense());
  CHECK(s.exact());
  CHECK(s.set.count() == 50001);
  // Descending ids (a table in reverse order) grow it downwards, one value at a time.
  Checked d;
  for (int64_t v = 2000000; v > 0; --v) d.insert(v);
  CHECK(d.set.dense());
  CHECK(d.exact());
}

TEST_CASE("dense set: values too far out turn it back into runs, for good") {
  Checked s;
  s.insert_range(1, 5000);
  REQUIRE(s.set.dense());
  s.insert(int64_t{1} << 40);  // 2^40 away from 5000 values: not dense
  CHECK(s.exact());            // (count() sets the bits of buffered values first)
  CHECK_FALSE(s.set.dense());
  CHECK(s.set.hash_only());
  s.insert_range(5001, 400000);  // dense again, but the set stays runs (no back and forth)
  CHECK_FALSE(s.set.dense());
  CHECK(s.exact());
  // The far value in the middle of a batch of buffered values: those after it go to the runs.
  Checked mid;
  mid.insert_range(1, 5000);
  REQUIRE(mid.exact());
  REQUIRE(mid.set.dense());
  mid.insert_range(4900, 4950);
  mid.insert(-(int64_t{1} << 41));
  mid.insert_range(4940, 5100);
  CHECK(mid.exact());
  CHECK_FALSE(mid.set.dense());
  // A large bitmap goes back to split runs.
  Checked big;
  big.insert_range(1, 300000);
  REQUIRE(big.set.dense());
  big.insert(kMin / 2);
  CHECK(big.exact());
  CHECK_FALSE(big.set.dense());
  big.insert_range(300001, 310000);
  CHECK(big.exact());
}

TEST_CASE("dense set: zero and negative values") {
  Checked s;
  s.insert_range(-500, 500);  // 0 among them (kept apart from the bitmap)
  CHECK(s.set.dense());
  CHECK(s.exact());
  CHECK(s.set.count() == 1001);
  s.insert(0);
  s.insert(-501);
  CHECK(s.exact());

  Checked low, high, wrap;
  low.insert_range(kMin, kMin + 3000);
  CHECK(low.set.dense());
  CHECK(low.exact());
  high.insert_range(kMax - 3000, kMax - 1);
  high.insert(kMax);
  CHECK(high.set.dense());
  CHECK(high.exact());
  // kMax and kMin are neighbours as unsigned values: the bitmap grows across, counts stay exact.
  wrap.insert_range(kMax - 3000, kMax - 1);
  wrap.insert(kMax);
  REQUIRE(wrap.set.dense());
  wrap.insert_range(kMin, kMin + 100);
  CHECK(wrap.exact());
  // -1 and 1 are 2^64 - 2 apart as unsigned values, 2 apart as signed ones.
  Checked around;
  for (int64_t i = 1; i <= 2000; ++i) {
    around.insert(i);
    around.insert(-i);
  }
  CHECK(around.set.dense());
  CHECK(around.exact());
  CHECK(around.set.count() == 4000);
}

TEST_CASE("dense set: merges of every combination") {
  enum Kind { kEmpty, kZeroOnly, kSmall, kDense, kDenseFar, kHash, kHashOnly, kDenseNeg };
  auto make = [](Kind k, uint64_t seed) {
    Checked c;
    std::mt19937_64 rng(seed);
    switch (k) {
      case kEmpty: break;
      case kZeroOnly: c.insert(0); break;
      case kSmall: c.insert_range(3, 30, 3); break;
      case kDense:
        for (int i = 0; i < 60000; ++i) c.insert(static_cast<int64_t>(rng() % 200000));
        c.insert(0);
        break;
      case kDenseFar:
        for (int i = 0; i < 60000; ++i) c.insert(static_cast<int64_t>(rng() % 200000) + (int64_t{1} << 45));
        break;
      case kHash:
        for (int i = 0; i < 60000; ++i) c.insert(static_cast<int64_t>(rng() >> 1));
        break;
      case kHashOnly:
        c.insert_range(1, 1000);
        c.insert(int64_t{1} << 50);
        c.insert_range(100000, 140000);
        break;
      case kDenseNeg:
        for (int i = 0; i < 60000; ++i) c.insert(static_cast<int64_t>(rng() % 150000) - 100000);
        break;
    }
    return c;
  };
  const Kind kinds[] = {kEmpty, kZeroOnly, kSmall, kDense, kDenseFar, kHash, kHashOnly, kDenseNeg};
  for (Kind a : kinds)
    for (Kind b : kinds) {
      CAPTURE(static_cast<int>(a));
      CAPTURE(static_cast<int>(b));
      Checked x = make(a, 1), y = make(b, 2);
      CHECK(x.set.dense() == (a == kDense || a == kDenseFar || a == kDenseNeg));
      x.merge(y);
      CHECK(y.set.count() == 0);  // merge empties its argument
      CHECK(x.exact());
      x.insert_range(199990, 200010);  // inserts after a merge
      CHECK(x.exact());
      if (a == kDense && (b == kDense || b == kEmpty || b == kSmall)) CHECK(x.set.dense());
      if (a == kDense && b == kDenseFar) CHECK_FALSE(x.set.dense());  // 2^45 apart
    }
}

TEST_CASE("dense set: two bitmaps side by side merge into one (scan threads over halves of the ids)") {
  Checked lo, hi;
  lo.insert_range(1, 3000000, 3);
  hi.insert_range(3000001, 6000000, 3);
  REQUIRE(lo.set.dense());
  REQUIRE(hi.set.dense());
  hi.merge(lo);  // the lower one merged into the upper one: the union grows down
  CHECK(hi.set.dense());
  CHECK(hi.exact());
}

TEST_CASE("dense set: random operations agree with std::unordered_set") {
  std::mt19937_64 rng(20261124);
  for (int round = 0; round < 25; ++round) {
    CAPTURE(round);
    // Each set draws from its own range: some dense, some sparse, some around zero.
    const uint64_t width = uint64_t{1} << (6 + rng() % 30);
    const uint64_t offset = static_cast<uint64_t>(static_cast<int64_t>(rng()) >> (rng() % 64));
    std::vector<Checked> sets(4);
    for (int step = 0; step < 12; ++step) {
      Checked& s = sets[rng() % sets.size()];
      const int n = static_cast<int>(rng() % 10000);
      for (int i = 0; i < n; ++i) {
        auto v = static_cast<int64_t>(offset + rng() % width);  // wraps around 2^64 at the ends
        if (rng() % 1000 == 0) v = static_cast<int64_t>(rng());  // rare outliers
        if (rng() % 500 == 0) v = 0;
        s.insert(v);
      }
      if (rng() % 3 == 0) {
        Checked& o = sets[rng() % sets.size()];
        if (&o != &s) s.merge(o);
      }
      CHECK(s.exact());
    }
    std::vector<DistinctSet*> all;
    for (auto& s : sets) all.push_back(&s.set);
    DistinctSet::settle_all(all, 2);
    for (auto& s : sets) CHECK_FALSE(s.set.pending());
    for (auto& s : sets) CHECK(s.exact());
  }
}

TEST_CASE("dense set: many small per-key sets over a large id range stay runs") {
  // Per-customer sets: a few hundred ids each, spread over 0..2^30: no set may become a bitmap.
  std::mt19937_64 rng(7);
  for (int c = 0; c < 200; ++c) {
    Checked s;
    const int n = 64 + static_cast<int>(rng() % 400);
    for (int i = 0; i < n; ++i) s.insert(static_cast<int64_t>(rng() % (uint64_t{1} << 30)));
    CHECK_FALSE(s.set.dense());
    CHECK(s.exact());
  }
}
