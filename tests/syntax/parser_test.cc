// Unit tests of the parser API (compiler/syntax/parser.h): AST shapes, ranges, comments, doc comments,
// recovery, limits. Precedence and error messages are also covered by the golden files beside this one.
#include <doctest/doctest.h>

#include "compiler/diag/render.h"
#include "compiler/syntax/ast_dump.h"
#include "compiler/syntax/parser.h"

using namespace kpic;

namespace {

struct Parsed {
  SourceManager sm;
  Diagnostics diags;
  ast::File file;
  FileId id = kNoFile;
  std::string errors() const { return render_all(sm, diags); }
};

std::unique_ptr<Parsed> parse_text(const std::string& text, syntax::ParseLimits limits = {}) {
  auto p = std::make_unique<Parsed>();
  p->id = p->sm.add("t.kpi", text);
  p->file = syntax::parse(p->sm, p->id, p->diags, limits);
  return p;
}

std::string expr_dump(const std::string& text) {
  SourceManager sm;
  Diagnostics diags;
  FileId id = sm.add("--where", text);
  ast::ExprPtr e = syntax::parse_expression(sm, id, diags);
  if (!e) return "ERROR: " + render_all(sm, diags);
  return syntax::dump(*e);
}

}  // namespace

TEST_CASE("a metric with where and by, ranges on every part") {
  auto p = parse_text("rev = sum(amount) where paid by month(ts) as m, region\n");
  REQUIRE(p->diags.size() == 0);
  REQUIRE(p->file.stmts.size() == 1);
  const ast::MetricDef& m = *p->file.stmts[0].metric;
  CHECK(m.name == "rev");
  CHECK(p->sm.slice(m.name_range) == "rev");
  CHECK(p->sm.slice(m.range) == "rev = sum(amount) where paid by month(ts) as m, region");
  CHECK(p->sm.slice(m.expr->range) == "sum(amount)");
  CHECK(p->sm.slice(m.expr->name_range) == "sum");
  CHECK(p->sm.slice(m.where->range) == "paid");
  REQUIRE(m.by.size() == 2);
  CHECK(m.by[0].alias == "m");
  CHECK(p->sm.slice(m.by[0].alias_range) == "m");
  CHECK(p->sm.slice(m.by[0].expr->range) == "month(ts)");
  CHECK(m.by[1].alias.empty());
  CHECK(p->file.stmts[0].range().begin == 0);
}

TEST_CASE("names: qualified, backquoted, soft keywords") {
  auto p = parse_text("x = sum(orders.amount + `order id`) by source\n");
  REQUIRE(p->diags.size() == 0);
  const ast::Expr& sum = *p->file.stmts[0].metric->expr;
  const ast::Expr& plus = *sum.args[0];
  CHECK(plus.args[0]->qualifier == "orders");
  CHECK(plus.args[0]->name == "amount");
  CHECK(p->sm.slice(plus.args[0]->name_range) == "amount");
  CHECK(p->sm.slice(plus.args[0]->range) == "orders.amount");
  CHECK(plus.args[1]->name == "order id");
  CHECK(plus.args[1]->backquoted);
  CHECK(p->file.stmts[0].metric->by[0].expr->name == "source");
}

TEST_CASE("literals") {
  CHECK(expr_dump("42") == "42");
  CHECK(expr_dump("1.5e-3") == "1.5e-3");
  CHECK(expr_dump("\"a\\\"b\\n\"") == "\"a\\\"b\\n\"");
  CHECK(expr_dump("date(\"2024-01-31\")") == "(call date \"2024-01-31\")");
  CHECK(expr_dump("true or false and null") == "(or true (and false null))");
  auto p = parse_text("x = 9223372036854775807 + 0.25\n");
  REQUIRE(p->diags.size() == 0);
  const ast::Expr& e = *p->file.stmts[0].metric->expr;
  CHECK(e.args[0]->int_value == INT64_MAX);
  CHECK(e.args[1]->float_value == 0.25);
  CHECK(e.args[1]->text == "0.25");
}

