// Unit tests of the front-end API (load_text / analyze / analyze_tests) and of literal parsing.
#include <doctest/doctest.h>

#include "compiler/sema/data_args.h"
#include "compiler/sema/frontend.h"
#include "compiler/sema/literal_values.h"
#include "compiler/sema/std_modules.h"

using namespace kpic;

namespace {

struct Fixture {
  SourceManager sm;
  Diagnostics diags;
  sema::Unit unit;
  explicit Fixture(const std::string& text) { unit = sema::load_text(sm, "/tmp/unit_sema/t.kpi", text, diags); }
  sema::Program analyze(std::map<std::string, Schema> data = {}, sema::AnalyzeOptions opts = {}) {
    return sema::analyze(sm, unit, data, opts, diags);
  }
};

Schema schema(std::initializer_list<std::pair<const char*, ValueType>> cols) {
  Schema s;
  for (auto& [n, t] : cols) s.fields.push_back(Field{n, t, true, {}});
  return s;
}

}  // namespace

TEST_CASE("date and timestamp literals") {
  CHECK(sema::parse_date_literal("1970-01-01")->i == 0);
  CHECK(sema::parse_date_literal("2024-02-29")->i == 19782);
  CHECK_FALSE(sema::parse_date_literal("2023-02-29"));
  CHECK_FALSE(sema::parse_date_literal("2024-1-01"));
  CHECK(sema::parse_timestamp_literal("1970-01-02T00:00:01Z")->i == 86401000000LL);
  CHECK(sema::parse_timestamp_literal("2024-01-31T12:00:00.5+01:00")->i ==
        sema::parse_timestamp_literal("2024-01-31T11:00:00.500000Z")->i);
  CHECK_FALSE(sema::parse_timestamp_literal("2024-01-31 12:00:00Z"));
  CHECK_FALSE(sema::parse_timestamp_literal("2024-01-31T12:00:00"));
  CHECK(sema::format_date(19782) == "2024-02-29");
  CHECK(sema::format_timestamp(86401000000LL) == "1970-01-02T00:00:01Z");
}

TEST_CASE("implicit source binds an unnamed data file and takes its schema") {
  Fixture f("nps = pct(score >= 9) - pct(score <= 6)\nn = count(score) by region\n");
  REQUIRE(f.unit.sources.size() == 1);
  CHECK(f.unit.sources[0].implicit);
  CHECK(f.unit.sources[0].name == "t");
  std::vector<sema::DataArg> args;
  std::string err;
  REQUIRE(sema::bind_data_args(f.unit, {"x.parquet"}, args, err));
  CHECK(args[0].source == "t");
  auto p = f.analyze({{"t", schema({{"score", ValueType::Int}, {"region", ValueType::String}})}});
  CHECK_FALSE(f.diags.has_errors());
  REQUIRE(p.metrics.size() == 2);
  CHECK(p.metrics[0].type == ValueType::Float);
  CHECK(p.metrics[0].source == 0);
  CHECK(p.metrics[1].type == ValueType::Int);
  REQUIRE(p.metrics[1].dims.size() == 1);
  CHECK(p.metrics[1].dims[0].name == "region");
}

TEST_CASE("several sources need NAME=DATA") {
  Fixture f("source a { x: int }\nsource b { y: int }\nsx = sum(x)\nsy = sum(y)\n");
  std::vector<sema::DataArg> args;
  std::string err;
  CHECK_FALSE(sema::bind_data_args(f.unit, {"x.csv"}, args, err));
  args.clear();
  CHECK(sema::bind_data_args(f.unit, {"b=y.csv"}, args, err));
  CHECK(args.size() == 1);
  auto p = f.analyze();
  CHECK_FALSE(f.diags.has_errors());
  CHECK(p.metrics[0].source == 0);
  CHECK(p.metrics[1].source == 1);
}

TEST_CASE("precedence of data bindings: command line, then the project file, then `source` defaults") {
  Fixture f("source a \"a.csv\" { x: int }\nsource b \"b.csv\" { y: int }\nsource c { z: int }\n"
            "sx = sum(x)\nsy = sum(y)\nsz = sum(z)\n");
  REQUIRE_FALSE(f.diags.has_errors());
  SourceRange key{0, 3, 4};
  sema::ProjectBindings project{{"a", {"proj/a.parquet", key}}, {"b", {"proj/b.parquet", key}}};
  std::vector<sema::DataArg> args;
  std::string err;
  REQUIRE(sema::bind_data_args(f.unit, {"b=cli.csv"}, args, err, project));
  REQUIRE(args.size() == 2);  // c has neither a default nor a binding: unbound
  auto find = [&](const std::string& s) {
    for (const auto& a : args)
      if (a.source == s) return a;
    FAIL("unbound ", s);
    return sema::DataArg{};
  };
  CHECK(find("b").path == "cli.csv");  // the command line wins over kpic.toml
  CHECK_FALSE(find("b").from_default);
  CHECK_FALSE(find("b").bound_at.valid());
  CHECK(find("a").path == "proj/a.parquet");  // kpic.toml wins over `source a "a.csv"`
  CHECK(find("a").from_default);
  CHECK(find("a").bound_at.begin == 3);
  args.clear();
  REQUIRE(sema::bind_data_args(f.unit, {}, args, err));  // without the project file: the defaults
  REQUIRE(args.size() == 2);
  CHECK(find("a").path == "/tmp/unit_sema/a.csv");
  CHECK_FALSE(find("a").bound_at.valid());
}

