// Unit tests of the outer reduction of `per` and of group lookups without insertion.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>

#include "runtime/exec/group_table.h"
#include "tests/engine/group_counts.h"
#include "compiler/engine/per_reducer.h"

using namespace kpic;
using namespace kpic::exec;
using namespace kpic::engine;

namespace {
plan::PerAgg aggregate(plan::Builtin b, ValueType type, bool with_arg = true) {
  plan::PerAgg a;
  a.builtin = b;
  a.type = type;
  a.count_rows = !with_arg;
  return a;
}
}  // namespace

TEST_CASE("per reducer: SQL semantics over the inner values") {
  bool overflow = false;
  SUBCASE("count() counts inner groups, count(x) non-null values") {
    plan::PerAgg star = aggregate(plan::Builtin::Count, ValueType::Int, false);
    plan::PerAgg some = aggregate(plan::Builtin::Count, ValueType::Int);
    PerReducer a, b;
    for (Value v : {Value::of_int(1), Value::null(ValueType::Int), Value::of_int(3)}) {
      a.add(star, v);
      b.add(some, v);
    }
    CHECK(a.result(star, overflow).i == 3);
    CHECK(b.result(some, overflow).i == 2);
  }
  SUBCASE("pct of booleans, avg, min over ints, null when every value is null") {
    plan::PerAgg pct = aggregate(plan::Builtin::Pct, ValueType::Float);
    PerReducer p;
    for (bool t : {true, false, false, true}) p.add(pct, Value::of_bool(t));
    p.add(pct, Value::null(ValueType::Bool));
    CHECK(p.result(pct, overflow).f == doctest::Approx(50.0));

    plan::PerAgg avg = aggregate(plan::Builtin::Avg, ValueType::Float);
    PerReducer a;
    for (int64_t x : {1, 2, 4}) a.add(avg, Value::of_int(x));
    CHECK(a.result(avg, overflow).f == doctest::Approx(7.0 / 3));

    plan::PerAgg mn = aggregate(plan::Builtin::Min, ValueType::Int);
    PerReducer m;
    for (int64_t x : {5, -2, 9}) m.add(mn, Value::of_int(x));
    CHECK(m.result(mn, overflow).i == -2);

    PerReducer none;
    none.add(avg, Value::null(ValueType::Float));
    CHECK(none.result(avg, overflow).is_null);
    CHECK_FALSE(overflow);
  }
  SUBCASE("count_distinct and an integer sum that overflows") {
    plan::PerAgg cd = aggregate(plan::Builtin::CountDistinct, ValueType::Int);
    PerReducer d;
    for (int64_t x : {4, 1, 4, 2, 1}) d.add(cd, Value::of_int(x));
    CHECK(d.result(cd, overflow).i == 3);

    plan::PerAgg sum = aggregate(plan::Builtin::Sum, ValueType::Int);
    PerReducer s;
    s.add(sum, Value::of_int(INT64_MAX));
    s.add(sum, Value::of_int(1));
    CHECK(s.result(sum, overflow).is_null);
    CHECK(overflow);
  }
}

TEST_CASE("group table: find does not insert") {
  GroupTable t(1, 8);
  for (int64_t i = 0; i < 5000; ++i) t.find_or_insert(&i, 0);
  int64_t k = 1234, missing = 5000;
  CHECK(t.find(&k, 0) == t.find_or_insert(&k, 0));
  CHECK(t.find(&missing, 0) == nullptr);
  CHECK(t.find(&k, 1) == nullptr);  // the same bits with the key null is another group
  CHECK(t.size() == 5000);
}

using kpic::test::add_counts;

TEST_CASE("group table: staged groups merge into the big table exactly") {
  GroupTable t(1, 8);
  t.enable_staging(&add_counts, nullptr);
  const int64_t n = 3 * static_cast<int64_t>(GroupTable::kStageAfter);
  for (int64_t round = 0; round < 3; ++round)
    for (int64_t i = 0; i < n; ++i) {
      int64_t k = (i * 7919) % n;
      ++*reinterpret_cast<int64_t*>(t.find_or_insert(&k, 0));
    }
  t.flush();
  REQUIRE(t.size() == static_cast<size_t>(n));
  int64_t total = 0;
  bool all_three = true;
  for (size_t g = 0; g < t.size(); ++g) {
    int64_t c;
    std::memcpy(&c, t.state(g), 8);
    total += c;
    all_three &= c == 3;
  }
  CHECK(total == 3 * n);
  CHECK(all_three);

  GroupTable other(1, 8);
  for (int64_t k = n - 10; k < n + 10; ++k) ++*reinterpret_cast<int64_t*>(other.find_or_insert(&k, 0));
  t.absorb(other, false, &add_counts, nullptr);
  int64_t old_key = n - 1, new_key = n + 5, c;
  std::memcpy(&c, t.find(&old_key, 0), 8);
  CHECK(c == 4);
  std::memcpy(&c, t.find(&new_key, 0), 8);
  CHECK(c == 1);
  CHECK(t.size() == static_cast<size_t>(n + 10));
}