TEST_CASE("parse_expression for --where and --by") {
  CHECK(expr_dump("region == \"EU\" and amount > 10") == "(and (== region \"EU\") (> amount 10))");
  CHECK(expr_dump("month(ts)") == "(call month ts)");
  CHECK(expr_dump("a b").rfind("ERROR: ", 0) == 0);
  CHECK(expr_dump("").rfind("ERROR: ", 0) == 0);
  CHECK(expr_dump("(a").find("unclosed `(`") != std::string::npos);
}

TEST_CASE("parenthesised expressions keep the parentheses in their range") {
  auto p = parse_text("x = (a + b) * c\n");
  const ast::Expr& mul = *p->file.stmts[0].metric->expr;
  CHECK(mul.args[0]->parenthesized);
  CHECK(p->sm.slice(mul.args[0]->range) == "(a + b)");
  CHECK(p->sm.slice(mul.range) == "(a + b) * c");
}

TEST_CASE("comments and doc comments") {
  auto p = parse_text(
      "# header\n"
      "## First line.\n"
      "## Second line.\n"
      "@unit(usd)\n"
      "x = count()  # trailing\n"
      "\n"
      "## detached\n"
      "\n"
      "y = 1\n"
      "### section\n"
      "z = 2\n");
  REQUIRE(p->diags.size() == 0);
  REQUIRE(p->file.stmts.size() == 3);
  const ast::MetricDef& x = *p->file.stmts[0].metric;
  CHECK(x.doc.text == "First line.\nSecond line.");
  CHECK(p->sm.slice(x.doc.range) == "## First line.\n## Second line.");
  REQUIRE(x.attributes.size() == 1);
  CHECK(x.attributes[0].name == "unit");
  CHECK(x.attributes[0].arg->name == "usd");
  CHECK(p->file.stmts[1].metric->doc.text.empty());
  CHECK(p->file.stmts[2].metric->doc.text.empty());
  REQUIRE(p->file.comments.size() == 6);
  CHECK(p->file.comments[0].text == "# header");
  CHECK(p->file.comments[0].own_line);
  CHECK(!p->file.comments[0].doc);
  CHECK(p->file.comments[1].doc);
  CHECK(p->file.comments[3].text == "# trailing");
  CHECK(!p->file.comments[3].own_line);
  CHECK(p->file.comments[4].doc);
  CHECK(!p->file.comments[5].doc);  // ### is not a doc comment
}

TEST_CASE("attributes with a comparison") {
  auto p = parse_text("@target(>= 50)\n@owner(\"growth\")\n@flag\nx = 1\n");
  REQUIRE(p->diags.size() == 0);
  const auto& attrs = p->file.stmts[0].metric->attributes;
  REQUIRE(attrs.size() == 3);
  CHECK(attrs[0].op == ast::Op::Ge);
  CHECK(attrs[0].arg->int_value == 50);
  CHECK(!attrs[1].op);
  CHECK(attrs[1].arg->text == "growth");
  CHECK(attrs[2].arg == nullptr);
  CHECK(p->sm.slice(attrs[0].range) == "@target(>= 50)");
}

