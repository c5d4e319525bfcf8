// Unit tests of the memory budget (memory_budget.h, scanner.h): sizes as users write them, the bytes
// aggregate state holds going up and back down, and scans under a limit small enough to force parts
// giving the hand-computed answers of the unlimited scan (grouped passes split by group, an ungrouped
// distinct count split by value), or a clear error when no number of parts fits.
#include <doctest/doctest.h>

#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "runtime/exec/group_table.h"
#include "runtime/exec/memory_budget.h"
#include "runtime/exec/pass_state.h"
#include "runtime/exec/scanner.h"
#include "tests/engine/rows_reader.h"

using namespace kpic;
using namespace kpic::exec;

// The helpers compiled kernels call (kernel_helpers.cc): the test kernels call them as kernels do.
extern "C" {
char* kpic_rt_group(KernelCtx* ctx, const int64_t* keys, uint64_t nullmask);
void kpic_rt_distinct(KernelCtx* ctx, char* slot, int64_t value);
void kpic_rt_values(KernelCtx* ctx, char* slot, double value);
}

TEST_CASE("memory sizes as users write them") {
  CHECK(parse_memory_size("512MB") == size_t{512} << 20);
  CHECK(parse_memory_size("2GiB") == size_t{2} << 30);
  CHECK(parse_memory_size("64k") == size_t{64} << 10);
  CHECK(parse_memory_size("1000") == 1000);
  CHECK(parse_memory_size("1.5g") == size_t{3} << 29);
  CHECK(parse_memory_size("8 MiB") == size_t{8} << 20);
  for (const char* bad : {"", "0", "-1", "12XB", "MB", "1.2.3G", "0.1"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_memory_size(bad).has_value());
  }
  if (size_t machine = machine_memory()) {
    auto half = parse_memory_size("50%");
    REQUIRE(half.has_value());
    CHECK(*half == machine / 2);
    CHECK_FALSE(parse_memory_size("101%").has_value());
    CHECK(default_memory_limit() > 0);
    CHECK(default_memory_limit() < machine);
  }
  CHECK(format_bytes(12) == "12 B");
  CHECK(format_bytes(1536) == "1.5 KiB");
  CHECK(format_bytes(size_t{64} << 20) == "64 MiB");
}

TEST_CASE("aggregate state bytes are counted while held and returned when freed") {
  const size_t before = state_bytes_now();
  {
    DistinctSet set;
    std::mt19937_64 rng(7);
    for (int i = 0; i < 100000; ++i) set.insert(rng());  // spread values: runs, not a bitmap
    CHECK(set.count() == 100000);
    CHECK(state_bytes_now() >= before + 100000 * 8);
    DistinctSet dense;
    for (uint64_t i = 1; i <= 200000; ++i) dense.insert(i);  // ids in order: a bitmap
    CHECK(dense.count() == 200000);
    CHECK(dense.dense());
  }
  CHECK(state_bytes_now() == before);
  {
    GroupTable t(1, 8);
    for (int64_t k = 0; k < 50000; ++k) ++*reinterpret_cast<int64_t*>(t.find_or_insert(&k, 0));
    CHECK(state_bytes_now() >= before + 50000 * 24);
    ValueList v(1000, 1.0);
    Hll h;
    CHECK(state_bytes_now() >= before + 50000 * 24 + 8000 + (1 << Hll::kBits));
  }
  CHECK(state_bytes_now() == before);
}

