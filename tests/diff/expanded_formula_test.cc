// Unit tests of compiler/driver/diff/expanded_formula.h: checked metrics printed back with the fewest
// parentheses that keep the tree, and meanings that ignore layout but not a change that matters.
#include <doctest/doctest.h>

#include "compiler/driver/diff/expanded_formula.h"
#include "compiler/sema/frontend.h"

using namespace kpic;

namespace {

const char* kSource = "source o { a: float, b: float, c: float, n: int, s: string, d: date }\n";

struct Checked {
  SourceManager sm;
  Diagnostics diags;
  sema::Program program;
  explicit Checked(const std::string& text) {
    sema::Unit unit = sema::load_text(sm, "/tmp/unit_diff/t.kpi", kSource + text, diags);
    program = sema::analyze(sm, unit, {}, {}, diags);
    REQUIRE_FALSE(diags.has_errors());
  }
  int index(const std::string& name) const {
    for (size_t i = 0; i < program.metrics.size(); ++i)
      if (program.metrics[i].name == name) return static_cast<int>(i);
    FAIL("no metric " << name);
    return -1;
  }
  std::string formula(const std::string& name) const {
    return diff::metric_formula(program, program.metrics[index(name)]);
  }
  std::string meaning(const std::string& name) const { return diff::metric_meaning(program, index(name)); }
};

}  // namespace

TEST_CASE("operators keep their grouping with the fewest parentheses") {
  Checked c(
      "m1 = sum((a + b) * c)\n"
      "m2 = sum(a + (b * c))\n"
      "m3 = sum(a - (b - c))\n"
      "m4 = sum((a - b) - c)\n"
      "m5 = count(where not (a > 1 and b > 2) or s == \"x\")\n"
      "m6 = count(where (a > 1 or b > 2) and s in [\"x\", \"y\"])\n"
      "m7 = sum(-(a + b))\n");
  CHECK(c.formula("m1") == "sum((a + b) * c)");
  CHECK(c.formula("m2") == "sum(a + b * c)");
  CHECK(c.formula("m3") == "sum(a - (b - c))");
  CHECK(c.formula("m4") == "sum(a - b - c)");
  CHECK(c.formula("m5") == "count(where not (a > 1 and b > 2) or s == \"x\")");
  CHECK(c.formula("m6") == "count(where (a > 1 or b > 2) and s in [\"x\", \"y\"])");
  CHECK(c.formula("m7") == "sum(-(a + b))");
}

TEST_CASE("literals, where, by and other metrics") {
  Checked c(
      "base = sum(a) where d >= date(\"2024-01-01\") by s\n"
      "scaled = base * 2.0 + count() * 2\n"
      "monthly = count(where n % 2 == 0) by month(d)\n");
  CHECK(c.formula("base") == "sum(a) where d >= date(\"2024-01-01\") by s");
  CHECK(c.formula("scaled") == "base * 2.0 + count() * 2");  // a float literal stays a float
  CHECK(c.formula("monthly") == "count(where n % 2 == 0) by month(d)");
}

TEST_CASE("meaning ignores layout and template parameter names, not what changes values") {
  Checked a("fn share(p) = pct(p)\nx = share(s == \"x\")\ny = sum(a) by s\nz = x * 2\n");
  Checked b("y = sum(a)\n    by s  # comment\nfn share(pred) = pct((pred))\nx = share(s == \"x\")\nz = x * 2\n");
  Checked c("fn share(p) = pct(p)\nx = share(s == \"y\")\ny = sum(a) by s\nz = x * 2\n");
  CHECK(a.meaning("x") == b.meaning("x"));
  CHECK(a.meaning("y") == b.meaning("y"));
  CHECK(a.meaning("z") == b.meaning("z"));
  CHECK(a.meaning("x") != c.meaning("x"));
  CHECK(a.meaning("z") != c.meaning("z"));  // z's own formula is the same; the metric it uses changed
  CHECK(a.meaning("y") == c.meaning("y"));
  Checked d("y = sum(a) by s as region\n");
  CHECK(a.meaning("y") != d.meaning("y"));  // another output column name
}
