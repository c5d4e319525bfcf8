// chunk_excluded on hand-made statistics: the cases where skipping would be wrong (NaN outside float
// statistics, integers beyond 2^53 in double bounds, unknown null counts, missing bounds) keep the chunk;
// the forms the plan's `where` has skip what cannot match. The end-to-end view on a real file is
// golden/skip_row_group_forms.kpi.
#include <doctest/doctest.h>

#include <optional>
#include <vector>

#include "runtime/exec/chunk_filter.h"

using namespace kpic;
using exec::chunk_excluded;
using exec::PruneOp;
using exec::PruneTerm;

namespace {

// One chunk of `rows` rows; column 0 of type `t` with the given statistics (none when nullopt).
struct OneChunk : TableReader {
  Schema s;
  std::optional<ColumnStats> st;
  int64_t rows;
  std::string p = "t";
  OneChunk(ValueType t, std::optional<ColumnStats> stats, int64_t n = 100) : st(std::move(stats)), rows(n) {
    Field f;
    f.name = "x";
    f.type = t;
    s.fields.push_back(f);
    s.num_rows = n;
  }
  const Schema& schema() const override { return s; }
  const std::string& path() const override { return p; }
  int num_chunks() const override { return 1; }
  int64_t chunk_rows(int) const override { return rows; }
  std::optional<ColumnStats> stats(int, int) const override { return st; }
  void read_chunk(int, const std::vector<int>&, std::vector<Batch>&) const override {}
};

ColumnStats nums(double lo, double hi, int64_t nulls = 0) {
  ColumnStats c;
  c.has_min_max = true;
  c.min_num = lo;
  c.max_num = hi;
  c.null_count = nulls;
  return c;
}

bool skips(const OneChunk& r, PruneOp op, std::vector<Value> values) {
  return chunk_excluded({PruneTerm{0, op, std::move(values), {}}}, r, 0);
}

}  // namespace

TEST_CASE("!= and not in: only a chunk of one value that the list holds") {
  OneChunk one(ValueType::Int, nums(7, 7));
  CHECK(skips(one, PruneOp::Ne, {Value::of_int(7)}));
  CHECK(skips(one, PruneOp::Ne, {Value::of_int(1), Value::of_int(7)}));
  CHECK_FALSE(skips(one, PruneOp::Ne, {Value::of_int(8)}));
  CHECK_FALSE(skips(OneChunk(ValueType::Int, nums(7, 8)), PruneOp::Ne, {Value::of_int(7)}));
  // Nulls never pass `!=`: a chunk of 7s and nulls is still skipped.
  CHECK(skips(OneChunk(ValueType::Int, nums(7, 7, 40)), PruneOp::Ne, {Value::of_int(7)}));
  // 2^53 + 1 has no double: bounds of 2^53 do not prove every value is 2^53.
  OneChunk big(ValueType::Int, nums(9007199254740992.0, 9007199254740992.0));
  CHECK_FALSE(skips(big, PruneOp::Ne, {Value::of_int(9007199254740992LL)}));
  // Floats: NaN != 2.5 is true, and writers leave NaN out of min/max.
  CHECK_FALSE(skips(OneChunk(ValueType::Float, nums(2.5, 2.5)), PruneOp::Ne, {Value::of_float(2.5)}));
  ColumnStats s;
  s.has_min_max = true;
  s.min_str = s.max_str = "EMEA";
  s.null_count = 0;
  CHECK(skips(OneChunk(ValueType::String, s), PruneOp::Ne, {Value::of_string("EMEA")}));
  CHECK_FALSE(skips(OneChunk(ValueType::String, s), PruneOp::Ne, {Value::of_string("emea")}));
}

