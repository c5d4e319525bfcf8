#include <doctest/doctest.h>

#include <iostream>

#include "compiler/driver/output/format_results.h"
#include "fixtures.h"

using namespace kpic;
using namespace kpic::output;
using namespace kpic::output::testing;

namespace {

sema::Program saas_program() {
  return program_of({
      {"nps", "percent", "Net Promoter Score: % promoters minus % detractors.\nAbove 50 is excellent.",
       target(ast::Op::Ge, 50), "growth"},
      {"responses", "", "", std::nullopt, ""},
      {"mau", "", "Monthly active users.", target(ast::Op::Ge, 1600), ""},
      {"arpu", "usd", "", std::nullopt, "finance"},
      {"session_length", "days", "", std::nullopt, ""},
  });
}

RunResult saas_result() {
  RunResult r;
  r.metrics.push_back(scalar("nps", f(31.5)));
  r.metrics.push_back(scalar("responses", i(1234)));
  r.metrics.push_back(grouped("mau", {"month"}, {ValueType::Date},
                              {{{d(kJan2024)}, i(1234)}, {{d(kFeb2024)}, i(1301)}, {{d(kMar2024)}, i(1500)}},
                              ValueType::Int));
  r.metrics.push_back(grouped("arpu", {"month"}, {ValueType::Date},
                              {{{d(kJan2024)}, f(12.5)}, {{d(kFeb2024)}, null_float()}, {{d(kMar2024)}, f(14.25)}}));
  r.metrics.push_back(grouped("session_length", {"month"}, {ValueType::Date},
                              {{{d(kJan2024)}, f(3.5)}, {{d(kFeb2024)}, f(4)}}));
  r.metrics.back().note = "not split by region: its source has no column `region`";
  return r;
}

}  // namespace

TEST_CASE("table: groupings, units, missed targets, sparklines, notes") {
  std::string out = format_table(saas_program(), saas_result(), false, false);
  CHECK(out ==
        "    nps  responses\n"
        "───────  ─────────\n"
        "31.5% ✗      1,234\n"
        "\n"
        "month           mau    arpu  session_length (days)\n"
        "──────────  ───────  ──────  ─────────────────────\n"
        "2024-01-01    1,234  $12.50                   3.50\n"
        "2024-02-01    1,301                           4.00\n"
        "2024-03-01  1,500 ✗  $14.25\n"
        "\n"
        "mau             ▁▃█  1,234 → 1,500\n"
        "arpu            ▁ █  $12.50 → $14.25\n"
        "session_length  ▁█   3.50 → 4.00\n"
        "\n"
        "✗ nps = 31.5% misses its target >= 50%\n"
        "✗ mau = 1,500 misses its target >= 1,600 (month 2024-03-01)\n"
        "note: session_length: not split by region: its source has no column `region`\n");
}

TEST_CASE("table: --describe adds doc comments, units, targets and owners") {
  RunResult r;
  r.metrics.push_back(scalar("nps", f(62)));
  r.metrics.push_back(scalar("responses", i(10)));
  r.metrics.push_back(scalar("arpu", f(9.5)));
  std::string out = format_table(saas_program(), r, true, false);
  CHECK(out ==
        "  nps  responses   arpu\n"
        "─────  ─────────  ─────\n"
        "62.0%         10  $9.50\n"
        "\n"
        "nps\n"
        "  Net Promoter Score: % promoters minus % detractors.\n"
        "  Above 50 is excellent.\n"
        "  unit percent · target >= 50% · owner growth\n"
        "responses\n"
        "  (no description)\n"
        "arpu\n"
        "  unit usd · owner finance\n");
}

TEST_CASE("table: color only when asked, grouped metric without rows, no metrics") {
  RunResult r;
  r.metrics.push_back(scalar("nps", f(10)));
  std::string colored = format_table(saas_program(), r, false, true);
  CHECK(colored.find("\x1b[1m") != std::string::npos);       // bold header
  CHECK(colored.find("\x1b[31m10.0% ✗") != std::string::npos);  // missed target in red
  CHECK(format_table(saas_program(), r, false, false).find('\x1b') == std::string::npos);

  RunResult empty;
  empty.metrics.push_back(grouped("mau", {"month"}, {ValueType::Date}, {}, ValueType::Int));
  CHECK(format_table(saas_program(), empty, false, false) ==
        "month  mau\n"
        "─────  ───\n"
        "(no rows)\n");
  CHECK(format_table(saas_program(), RunResult{}, false, false) == "(no metrics)\n");
}

TEST_CASE("table: dimension values are raw, string columns left-aligned, null keys empty and last") {
  RunResult r;
  r.metrics.push_back(grouped("orders", {"store_id", "region"}, {ValueType::Int, ValueType::String},
                              {{{i(1001), Value::null(ValueType::String)}, i(7)}, {{i(7), s("EMEA")}, i(12000)}},
                              ValueType::Int));
  CHECK(format_table(program_of({}), r, false, false) ==
        "store_id  region  orders\n"
        "────────  ──────  ──────\n"
        "       7  EMEA    12,000\n"
        "    1001               7\n");
}
