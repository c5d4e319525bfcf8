#include <doctest/doctest.h>

#include "compiler/driver/output/format_results.h"
#include "fixtures.h"

using namespace kpic;
using namespace kpic::output;
using namespace kpic::output::testing;

TEST_CASE("markdown: tables, trends, missed targets and descriptions") {
  sema::Program p = program_of({
      {"nps", "percent", "Net Promoter Score.", target(ast::Op::Gt, 0), "growth"},
      {"mau", "", "", target(ast::Op::Ge, 1300), ""},
      {"top_plan", "", "", std::nullopt, ""},
  });
  RunResult r;
  r.metrics.push_back(scalar("nps", f(-3.25)));  // a tie: shown half away from zero, -3.3%
  r.metrics.push_back(grouped("mau", {"month"}, {ValueType::Date},
                              {{{d(kJan2024)}, i(1234)}, {{d(kFeb2024)}, i(1301)}}, ValueType::Int));
  r.metrics.push_back(scalar("top_plan", s("pro | annual")));
  CHECK(format_markdown(p, r, true) ==
        "|     nps | top_plan      |\n"
        "| ------: | ------------- |\n"
        "| -3.3% ✗ | pro \\| annual |\n"
        "\n"
        "| month      |   mau |\n"
        "| ---------- | ----: |\n"
        "| 2024-01-01 | 1,234 |\n"
        "| 2024-02-01 | 1,301 |\n"
        "\n"
        "- mau: ▁█  1,234 → 1,301\n"
        "\n"
        "- ✗ nps = -3.3% misses its target > 0%\n"
        "\n"
        "- **nps** — Net Promoter Score. (unit percent · target > 0% · owner growth)\n"
        "- **mau** (target >= 1,300)\n"
        "- **top_plan**\n");
  CHECK(format_results(p, r, {Format::Markdown, false, false}) == format_markdown(p, r, false));
}
