// Unit tests of group tables partitioned by hash between scan threads (group_table.h): every group ends
// in exactly one thread's table, counts add up, and a scan gives the same answers whether its passes
// partition (a threshold forced low) or merge the threads' tables.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>

#include "runtime/exec/group_table.h"
#include "runtime/exec/pass_state.h"
#include "runtime/exec/scanner.h"
#include "tests/engine/rows_reader.h"
#include "tests/engine/group_counts.h"

using namespace kpic;
using namespace kpic::exec;

namespace {

using kpic::test::add_counts;
using kpic::test::count_of;

// `parts` tables sharing an exchange that partitions after `after` groups.
struct Tables {
  std::shared_ptr<GroupExchange> ex;
  std::vector<std::unique_ptr<GroupTable>> t;
  Tables(int parts, size_t after) : ex(std::make_shared<GroupExchange>(parts, after)) {
    for (int p = 0; p < parts; ++p) {
      t.push_back(std::make_unique<GroupTable>(1, 8));
      t.back()->enable_staging(&add_counts, nullptr);
      t.back()->join(ex, p);
    }
  }
  void add(int p, int64_t key) { ++*reinterpret_cast<int64_t*>(t[static_cast<size_t>(p)]->find_or_insert(&key, 0)); }
  void finish() {
    for (auto& x : t) x->finish_send();
    for (auto& x : t) x->finish_receive();
  }
  // How many tables hold the group (each looked up alone, before attach_parts).
  int holders(int64_t key) {
    int n = 0;
    for (auto& x : t) n += x->find(&key, 0) != nullptr;
    return n;
  }
  // The rows counted by all groups of table t (or the view).
  static int64_t total(GroupTable& t) {
    int64_t n = 0;
    for (size_t g = 0; g < t.size(); ++g) n += count_of(t.state(g));
    return n;
  }
  // The count of the group in table t (or the view), -1 when the group is missing.
  static int64_t count_at(GroupTable& t, int64_t key) {
    char* st = t.find(&key, 0);
    return st ? count_of(st) : -1;
  }
  GroupTable& view() {
    std::vector<GroupTable*> parts;
    for (auto& x : t) parts.push_back(x.get());
    t[0]->attach_parts(parts);
    return *t[0];
  }
};

}  // namespace

TEST_CASE("partitioned group tables: two threads, every group in one table, counts exact") {
  // Keys 0..n-1. Thread 0 adds key (j * 7919) % n (j % 3) + 1 times, thread 1 adds every key twice:
  // that key counts (j % 3) + 3, and the total is n * 3 + (n / 3) * (0 + 1 + 2) (n a multiple of 3).
  const int64_t n = 30000;
  Tables s(2, 64);
  std::thread a([&] {
    for (int64_t round = 0; round < 3; ++round)
      for (int64_t k = 0; k < n; ++k)
        if (round <= k % 3) s.add(0, (k * 7919) % n);
  });
  std::thread b([&] {
    for (int64_t round = 0; round < 2; ++round)
      for (int64_t k = n - 1; k >= 0; --k) s.add(1, k);
  });
  a.join();
  b.join();
  s.finish();
  CHECK(s.t[0]->partitioned());
  CHECK(s.t[1]->partitioned());
  CHECK(s.t[0]->size() + s.t[1]->size() == static_cast<size_t>(n));
  CHECK(s.t[0]->size() > 0);
  CHECK(s.t[1]->size() > 0);
  bool each_once = true;
  for (int64_t k = 0; k < n; ++k) each_once &= s.holders(k) == 1;
  CHECK(each_once);
  GroupTable& v = s.view();
  REQUIRE(v.size() == static_cast<size_t>(n));
  CHECK(Tables::total(v) == n * 3 + (n / 3) * 3);
  // Thread 0's j-th key (j * 7919) % n (a permutation: 7919 is a prime not dividing n) gets
  // (j % 3) + 1 rows, thread 1's two: expected counts, then a few by hand.
  std::vector<int64_t> want(n, 2);
  for (int64_t j = 0; j < n; ++j) want[(j * 7919) % n] += j % 3 + 1;
  bool exact = true;
  for (int64_t k = 0; k < n; ++k) {
    char* st = v.find(&k, 0);
    exact &= st != nullptr && count_of(st) == want[k];
  }
  CHECK(exact);
  // j = 1: key 7919, 2 + 2; j = 2: key 15838, 3 + 2; j = 3: key 23757, 1 + 2; j = 4: 31676 % 30000 =
  // 1676, 2 + 2; j = 0: key 0, 1 + 2.
  for (auto [key, c] : std::vector<std::pair<int64_t, int64_t>>{{7919, 4}, {15838, 5}, {23757, 3}, {1676, 4}, {0, 3}})
    CHECK(Tables::count_at(v, key) == c);
  int64_t missing = n, zero = 0;
  CHECK(v.find(&missing, 0) == nullptr);
  CHECK(v.find(&zero, 1) == nullptr);  // key 0 null is another group, never added
}