namespace {

// kChunks chunks of kRows rows of one Int column: chunk c holds i = c * kRows + (r * 7) % kRows.
constexpr int kChunks = 16;
constexpr int64_t kRows = 1000;

struct RowsReader : kpic::test::RowsReader {
  RowsReader() : kpic::test::RowsReader(kChunks, kRows) {}
};

const int64_t* ints(const KernelColumn* cols) { return static_cast<const int64_t*>(static_cast<const void*>(cols[0].values)); }

// By key i % 1000: count(*), count_distinct(i / 1000 % 4), median(i).
void grouped_kernel(KernelCtx* ctx, const KernelColumn* cols, int64_t n) {
  const int64_t* v = ints(cols);
  for (int64_t r = 0; r < n; ++r) {
    int64_t i = v[r], key = i % 1000;
    char* b = kpic_rt_group(ctx, &key, 0);
    auto c = load_state<CountState>(b);
    ++c.n;
    store_state(b, c);
    kpic_rt_distinct(ctx, b + 8, (i / 1000) % 4);
    kpic_rt_values(ctx, b + 16, static_cast<double>(i));
  }
}

// Ungrouped: count(*), count_distinct(i).
void ungrouped_kernel(KernelCtx* ctx, const KernelColumn* cols, int64_t n) {
  const int64_t* v = ints(cols);
  for (int64_t r = 0; r < n; ++r) {
    auto c = load_state<CountState>(ctx->state);
    ++c.n;
    store_state(ctx->state, c);
    kpic_rt_distinct(ctx, ctx->state + 8, v[r]);
  }
}

ScanPass grouped_pass() {
  ScanPass p;
  p.id = 0;
  p.source = 0;
  p.layout.keys = 1;
  p.layout.key_types = {ValueType::Int};
  p.layout.state_bytes = 24;
  AggLayout count{StateKind::CountStar};
  AggLayout distinct{StateKind::Distinct, ValueType::Int};
  distinct.offset = 8;
  AggLayout median{StateKind::Values, ValueType::Int};
  median.offset = 16;
  p.layout.aggs = {count, distinct, median};
  p.splittable = p.reducible = true;
  return p;
}

ScanPass ungrouped_pass() {
  ScanPass p;
  p.id = 1;
  p.source = 0;
  p.layout.state_bytes = 16;
  AggLayout count{StateKind::CountStar};
  AggLayout distinct{StateKind::Distinct, ValueType::Int};
  distinct.offset = 8;
  p.layout.aggs = {count, distinct};
  p.reducible = p.value_split = true;
  return p;
}

struct Scan {
  RowsReader reader;
  ScanPlan plan;
  StringPool pool{{}};
  ScanContext sc;
  std::vector<std::unique_ptr<PassState>> states{2};
  ScanError err;
  Scan(int threads, size_t limit) {
    plan.sources.push_back({"rows", reader.schema(), {0}, 1});
    plan.passes = {grouped_pass(), ungrouped_pass()};
    sc.plan = &plan;
    sc.readers = {&reader};
    sc.kernels = {grouped_kernel, ungrouped_kernel};
    sc.pool = &pool;
    sc.threads = threads;
    sc.memory_limit = limit;
  }
};

}  // namespace

TEST_CASE("a scan under a memory limit gives the unlimited answers, in parts") {
  // Group g holds i = g + 1000 c for c = 0..15: count 16, distinct c % 4 -> 4, median g + 7500. Overall:
  // 16000 rows, 16000 distinct values.
  for (int threads : {1, 2}) {
    for (size_t limit : {size_t{0}, size_t{192} << 10, size_t{144} << 10}) {
      CAPTURE(threads);
      CAPTURE(limit);
      const size_t before = state_bytes_now();
      {
        Scan s(threads, limit);
        bool ok = run_stage(s.sc, 1, s.states, s.err);
        INFO(s.err.message);
        REQUIRE(ok);
        CHECK((s.sc.parts_used > 1) == (limit != 0));
        PassState& g = *s.states[0];
        const auto& aggs = g.layout().aggs;
        CHECK((aggs[1].kind == StateKind::Count) == (limit != 0));  // the sets became counts
        GroupTable& t = g.groups();
        REQUIRE(t.size() == 1000);
        bool exact = true;
        for (int64_t k = 0; k < 1000; ++k) {
          char* b = t.find(&k, 0);
          if (!b) {
            exact = false;
            continue;
          }
          exact &= finalize(aggs[0], b).i == 16;
          exact &= finalize(aggs[1], b).i == 4;
          exact &= finalize(aggs[2], b).f == static_cast<double>(k + 7500);
        }
        CHECK(exact);
        PassState& u = *s.states[1];
        CHECK(finalize(u.layout().aggs[0], u.ungrouped_state()).i == 16000);
        CHECK(finalize(u.layout().aggs[1], u.ungrouped_state()).i == 16000);
      }
      CHECK(state_bytes_now() == before);
    }
  }
}

TEST_CASE("a limit no number of parts can meet is an out-of-memory error naming the limit") {
  Scan s(1, 4096);
  CHECK_FALSE(run_stage(s.sc, 1, s.states, s.err));
  CHECK(s.err.code == kErrOutOfMemory);
  CHECK(s.err.message.find("--memory-limit 4.0 KiB") != std::string::npos);
  CHECK(s.err.message.find("raise the limit") != std::string::npos);
}
