#include <doctest/doctest.h>

#include "compiler/diag/render.h"

using namespace kpic;

TEST_CASE("a diagnostic renders with location, source line, carets and help") {
  SourceManager sm;
  FileId f = sm.add("surveys.kpi", "# comment\nnps = pct(scroe >= 9)\n");
  Diagnostics diags;
  auto& d = diags.error(DiagCode::unknown_column, {f, 20, 25}, "unknown column `scroe`");
  d.help = "did you mean `score`?";
  CHECK(render(sm, d) ==
        "surveys.kpi:2:11: error[KP0201]: unknown column `scroe`\n"
        " 2 | nps = pct(scroe >= 9)\n"
        "   |           ^^^^^\n"
        "help: did you mean `score`?\n");
  CHECK(diags.has_errors());
}

TEST_CASE("nearest_name suggests close names only") {
  CHECK(nearest_name("scroe", {"score", "region", "ts"}) == "score");
  CHECK(nearest_name("revenue", {"score", "region"}) == "");
  CHECK(nearest_name("x", {"y"}) == "y");
}

TEST_CASE("line and column of offsets, including the last line without newline") {
  SourceManager sm;
  FileId f = sm.add("a.kpi", "ab\ncd");
  CHECK(sm.line_col(f, 0).line == 1);
  CHECK(sm.line_col(f, 3).line == 2);
  CHECK(sm.line_col(f, 4).col == 2);
  CHECK(sm.line_text(f, 2) == "cd");
}