TEST_CASE("composition inherits dimensions and orders evaluation") {
  Fixture f(
      "source m { cost: float, month: date }\nsource c { id: string, ts: timestamp }\n"
      "cac = spend / newc\nspend = sum(cost) by month(month)\nnewc = count() by month(ts)\n");
  auto p = f.analyze();
  CHECK_FALSE(f.diags.has_errors());
  REQUIRE(p.metrics.size() == 3);
  CHECK(p.metrics[0].name == "cac");
  CHECK(p.metrics[0].source == -1);
  REQUIRE(p.metrics[0].dims.size() == 1);
  CHECK(p.metrics[0].dims[0].name == "month");
  CHECK(p.metrics[0].dims[0].expr == nullptr);
  CHECK(p.eval_order.back() == 0);
  CHECK(p.metrics[0].deps.size() == 2);
}

TEST_CASE("prev finds the time dimension") {
  Fixture f("source s { id: string, month: date }\nc = count_distinct(id) by month(month)\ng = growth(c)\n");
  auto p = f.analyze();
  CHECK_FALSE(f.diags.has_errors());
  REQUIRE(p.metrics[1].expr->kind == sema::ExprKind::Period);
  CHECK(p.metrics[1].expr->time_dim == 0);
}

TEST_CASE("extra --by and --where") {
  Fixture f("source o { amount: float, region: string }\nsource v { page: string }\nr = sum(amount)\nn = count(page)\n");
  sema::AnalyzeOptions opts;
  opts.extra_by = {"region"};
  opts.extra_where = "amount > 0";
  auto p = f.analyze({}, opts);
  CHECK_FALSE(f.diags.has_errors());
  CHECK(p.metrics[0].dims.size() == 1);
  CHECK(p.metrics[1].dims.empty());
  CHECK(p.sources[0].where != nullptr);
  CHECK(p.sources[1].where == nullptr);
  bool note = false;
  for (const auto& d : f.diags.list()) note = note || (d.severity == Severity::Note && d.code == DiagCode::dimension_skipped);
  CHECK(note);
}

TEST_CASE("test blocks give data, types and expectations") {
  Fixture f(
      "source o { amount: float, region: string }\nrevenue = sum(amount)\nby_region = sum(amount) by region\n"
      "test \"t\" {\n given o { amount: [1, 2.5, null], region: [\"eu\", \"us\", \"eu\"] }\n"
      " expect revenue == 3.5\n expect by_region == [1, 2.5]\n}\n");
  auto tests = sema::analyze_tests(f.sm, f.unit, f.diags);
  CHECK_FALSE(f.diags.has_errors());
  REQUIRE(tests.size() == 1);
  const auto& t = tests[0];
  CHECK(t.rows[0] == 3);
  REQUIRE(t.given[0].size() == 2);
  CHECK(t.given[0][0][0].type == ValueType::Float);
  CHECK(t.given[0][0][2].is_null);
  REQUIRE(t.expects.size() == 2);
  CHECK_FALSE(t.expects[0].is_list);
  CHECK(t.expects[1].is_list);
  CHECK(t.expects[1].values.size() == 2);
  CHECK(t.program.metrics[t.expects[1].metric].name == "by_region");
}

TEST_CASE("all errors are collected") {
  Fixture f("source s { score: int, c: string }\na = pct(scroe >= 9)\nb = sum(c)\nd = score\n");
  f.analyze();
  int errors = 0;
  for (const auto& d : f.diags.list()) errors += d.severity == Severity::Error;
  CHECK(errors == 3);
}

TEST_CASE("imported std modules lose their test blocks, every offset kept") {
  std::string text =
      "fn f(x) = sum(x)  # test \"not a block\" {\n"
      "test \"sums\" {\n"
      "  given t = [{x: 1}, {x: \"}\"}]\n"
      "  expect `odd}name` == 1\n"
      "}\n"
      "testing = 1\n";
  std::string out = sema::std_module_without_tests(text);
  REQUIRE(out.size() == text.size());
  CHECK(out.find("test \"sums\"") == std::string::npos);
  CHECK(out.find("expect") == std::string::npos);
  CHECK(out.find('}', text.find('\n')) == std::string::npos);  // braces in strings and `names` skipped
  CHECK(out.substr(0, text.find('\n')) == text.substr(0, text.find('\n')));  // the comment stays
  CHECK(out.find("testing = 1\n") == text.find("testing = 1\n"));            // a name starting with test
  size_t lines = 0;
  for (char c : out) lines += c == '\n';
  CHECK(lines == 6);
}