TEST_CASE("is null / is not null by the null count; unknown counts keep the chunk") {
  CHECK(skips(OneChunk(ValueType::Int, nums(1, 2, 0)), PruneOp::IsNull, {}));
  CHECK_FALSE(skips(OneChunk(ValueType::Int, nums(1, 2, 1)), PruneOp::IsNull, {}));
  CHECK_FALSE(skips(OneChunk(ValueType::Int, nums(1, 2, -1)), PruneOp::IsNull, {}));
  ColumnStats all_null;
  all_null.null_count = 100;
  CHECK(skips(OneChunk(ValueType::Int, all_null), PruneOp::NotNull, {}));
  CHECK(skips(OneChunk(ValueType::Int, all_null), PruneOp::Lt, {Value::of_int(5)}));  // no bounds needed
  CHECK_FALSE(skips(OneChunk(ValueType::Int, nums(1, 2, 99)), PruneOp::NotNull, {}));
  CHECK_FALSE(skips(OneChunk(ValueType::Int, std::nullopt), PruneOp::NotNull, {}));
  CHECK_FALSE(skips(OneChunk(ValueType::Int, std::nullopt), PruneOp::Eq, {Value::of_int(1)}));
}

TEST_CASE("dates and timestamps compare as instants") {
  const int64_t day = 86400LL * 1000000;
  // A timestamp column from 2024-01-07 00:00 to 2024-01-07 00:34 (19729 days after 1970-01-01).
  OneChunk ts(ValueType::Timestamp, nums(19729.0 * day, 19729.0 * day + 2047e6));
  CHECK_FALSE(skips(ts, PruneOp::Ge, {Value::of_date(19729)}));
  CHECK(skips(ts, PruneOp::Ge, {Value::of_date(19730)}));
  CHECK(skips(ts, PruneOp::Lt, {Value::of_date(19729)}));
  // A date column of 2024-01-03 (19725) against timestamps: midnight is before noon of that day.
  OneChunk d(ValueType::Date, nums(19725, 19725));
  CHECK_FALSE(skips(d, PruneOp::Lt, {Value::of_timestamp(19725 * day + 12 * 3600LL * 1000000)}));
  CHECK(skips(d, PruneOp::Gt, {Value::of_timestamp(19725 * day)}));
  CHECK_FALSE(skips(d, PruneOp::Ge, {Value::of_timestamp(19725 * day)}));
}

TEST_CASE("or: skipped only when every side is") {
  OneChunk r(ValueType::Int, nums(10, 20));
  PruneTerm any{-1, PruneOp::Any, {}, {}};
  any.any.push_back({PruneTerm{0, PruneOp::Lt, {Value::of_int(5)}, {}}});
  any.any.push_back({PruneTerm{0, PruneOp::Gt, {Value::of_int(30)}, {}}});
  CHECK(chunk_excluded({any}, r, 0));
  any.any.push_back({PruneTerm{0, PruneOp::Eq, {Value::of_int(15)}, {}}});
  CHECK_FALSE(chunk_excluded({any}, r, 0));
}

TEST_CASE("< and > on integers from 2^53 on: bounds that share a double with the literal keep the chunk") {
  // A chunk whose smallest value is 2^53 holds a row < 2^53 + 1, though both are the same double.
  OneChunk big(ValueType::Int, nums(9007199254740992.0, 9007199254740992.0 + 8));
  CHECK_FALSE(skips(big, PruneOp::Lt, {Value::of_int(9007199254740993LL)}));
  // Largest value 2^53 + 5 (stored as the double 2^53 + 4): a row > 2^53 + 4 exists.
  OneChunk top(ValueType::Int, nums(9007199254740992.0 - 8, 9007199254740996.0));
  CHECK_FALSE(skips(top, PruneOp::Gt, {Value::of_int(9007199254740996LL)}));
  // Clearly outside, still skipped; below 2^53 strict comparisons stay exact.
  CHECK(skips(big, PruneOp::Lt, {Value::of_int(9007199254740000LL)}));
  CHECK(skips(OneChunk(ValueType::Int, nums(10, 20)), PruneOp::Lt, {Value::of_int(10)}));
  CHECK(skips(OneChunk(ValueType::Int, nums(10, 20)), PruneOp::Gt, {Value::of_int(20)}));
}
