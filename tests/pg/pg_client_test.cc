// The libpq client against a throw-away PostgreSQL 15 (tests/pg/with_pg.sh sets KPIC_PG_URI), and the
// postgres dialect's self-checking queries (tests/sql/dialect_checks.h) executed by that server.
#include "runtime/postgres/pg_client.h"

#include <doctest/doctest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "compiler/sql/dialect.h"
#include "tests/sql/dialect_checks.h"

using kpic::ValueType;
using kpic::pg::PgConnection;
using kpic::pg::PgError;
using kpic::pg::PgErrorKind;

namespace {

std::string uri() {
  const char* u = std::getenv("KPIC_PG_URI");
  REQUIRE_MESSAGE(u != nullptr, "run through tests/pg/with_pg.sh");
  return u;
}

// The error `sql` raises, or a failed check when it raises none.
PgError error_of(PgConnection& c, const std::string& sql) {
  try {
    c.query(sql);
  } catch (const PgError& e) {
    return e;
  }
  FAIL("no error from: " << sql);
  return {};
}

std::string text_of(const kpic::pg::QueryResult& r, int col, int row) {
  const kpic::Column& c = r.batch.columns[col];
  REQUIRE(c.type == ValueType::String);
  return std::string(c.dict->at(c.data<int32_t>()[row]));
}

}  // namespace

TEST_CASE("values of every supported type, and nulls, arrive as kpic columns") {
  PgConnection c(uri());
  auto r = c.query(
      "SELECT * FROM (VALUES (1::int8, 7::int4, 1.5::float8, 12.25::numeric, 'a''b'::text, "
      "DATE '2024-02-29', TIMESTAMP '2024-02-29 12:30:45.123456', true, 'x'::varchar(3)),"
      "(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
      "(-9223372036854775807, -2, -0.25, -1e-3, '', DATE '1969-12-31', "
      "TIMESTAMPTZ '1970-01-01 00:00:01+02', false, 'y')) AS t(i, j, f, n, s, d, ts, b, v) ORDER BY i");
  REQUIRE(r.batch.num_rows == 3);
  REQUIRE(r.names == std::vector<std::string>{"i", "j", "f", "n", "s", "d", "ts", "b", "v"});
  const auto& col = r.batch.columns;
  CHECK(col[0].type == ValueType::Int);
  CHECK(col[1].type == ValueType::Int);
  CHECK(col[2].type == ValueType::Float);
  CHECK(col[3].type == ValueType::Float);
  CHECK(col[6].type == ValueType::Timestamp);
  CHECK(col[7].type == ValueType::Bool);
  // Row order: -9223372036854775807, 1, NULL (nulls sort last).
  CHECK(col[0].data<int64_t>()[0] == -9223372036854775807);
  CHECK(col[0].data<int64_t>()[1] == 1);
  CHECK(col[1].data<int64_t>()[1] == 7);
  CHECK(col[2].data<double>()[1] == 1.5);
  CHECK(col[2].data<double>()[0] == -0.25);
  CHECK(col[3].data<double>()[1] == 12.25);
  CHECK(col[3].data<double>()[0] == -0.001);
  CHECK(text_of(r, 4, 1) == "a'b");
  CHECK(text_of(r, 4, 0) == "");
  CHECK(text_of(r, 8, 1) == "x");
  CHECK(col[5].data<int32_t>()[1] == 19782);  // 2024-02-29: 54 years of days, 13 of them leap days
  CHECK(col[5].data<int32_t>()[0] == -1);
  CHECK(col[6].data<int64_t>()[1] == (19782LL * 86400 + 12 * 3600 + 30 * 60 + 45) * 1000000 + 123456);
  CHECK(col[6].data<int64_t>()[0] == (-2 * 3600 + 1) * 1000000LL);  // read in UTC
  CHECK(col[7].data<uint8_t>()[1] == 1);
  CHECK(col[7].data<uint8_t>()[0] == 0);
  for (const auto& column : col) {
    CHECK(column.is_valid(0));
    CHECK(column.is_valid(1));
    CHECK_FALSE(column.is_valid(2));
  }
}

TEST_CASE("an empty result keeps its columns") {
  PgConnection c(uri());
  auto r = c.query("SELECT 1::int8 AS one WHERE false");
  CHECK(r.batch.num_rows == 0);
  CHECK(r.names == std::vector<std::string>{"one"});
}

