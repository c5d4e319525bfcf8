// The abstract syntax tree of one .kpi file: the boundary between compiler/syntax (which builds it from
// ANTLR's parse tree) and everything after (sema, the formatter, editors). No ANTLR type appears here.
// Every node carries the source range it was parsed from; names keep their exact spelling.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diag/source_manager.h"
#include "compiler/lang/op.h"

namespace kpic::ast {

enum class ExprKind {
  IntLit,     // 42            (int_value, text)
  FloatLit,   // 3.5, 1e-3     (float_value, text)
  DurationLit,  // 14 days     (int_value: the count; name: the unit, plural; text: "14 days")
  StringLit,  // "text"        (text: the decoded value)
  BoolLit,    // true / false  (bool_value)
  NullLit,    // null
  Name,       // score, `order id`, orders.amount  (name; qualifier for `orders.amount`)
  Unary,      // not x, -x     (op, args[0])
  Binary,     // a + b, a and b, a == b ... (op, args[0], args[1])
  In,         // x in [a, b]   (args[0] = x, list = [a, b]; negated for `not in`)
  IsNull,     // x is null / x is not null (args[0]; negated for `is not null`)
  If,         // if c then a else b (args = {c, a, b})
  Call,       // f(a, b where p per k1, k2)  (name, args, filter, per)
  List,       // [a, b, c]  (only in test data and test expectations: list)
};

using Op = lang::Op;  // the closed list of operators (compiler/lang/op.h)

const char* op_spelling(Op op);  // "and", "==", "+", ...
// A string as a .kpi literal: in double quotes, with `"`, `\\`, newline, tab and CR escaped.
std::string quote_string(const std::string& value);

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  ExprKind kind;
  SourceRange range;

  // literals
  int64_t int_value = 0;
  double float_value = 0;
  bool bool_value = false;
  std::string text;  // literal spelling (numbers) or decoded string value

  // Name and Call
  std::string name;
  std::string qualifier;  // `orders` in `orders.amount`; empty when unqualified
  SourceRange name_range;  // the name alone (for carets on a callee or a column)
  bool backquoted = false;

  Op op = Op::Add;         // Unary, Binary
  bool negated = false;    // In (`not in`), IsNull (`is not null`)
  bool parenthesized = false;  // written inside (...) — kept for the formatter

  std::vector<ExprPtr> args;  // operands / call arguments
  std::vector<ExprPtr> list;  // In: the candidates; List: the elements
  ExprPtr filter;             // Call: inner `where` predicate, or null
  std::vector<ExprPtr> per;   // Call: `per` keys (nested aggregation), empty when none

  explicit Expr(ExprKind k, SourceRange r = {}) : kind(k), range(r) {}
};

// `## text` lines directly above a definition, joined with '\n', without the leading "## ".
struct DocComment {
  std::string text;
  SourceRange range;
};

// @unit(usd), @target(>= 50), @owner("growth")
struct Attribute {
  std::string name;    // "unit", "target", "owner"
  SourceRange range;   // from '@' to ')'
  std::optional<Op> op;  // comparison in @target(>= 50); unset when absent
  ExprPtr arg;         // the argument expression (a Name for @unit(usd)); null for @foo()
};

struct Dimension {
  ExprPtr expr;        // a column or a time bucket call such as month(ts)
  std::string alias;   // `as m`; empty when absent
  SourceRange alias_range;
};

struct MetricDef {
  std::string name;
  SourceRange name_range;
  SourceRange range;  // the whole statement
  DocComment doc;
  std::vector<Attribute> attributes;
  ExprPtr expr;
  ExprPtr where;  // metric-level filter, or null
  std::vector<Dimension> by;
};

struct FnDef {
  std::string name;
  SourceRange name_range;
  SourceRange range;
  DocComment doc;
  std::vector<Attribute> attributes;
  std::vector<std::string> params;
  std::vector<SourceRange> param_ranges;
  ExprPtr body;
};

struct Import {
  // `import std.revenue` -> module = "std.revenue"; `import "path/other.kpi"` -> path = "path/other.kpi"
  std::string module;
  std::string path;
  SourceRange range;
};

struct SchemaColumn {
  std::string name;
  SourceRange name_range;
  std::string type;  // as written: int, float, bool, string, date, timestamp (sema validates)
  SourceRange type_range;
  bool key = false;          // `... key`: the source's key (unique in the data)
  SourceRange key_range;
  std::string references;    // `... references SOURCE`: a many-to-one lookup into SOURCE's key; "" when none
  SourceRange references_range;  // SOURCE's name
};

struct SourceDecl {
  std::string name;
  SourceRange name_range;
  SourceRange range;
  DocComment doc;
  std::string default_path;  // empty when absent
  bool has_schema = false;
  std::vector<SchemaColumn> schema;
};

// given SOURCE { col: [v, ...], ... }
struct TestGiven {
  std::string source;
  SourceRange source_range;
  SourceRange range;
  std::vector<std::string> columns;
  std::vector<SourceRange> column_ranges;
  std::vector<ExprPtr> values;  // one List expression per column
};

// expect METRIC == VALUE  (VALUE: a literal, or a List of literals for a grouped metric in row order)
struct TestExpect {
  std::string metric;
  SourceRange metric_range;
  SourceRange range;
  Op op = Op::Eq;
  ExprPtr value;
};

struct TestBlock {
  std::string name;
  SourceRange range;
  std::vector<TestGiven> given;
  std::vector<MetricDef> metrics;  // definitions local to the test
  std::vector<TestExpect> expects;
};

// calendar { week_start: sunday, time_zone: "America/New_York" }: the entries as written (sema checks them).
struct CalendarEntry {
  std::string key;
  SourceRange key_range;
  std::string value;  // the name, or the decoded string
  SourceRange value_range;
  bool quoted = false;  // written as a string
};

struct CalendarDecl {
  SourceRange range;
  std::vector<CalendarEntry> entries;
};

enum class StmtKind { Metric, Fn, Import, Source, Test, Calendar };

struct Stmt {
  StmtKind kind;
  // exactly one of these is set, matching kind
  std::unique_ptr<MetricDef> metric;
  std::unique_ptr<FnDef> fn;
  std::unique_ptr<Import> import;
  std::unique_ptr<SourceDecl> source;
  std::unique_ptr<TestBlock> test;
  std::unique_ptr<CalendarDecl> calendar;
  SourceRange range() const;
};

// Every comment of the file in order, for the formatter (doc comments included, marked `doc`).
struct Comment {
  std::string text;  // the whole comment including '#' or '##'
  SourceRange range;
  bool doc = false;
  bool own_line = false;  // nothing but whitespace precedes it on its line
};

struct File {
  FileId file = kNoFile;
  std::vector<Stmt> stmts;
  std::vector<Comment> comments;
};

}  // namespace kpic::ast
