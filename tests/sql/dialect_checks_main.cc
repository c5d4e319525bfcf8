// sql_dialect_checks DIALECT: prints the dialect's self-checking queries (dialect_checks.h), one JSON
// object a line ({"setup": sql} or {"check": what, "sql": sql}), for check_duckdb.mjs.
#include <iostream>
#include <nlohmann/json.hpp>

#include "tests/sql/dialect_checks.h"

int main(int argc, char** argv) {
  const kpic::sql::Dialect* d = argc == 2 ? kpic::sql::find_dialect(argv[1]) : nullptr;
  if (!d) {
    std::cerr << "usage: sql_dialect_checks DIALECT\n";
    return 2;
  }
  for (const auto& c : kpic::sql::testing::dialect_checks(*d)) {
    nlohmann::json line =
        c.what.empty() ? nlohmann::json{{"setup", c.sql}} : nlohmann::json{{"check", c.what}, {"sql", c.sql}};
    std::cout << line.dump() << '\n';
  }
}