TEST_CASE("a closed port is unreachable, quickly and with libpq's message") {
  auto start = std::chrono::steady_clock::now();
  try {
    // Port 1 on the loopback: nothing listens there in the test environment.
    PgConnection c("postgresql://postgres@127.0.0.1:1/postgres", {.connect_timeout_s = 3});
    FAIL("connected to a closed port");
  } catch (const PgError& e) {
    CHECK(e.kind == PgErrorKind::unreachable);
    CHECK(e.message.find("127.0.0.1") != std::string::npos);
  }
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("a malformed URI is an error, not a crash") {
  CHECK_THROWS_AS(PgConnection("postgresql://[::1", {.connect_timeout_s = 1}), PgError);
}

TEST_CASE("server errors carry SQLSTATE, message and kind") {
  PgConnection c(uri());
  PgError table = error_of(c, "SELECT * FROM no_such_table");
  CHECK(table.kind == PgErrorKind::missing_table);
  CHECK(table.sqlstate == "42P01");
  CHECK(table.message == "relation \"no_such_table\" does not exist");
  CHECK(table.position == 15);

  c.query("CREATE TEMP TABLE t (a int)");
  PgError column = error_of(c, "SELECT nope FROM t");
  CHECK(column.kind == PgErrorKind::missing_column);
  CHECK(column.sqlstate == "42703");
  CHECK(column.message.find("nope") != std::string::npos);

  PgError syntax = error_of(c, "SELEC 1");
  CHECK(syntax.kind == PgErrorKind::rejected);
  CHECK(syntax.sqlstate == "42601");

  PgError divide = error_of(c, "SELECT 1 / 0");
  CHECK(divide.kind == PgErrorKind::rejected);
  CHECK(divide.sqlstate == "22012");

  // The connection stays usable after an error.
  CHECK(c.query("SELECT 1").batch.num_rows == 1);
}

TEST_CASE("a type or value kpic cannot hold names the column") {
  PgConnection c(uri());
  PgError array = error_of(c, "SELECT ARRAY[1, 2] AS pair");
  CHECK(array.kind == PgErrorKind::unsupported_type);
  CHECK(array.message.find("`pair`") != std::string::npos);
  PgError infinite = error_of(c, "SELECT 'infinity'::date AS d");
  CHECK(infinite.kind == PgErrorKind::unsupported_type);
  CHECK(infinite.message.find("infinity") != std::string::npos);
}

TEST_CASE("the statement timeout ends a long query") {
  PgConnection c(uri(), {.statement_timeout_ms = 200});
  auto start = std::chrono::steady_clock::now();
  PgError e = error_of(c, "SELECT pg_sleep(10)");
  CHECK(e.kind == PgErrorKind::timeout);
  CHECK(e.sqlstate == "57014");
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("cancel() from another thread ends the running query") {
  PgConnection c(uri());
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    c.cancel();
  });
  auto start = std::chrono::steady_clock::now();
  PgError e = error_of(c, "SELECT pg_sleep(10)");
  canceller.join();
  CHECK(e.kind == PgErrorKind::cancelled);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  CHECK(c.query("SELECT 1").batch.num_rows == 1);
}

namespace {
PgConnection* g_running = nullptr;
extern "C" void cancel_on_alarm(int) { g_running->cancel(); }
}  // namespace

TEST_CASE("cancel() from a signal handler ends the running query") {
  PgConnection c(uri());
  g_running = &c;
  struct sigaction action {};
  action.sa_handler = cancel_on_alarm;
  sigemptyset(&action.sa_mask);
  struct sigaction previous {};
  REQUIRE(sigaction(SIGALRM, &action, &previous) == 0);
  alarm(1);
  PgError e = error_of(c, "SELECT pg_sleep(10)");
  sigaction(SIGALRM, &previous, nullptr);
  CHECK(e.kind == PgErrorKind::cancelled);
  CHECK(e.message == "canceling statement due to user request");
}

TEST_CASE("the postgres dialect's forms mean what they should on PostgreSQL 15") {
  const kpic::sql::Dialect& d = *kpic::sql::find_dialect("postgres");
  PgConnection c(uri());
  int checked = 0;
  for (const auto& check : kpic::sql::testing::dialect_checks(d)) {
    CAPTURE(check.sql);
    if (check.what.empty()) {
      c.query(check.sql);
      continue;
    }
    CAPTURE(check.what);
    auto r = c.query(check.sql);
    REQUIRE(r.batch.num_rows == 1);
    REQUIRE(r.batch.columns[0].type == ValueType::Bool);
    CHECK(r.batch.columns[0].is_valid(0));
    CHECK(r.batch.columns[0].data<uint8_t>()[0] == 1);
    ++checked;
  }
  CHECK(checked >= 20);
  // A quoted name comes back as the column's name, unquoted.
  auto r = c.query("SELECT 1 AS " + d.identifier("a\"b") + ", 2 AS " + d.identifier("select"));
  CHECK(r.names == std::vector<std::string>{"a\"b", "select"});
}
