// Self-checking queries for one dialect: each check's query returns a single boolean that is true when
// the dialect's form means what it should. The expected values are written independently of the dialect
// (hand-computed dates and numbers, strings built with chr()), so an engine that runs them checks the
// dialect's SQL by execution: DuckDB (check_duckdb.mjs, through the sql_dialect_checks printer) and
// PostgreSQL (tests/pg/pg_client_test.cc). Setup statements (no result checked) come first: a table
// whose columns are named `select`, `order id` and `a"b`, and, where the dialect reads files, a Parquet
// file whose name holds a quote. Around the dialect's forms only portable SQL: VALUES, CAST, chr, ||, ABS.
#pragma once

#include <string>
#include <vector>

#include "compiler/sql/dialect.h"

namespace kpic::sql::testing {

struct DialectCheck {
  std::string what;  // empty for a setup statement
  std::string sql;
};

std::vector<DialectCheck> dialect_checks(const Dialect& d);

}  // namespace kpic::sql::testing
