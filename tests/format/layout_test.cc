// Unit tests of the canonical layout (compiler/format/formatter.h): tricky expressions, comments,
// blank lines, and idempotency of each case.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "compiler/diag/render.h"
#include "compiler/format/formatter.h"

namespace {

std::string format_text(const std::string& text) {
  kpic::SourceManager sm;
  kpic::FileId id = sm.add("t.kpi", text);
  kpic::Diagnostics diags;
  auto out = kpic::format::format_source(sm, id, diags);
  INFO(kpic::render_all(sm, diags));
  REQUIRE(out.has_value());
  return *out;
}

// Formats `in`, expects `want`, and checks that formatting `want` changes nothing.
void check(const std::string& in, const std::string& want) {
  std::string got = format_text(in);
  CHECK(got == want);
  CHECK(format_text(got) == got);
}

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

TEST_CASE("spacing of operators and calls") {
  check("x=sum(a)+count( )", "x = sum(a) + count()\n");
  check("x=count(where p)", "x = count(where p)\n");
  check("x = avg(count_distinct(u)per day(ts))by month(ts)as m",
        "x = avg(count_distinct(u) per day(ts)) by month(ts) as m\n");
  check("x = sum(a where b per c,d)", "x = sum(a where b per c, d)\n");
}

TEST_CASE("parentheses: the user's are kept, none are added needlessly") {
  check("x = (a + b) * c", "x = (a + b) * c\n");
  check("x = a - (b - c)", "x = a - (b - c)\n");
  check("x = a - b - c", "x = a - b - c\n");
  check("x = ((a))", "x = (a)\n");
  check("x = (a)", "x = (a)\n");
  check("x = not (a and b)", "x = not (a and b)\n");
  check("x = - -a", "x = - -a\n");
  check("x = --a", "x = - -a\n");
  check("x = -(-a)", "x = -(-a)\n");
}

TEST_CASE("if/then/else needs parentheses only when something follows it") {
  check("x = 1 + if p then 2 else 3", "x = 1 + if p then 2 else 3\n");
  check("x = (if p then 2 else 3) + 1", "x = (if p then 2 else 3) + 1\n");
  check("x = if a then if b then 1 else 2 else 3", "x = if a then if b then 1 else 2 else 3\n");
  check("x = count(where if p then q else r)", "x = count(where if p then q else r)\n");
}

TEST_CASE("in, is null, lists") {
  check("x = pct(a in [1,2 , 3,])", "x = pct(a in [1, 2, 3])\n");
  check("x = pct(a not in [])", "x = pct(a not in [])\n");
  check("x = pct(a is not null)", "x = pct(a is not null)\n");
}

TEST_CASE("literal spellings are kept") {
  check("x = 1e3 + 0.50 + 007 + 1.0E-3", "x = 1e3 + 0.50 + 007 + 1.0E-3\n");
  check("x = count(where s == \"a\\\"b\\t\")", "x = count(where s == \"a\\\"b\\t\")\n");
  check("x = count(where d < date(\"2024-01-31\"))", "x = count(where d < date(\"2024-01-31\"))\n");
}

TEST_CASE("names: backquotes kept, qualifiers, soft keywords") {
  check("`a b` = sum(`order id`)", "`a b` = sum(`order id`)\n");
  check("x = sum(`amount`)", "x = sum(`amount`)\n");
  check("x = sum(`orders`.amount)", "x = sum(`orders`.amount)\n");
  check("x = sum(orders . `net amount`)", "x = sum(orders.`net amount`)\n");
  check("x = count() by source", "x = count() by source\n");
}

TEST_CASE("where and by move below a metric that is too long, with a hanging indent") {
  std::string name = "metric_" + repeat("x", 60);
  check(name + " = sum(amount) where region == \"eu\" by month(ts), region",
        name + " = sum(amount)\n    where region == \"eu\"\n    by month(ts), region\n");
  // a short line stays whole
  check("m = sum(amount) where r by d", "m = sum(amount) where r by d\n");
}

TEST_CASE("a long call breaks inside its parentheses; the break keeps every token") {
  std::string col = repeat("c", 40);
  std::string in = "m = sum(" + col + "_1 + " + col + "_2 + " + col + "_3)";
  // the chain breaks before each operator, indented by 4 more than the arguments
  std::string want = "m = sum(\n    " + col + "_1\n        + " + col + "_2\n        + " + col + "_3\n)\n";
  std::string got = format_text(in);
  CHECK(got == want);
  CHECK(format_text(got) == got);
  for (const auto& line : {got.substr(0, got.find('\n'))}) CHECK(line.size() <= 100);
}

TEST_CASE("every output line fits in 100 columns when breaks allow it") {
  std::string in = "m = count(where " + repeat("a_long_column_name == 1 and ", 8) + "z)";
  std::string got = format_text(in);
  size_t start = 0;
  while (start < got.size()) {
    size_t nl = got.find('\n', start);
    CHECK(nl - start <= 100);
    start = nl + 1;
  }
  CHECK(format_text(got) == got);
}

TEST_CASE("comments: own line, trailing (aligned), inside expressions, end of file") {
  check("# top\n\n\n\na = 1   # one\nbb = 22 # two\n# between\nc = 3\n# end   \n",
        "# top\n\na = 1    # one\nbb = 22  # two\n# between\nc = 3\n# end\n");
  // a comment inside an expression moves above the statement
  check("d = sum(  # inside\n  x) + 1\n", "# inside\nd = sum(x) + 1\n");
  // and above its doc comments, which stay attached to the definition
  check("## doc\nd = sum(  # inside\n  x)\n", "# inside\n## doc\nd = sum(x)\n");
}

TEST_CASE("blank lines around documented definitions, blocks and imports") {
  check("import std.revenue\na = 1\n## doc\nb = 2\nc = 3\n", "import std.revenue\n\na = 1\n\n## doc\nb = 2\n\nc = 3\n");
  check("a = 1\n@unit(usd) @target(>=5)\nb = 2\n", "a = 1\n\n@unit(usd)\n@target(>= 5)\nb = 2\n");
  check("a = 1\nsource s {x: int}\nb = 2\n", "a = 1\n\nsource s {\n  x: int,\n}\n\nb = 2\n");
}

TEST_CASE("schema and test blocks: one item per line") {
  check("source s \"p.csv\" { a: int b: string, }\n", "source s \"p.csv\" {\n  a: int,\n  b: string,\n}\n");
  check("source s {}\n", "source s {}\n");
  check("test \"t\" { given s { a: [1, 2] } m = sum(a) expect m == 3 }\n",
        "test \"t\" {\n  given s {\n    a: [1, 2],\n  }\n  m = sum(a)\n  expect m == 3\n}\n");
  check("test \"t\" {}\n", "test \"t\" {\n}\n");
}

TEST_CASE("an empty file stays empty; comments only") {
  CHECK(format_text("") == "");
  CHECK(format_text("\n\n") == "");
  check("# only a comment", "# only a comment\n");
}

TEST_CASE("a file that does not parse is not formatted") {
  kpic::SourceManager sm;
  kpic::FileId id = sm.add("t.kpi", "x = sum(");
  kpic::Diagnostics diags;
  CHECK_FALSE(kpic::format::format_source(sm, id, diags).has_value());
  CHECK(diags.has_errors());
}

TEST_CASE("every parseable .kpi of the repository formats to a fixed point (in process, for sanitizers)") {
  namespace fs = std::filesystem;
  size_t checked = 0;
  for (const char* dir : {"tests", "examples", "stdlib"}) {
    fs::path root = fs::path(KPIC_SOURCE_DIR) / dir;
    if (!fs::exists(root)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      if (!entry.is_regular_file() || entry.path().extension() != ".kpi") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      kpic::SourceManager sm;
      kpic::Diagnostics diags;
      auto once = kpic::format::format_source(sm, sm.add(entry.path().string(), text), diags);
      INFO(entry.path().string());
      // A formatter bug (its self-check failing) throws an InternalError, which fails this case.
      if (!once) continue;  // syntax error cases are never formatted
      CHECK(format_text(*once) == *once);
      ++checked;
    }
  }
  CHECK(checked > 0);
}