TEST_CASE("partitioned group tables: a thread below the threshold hands its groups over at the end") {
  // Table 0 sees keys 0..999 (past the threshold 100: it partitions during the scan); table 1 sees
  // keys 0, 1, 2 and 5000 once each and never reaches it, so it partitions in finish_send. Three
  // tables (owners by hash over three parts); the third sees no rows.
  Tables s(3, 100);
  for (int64_t k = 0; k < 1000; ++k) s.add(0, k);
  for (int64_t k : {0, 1, 2, 5000}) s.add(1, k);
  CHECK(s.t[0]->partitioned());
  CHECK_FALSE(s.t[1]->partitioned());
  s.finish();
  CHECK(s.t[1]->partitioned());
  CHECK(s.t[2]->partitioned());  // it held nothing, and receives its own groups
  bool each_once = true;
  for (int64_t k = 0; k < 1000; ++k) each_once &= s.holders(k) == 1;
  CHECK(each_once);
  CHECK(s.holders(5000) == 1);
  GroupTable& v = s.view();
  CHECK(v.size() == 1001);
  CHECK(Tables::total(v) == 1004);
  for (int64_t k : {0, 1, 2}) CHECK(Tables::count_at(v, k) == 2);
  for (int64_t k : {3, 999, 5000}) CHECK(Tables::count_at(v, k) == 1);
}

TEST_CASE("partitioned group tables: a table with few groups follows once the pass partitioned") {
  // Table 0 partitions at its 101st key (of 0..999). Table 1 sees keys i % 50 for i < 5000 (never 100
  // groups), each row another group than the last, so its slow path runs 5000 times: at the 4096th
  // call it sees that the pass partitioned and partitions too, during the scan. Keys 0..49 count
  // 5000 / 50 = 100 rows of table 1 plus 1 of table 0; keys 50..999 count 1; 6000 rows in all.
  Tables s(2, 100);
  for (int64_t k = 0; k < 1000; ++k) s.add(0, k);
  for (int64_t i = 0; i < 5000; ++i) s.add(1, i % 50);
  CHECK(s.t[1]->partitioned());
  s.finish();
  GroupTable& v = s.view();
  CHECK(v.size() == 1000);
  CHECK(Tables::total(v) == 6000);
  for (int64_t k : {0, 7, 49}) CHECK(Tables::count_at(v, k) == 101);
  for (int64_t k : {50, 500, 999}) CHECK(Tables::count_at(v, k) == 1);
}

TEST_CASE("partitioned group tables: below the threshold nothing partitions") {
  Tables s(2, 1000);
  for (int64_t k = 0; k < 500; ++k) s.add(0, k);
  for (int64_t k = 250; k < 750; ++k) s.add(1, k);
  s.finish();
  CHECK_FALSE(s.ex->partitioned.load());
  CHECK(s.t[0]->size() == 500);  // each table keeps all it saw, for merge_from as before
  CHECK(s.t[1]->size() == 500);
  CHECK(s.holders(300) == 2);
}