TEST_CASE("imports, sources, fns and tests") {
  auto p = parse_text(
      "import std.revenue\nimport \"lib/other.kpi\"\n"
      "source orders \"data/orders.parquet\" { id: int, `order ts`: timestamp }\n"
      "fn conv(p, q) = pct(p where q)\n"
      "test \"conv\" {\n  given orders { a: [1, 2, null], b: [true, false, true] }\n"
      "  m = conv(a > 1, b)\n  expect m == 50.0\n  expect g == [1, -2]\n}\n");
  INFO(p->errors());
  REQUIRE(p->diags.size() == 0);
  REQUIRE(p->file.stmts.size() == 5);
  CHECK(p->file.stmts[0].import->module == "std.revenue");
  CHECK(p->file.stmts[1].import->path == "lib/other.kpi");
  const ast::SourceDecl& s = *p->file.stmts[2].source;
  CHECK(s.default_path == "data/orders.parquet");
  CHECK(s.has_schema);
  REQUIRE(s.schema.size() == 2);
  CHECK(s.schema[1].name == "order ts");
  CHECK(s.schema[1].type == "timestamp");
  const ast::FnDef& f = *p->file.stmts[3].fn;
  CHECK(f.params == std::vector<std::string>{"p", "q"});
  CHECK(p->sm.slice(f.param_ranges[1]) == "q");
  CHECK(f.body->filter != nullptr);
  const ast::TestBlock& t = *p->file.stmts[4].test;
  CHECK(t.name == "conv");
  REQUIRE(t.given.size() == 1);
  CHECK(t.given[0].columns == std::vector<std::string>{"a", "b"});
  CHECK(t.given[0].values[0]->list.size() == 3);
  REQUIRE(t.metrics.size() == 1);
  CHECK(t.metrics[0].name == "m");
  REQUIRE(t.expects.size() == 2);
  CHECK(t.expects[0].value->float_value == 50.0);
  CHECK(t.expects[1].value->kind == ast::ExprKind::List);
}

TEST_CASE("a broken statement is reported and left out; the others are kept") {
  auto p = parse_text("a = 1\nb = sum(\nc = 3\nd = * 2\ne = 5\n");
  INFO(p->errors());
  CHECK(p->diags.size() == 1);  // after an unclosed `(` later errors are not reported (cascades)
  std::vector<std::string> names;
  for (const auto& s : p->file.stmts) names.push_back(s.metric->name);
  CHECK(names == std::vector<std::string>{"a", "e"});
  auto q = parse_text("a = 1\nb = 2 +\nc = 3\nd = * 2\ne = 5\n");
  names.clear();
  for (const auto& s : q->file.stmts) names.push_back(s.metric->name);
  CHECK(names == std::vector<std::string>{"a", "e"});
  CHECK(q->diags.size() == 2);
}

TEST_CASE("limits: size and nesting depth") {
  syntax::ParseLimits small;
  small.max_bytes = 10;
  auto p = parse_text("x = 1 + 2 + 3\n", small);
  REQUIRE(p->diags.size() == 1);
  CHECK(p->diags.list()[0].code == DiagCode::input_too_large);

  std::string deep = "x = " + std::string(100000, '(') + "1" + std::string(100000, ')') + "\n";
  auto d = parse_text(deep);
  REQUIRE(d->diags.size() == 1);
  CHECK(d->diags.list()[0].code == DiagCode::nesting_too_deep);

  std::string chain = "x = 1";
  for (int i = 0; i < 100000; ++i) chain += " + 1";
  auto c = parse_text(chain);
  CHECK(c->diags.list()[0].code == DiagCode::nesting_too_deep);

  std::string unary = "x = " + std::string(100000, '-') + "1";
  CHECK(parse_text(unary)->diags.list()[0].code == DiagCode::nesting_too_deep);

  std::string ok = "x = " + std::string(50, '(') + "1" + std::string(50, ')') + "\n";
  CHECK(parse_text(ok)->diags.size() == 0);
}

TEST_CASE("invalid UTF-8 and non-ASCII text") {
  auto p = parse_text("## Ünïcode dóc — ok\nx = count(where name == \"café\")\ny = 1 \xff\n");
  REQUIRE(p->diags.size() == 1);
  CHECK(p->diags.list()[0].message == "invalid UTF-8 byte 0xFF");
  CHECK(p->sm.line_col(p->id, p->diags.list()[0].range.begin).col == 7);
  REQUIRE(p->file.stmts.size() == 1);
  CHECK(p->file.stmts[0].metric->doc.text == "Ünïcode dóc — ok");
  CHECK(p->file.stmts[0].metric->expr->filter->args[1]->text == "café");
}
