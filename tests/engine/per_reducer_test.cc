// Unit tests of the outer reduction of `per` and of group lookups without insertion.
#include <doctest/doctest.h>

#include <cstdint>

#include "runtime/exec/group_table.h"
#include "runtime/exec/per_reducer.h"

using namespace kpic;
using namespace kpic::exec;

namespace {
sema::Expr aggregate(sema::Builtin b, ValueType type, bool with_arg = true) {
  sema::Expr e;
  e.kind = sema::ExprKind::Aggregate;
  e.builtin = b;
  e.type = type;
  if (with_arg) e.args.push_back(std::make_unique<sema::Expr>());
  return e;
}
}  // namespace

TEST_CASE("per reducer: SQL semantics over the inner values") {
  bool overflow = false;
  SUBCASE("count() counts inner groups, count(x) non-null values") {
    sema::Expr star = aggregate(sema::Builtin::Count, ValueType::Int, false);
    sema::Expr some = aggregate(sema::Builtin::Count, ValueType::Int);
    PerReducer a, b;
    for (Value v : {Value::of_int(1), Value::null(ValueType::Int), Value::of_int(3)}) {
      a.add(star, v);
      b.add(some, v);
    }
    CHECK(a.result(star, overflow).i == 3);
    CHECK(b.result(some, overflow).i == 2);
  }
  SUBCASE("pct of booleans, avg, min over ints, null when every value is null") {
    sema::Expr pct = aggregate(sema::Builtin::Pct, ValueType::Float);
    PerReducer p;
    for (bool t : {true, false, false, true}) p.add(pct, Value::of_bool(t));
    p.add(pct, Value::null(ValueType::Bool));
    CHECK(p.result(pct, overflow).f == doctest::Approx(50.0));

    sema::Expr avg = aggregate(sema::Builtin::Avg, ValueType::Float);
    PerReducer a;
    for (int64_t x : {1, 2, 4}) a.add(avg, Value::of_int(x));
    CHECK(a.result(avg, overflow).f == doctest::Approx(7.0 / 3));

    sema::Expr mn = aggregate(sema::Builtin::Min, ValueType::Int);
    PerReducer m;
    for (int64_t x : {5, -2, 9}) m.add(mn, Value::of_int(x));
    CHECK(m.result(mn, overflow).i == -2);

    PerReducer none;
    none.add(avg, Value::null(ValueType::Float));
    CHECK(none.result(avg, overflow).is_null);
    CHECK_FALSE(overflow);
  }
  SUBCASE("count_distinct and an integer sum that overflows") {
    sema::Expr cd = aggregate(sema::Builtin::CountDistinct, ValueType::Int);
    PerReducer d;
    for (int64_t x : {4, 1, 4, 2, 1}) d.add(cd, Value::of_int(x));
    CHECK(d.result(cd, overflow).i == 3);

    sema::Expr sum = aggregate(sema::Builtin::Sum, ValueType::Int);
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