namespace {

// kChunks chunks of kGroups rows of one Int column: chunk c holds i = c * kGroups + (r * 7) % kGroups.
constexpr int kChunks = 16;
constexpr int64_t kGroups = 1000;

struct RowsReader : kpic::test::RowsReader {
  RowsReader() : kpic::test::RowsReader(kChunks, kGroups) {}
};

// By key i % kGroups: count(*), sum(i), max(i), count_distinct((i / kGroups) % 4), median(i).
void group_kernel(KernelCtx* ctx, const KernelColumn* cols, int64_t n) {
  auto* st = static_cast<PassState*>(ctx->runtime);
  const auto* v = static_cast<const int64_t*>(static_cast<const void*>(cols[0].values));
  for (int64_t r = 0; r < n; ++r) {
    int64_t i = v[r], key = i % kGroups;
    char* b = st->group(&key, 0);
    auto c = load_state<CountState>(b);
    ++c.n;
    store_state(b, c);
    auto s = load_state<SumIntState>(b + 8);
    s.sum += i;
    ++s.n;
    store_state(b + 8, s);
    auto m = load_state<MinMaxState>(b + 24);
    if (!m.has || i > m.value) m = {i, 1};
    store_state(b + 24, m);
    st->distinct(b + 40).insert(static_cast<uint64_t>((i / kGroups) % 4));
    st->values(b + 48).push_back(static_cast<double>(i));
  }
}

PassLayout group_layout() {
  PassLayout l;
  l.keys = 1;
  l.key_types = {ValueType::Int};
  l.state_bytes = 56;
  AggLayout count{StateKind::CountStar};
  AggLayout sum{StateKind::SumInt, ValueType::Int};
  sum.offset = 8;
  AggLayout max{StateKind::MinMax, ValueType::Int, true};
  max.offset = 24;
  AggLayout distinct{StateKind::Distinct, ValueType::Int};
  distinct.offset = 40;
  AggLayout median{StateKind::Values, ValueType::Int};
  median.offset = 48;
  l.aggs = {count, sum, max, distinct, median};
  return l;
}

}  // namespace

TEST_CASE("partitioned group tables: a scan's answers do not depend on partitioning") {
  // Group g holds i = g + kGroups * c for c = 0..15: count 16, sum 16 g + 1000 * (0 + ... + 15) =
  // 16 g + 120000, max g + 15000, distinct c % 4 -> 4, median (g + 7000 + g + 8000) / 2 = g + 7500.
  struct Case {
    int threads;
    size_t after;
    bool partitions;
  };
  for (Case c : {Case{2, 0, true}, Case{2, 300, true}, Case{3, 1, true}, Case{2, 5000, false}, Case{1, 0, false}}) {
    CAPTURE(c.threads);
    CAPTURE(c.after);
    RowsReader reader;
    ScanPlan plan;
    plan.sources.push_back({"rows", reader.schema(), {0}, 1});
    ScanPass pass;
    pass.source = 0;
    pass.layout = group_layout();
    plan.passes.push_back(pass);
    StringPool pool{{}};
    ScanContext sc;
    sc.plan = &plan;
    sc.readers = {&reader};
    sc.kernels = {group_kernel};
    sc.pool = &pool;
    sc.threads = c.threads;
    sc.partition_after = c.after;
    std::vector<std::unique_ptr<PassState>> states(1);
    ScanError err;
    REQUIRE(run_stage(sc, 1, states, err));
    PassState& st = *states[0];
    CHECK(st.own_groups().partitioned() == c.partitions);
    GroupTable& t = st.groups();
    REQUIRE(t.size() == static_cast<size_t>(kGroups));
    const auto& aggs = st.layout().aggs;
    bool exact = true;
    for (int64_t g = 0; g < kGroups; ++g) {
      char* b = t.find(&g, 0);
      if (!b) {
        exact = false;
        continue;
      }
      exact &= finalize(aggs[0], b).i == 16;
      exact &= finalize(aggs[1], b).i == 16 * g + 120000;
      exact &= finalize(aggs[2], b).i == g + 15000;
      exact &= finalize(aggs[3], b).i == 4;
      exact &= finalize(aggs[4], b).f == static_cast<double>(g + 7500);
    }
    CHECK(exact);
    int64_t rows = 0;
    for (size_t g = 0; g < t.size(); ++g) rows += finalize(aggs[0], t.state(g)).i;
    CHECK(rows == kChunks * kGroups);
  }
}
