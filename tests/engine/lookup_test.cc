// Unit tests of lookup columns (runtime/exec/lookup.h): a LEFT JOIN on a unique key, many-to-one, with
// chains of hops, null references and keys, and the duplicate-key error; dense and sparse keys.
#include <doctest/doctest.h>

#include "runtime/exec/lookup.h"
#include "runtime/exec/whole_column.h"
#include "runtime/readers/memory_table.h"

using namespace kpic;
using namespace kpic::exec;

namespace {

Schema schema_of(std::vector<std::pair<std::string, ValueType>> cols) {
  Schema s;
  for (auto& [name, type] : cols) s.fields.push_back(Field{name, type, true, {}, {}});
  return s;
}

Value i(int64_t v) { return Value::of_int(v); }
Value str(const char* v) { return Value::of_string(v); }
Value null_int() { return Value::null(ValueType::Int); }

// orders(customer_id) -> customers(id key, channel, account_id) -> accounts(id key, plan).
struct Fixture {
  MemoryTable orders, customers, accounts;
  ScanPlan plan;
  StringPool pool{{}};
  ScanContext sc;

  Fixture(int64_t base, std::vector<Value> customer_ids)
      : orders(schema_of({{"customer_id", ValueType::Int}}),
               {{i(base + 1), i(base + 1), null_int(), i(base + 7), i(base + 2), i(base + 3)}}),
        customers(schema_of({{"id", ValueType::Int}, {"channel", ValueType::String}, {"account_id", ValueType::Int}}),
                  {std::move(customer_ids), {str("paid"), str("organic"), str("lost"), Value::null(ValueType::String)},
                   {i(10), null_int(), i(10), i(20)}}),
        accounts(schema_of({{"id", ValueType::Int}, {"plan", ValueType::String}}), {{i(10), i(20)}, {str("pro"), str("free")}}) {
    plan.sources = {{"orders", orders.schema(), {}, 2}, {"customers", customers.schema(), {}, 0},
                    {"accounts", accounts.schema(), {}, 0}};
    plan.lookups.push_back({0, 0, {{0, 0, 1, 0}}, 1});               // customers.channel
    plan.lookups.push_back({0, 1, {{0, 0, 1, 0}, {1, 2, 2, 0}}, 1});  // accounts.plan through customers
    sc.plan = &plan;
    sc.readers = {&orders, &customers, &accounts};
    sc.pool = &pool;
    sc.threads = 2;
  }

  // Lookup l for every order, probed with the orders' first-hop column as the scan probes a batch.
  std::vector<std::string> texts(int l) {
    std::vector<LagColumn> ref;
    ScanError err;
    REQUIRE(read_whole_columns(sc, 0, {plan.lookups[l].hops.front().column}, ref, err));
    size_t n = ref[0].values.size();
    std::vector<int64_t> values(n, -1);
    std::vector<uint64_t> bits((n + 63) / 64, ~uint64_t{0});
    probe_lookup(*sc.lookups, l, ref[0].values.data(), ref[0].valid.data(), static_cast<int64_t>(n), values.data(),
                 bits.data());
    std::vector<std::string> out;
    for (size_t r = 0; r < n; ++r) out.push_back(bits[r >> 6] >> (r & 63) & 1 ? pool.str(values[r]) : "null");
    return out;
  }
};

}  // namespace

TEST_CASE("lookup: each row sees its one match or nulls, through chains") {
  for (int64_t base : {int64_t{0}, int64_t{1} << 40}) {  // dense keys (a direct array), sparse (a hash table)
    CAPTURE(base);
    Fixture f(base, {i(base + 1), i(base + 2), null_int(), i(base + 3)});
    ScanError err;
    REQUIRE(materialize_lookups(f.sc, err));
    // Orders: customer 1 twice, a null reference, customer 7 (absent), customer 2, customer 3 (null channel).
    CHECK(f.texts(0) == std::vector<std::string>{"paid", "paid", "null", "null", "organic", "null"});
    // Customer 1 -> account 10 (pro); customer 2 has no account; customer 3 -> account 20 (free).
    CHECK(f.texts(1) == std::vector<std::string>{"pro", "pro", "null", "null", "null", "free"});
  }
}

TEST_CASE("lookup: a duplicated key is KP0720 naming the source and the value; null keys may repeat") {
  Fixture f(0, {i(1), i(2), i(2), null_int()});
  ScanError err;
  CHECK_FALSE(materialize_lookups(f.sc, err));
  CHECK(err.code == 720);
  CHECK(err.message == "the key `id` of source `customers` is not unique: 2 appears more than once");
  Fixture g(0, {i(1), null_int(), null_int(), i(3)});
  CHECK(materialize_lookups(g.sc, err));
}
