// Step 3 of the front end: one Program per `test` block, with the block's inline rows as data.
#include <fmt/format.h>
#include <set>

#include "compiler/sema/frontend.h"
#include "compiler/sema/literal_values.h"
#include "compiler/sema/program_builder.h"
#include "compiler/sema/source_binding.h"

namespace kpic::sema {

namespace {

// A literal of test data or of an expectation, as a Value (strings stay strings until a type is known).
std::optional<Value> literal(const ast::Expr& e) {
  switch (e.kind) {
    case ast::ExprKind::IntLit: return Value::of_int(e.int_value);
    case ast::ExprKind::FloatLit: return Value::of_float(e.float_value);
    case ast::ExprKind::StringLit: return Value::of_string(e.text);
    case ast::ExprKind::BoolLit: return Value::of_bool(e.bool_value);
    case ast::ExprKind::NullLit: return Value::null();
    case ast::ExprKind::Unary:
      if (e.op == ast::Op::Neg && e.args.size() == 1) {
        auto v = literal(*e.args[0]);
        if (v && v->type == ValueType::Int) return Value::of_int(-v->i);
        if (v && v->type == ValueType::Float) return Value::of_float(-v->f);
      }
      return std::nullopt;
    case ast::ExprKind::Call:
      if (e.args.size() == 1 && e.args[0]->kind == ast::ExprKind::StringLit && !e.filter && e.per.empty()) {
        if (e.name == "date") return parse_date_literal(e.args[0]->text);
        if (e.name == "timestamp") return parse_timestamp_literal(e.args[0]->text);
      }
      return std::nullopt;
    default: return std::nullopt;
  }
}

// Converts `v` to type `t` where the language allows it (int -> float, "YYYY-MM-DD" -> date, ...).
std::optional<Value> convert(const Value& v, ValueType t) {
  if (v.is_null) return Value::null(t);
  if (v.type == t) return v;
  if (t == ValueType::Float && v.type == ValueType::Int) return Value::of_float(static_cast<double>(v.i));
  if (v.type == ValueType::String && t == ValueType::Date) return parse_date_literal(v.s);
  if (v.type == ValueType::String && t == ValueType::Timestamp) return parse_timestamp_literal(v.s);
  if (v.type == ValueType::Date && t == ValueType::Timestamp) return Value::of_timestamp(v.i * 86400000000LL);
  return std::nullopt;
}

class TestBuilder {
 public:
  TestBuilder(const Unit& unit, const std::map<std::string, Schema>& data, const ast::TestBlock& test,
              Diagnostics& diags)
      : unit_(unit), data_(data), test_(test), diags_(diags) {}

  std::optional<TestCase> build() {
    Definitions defs(unit_, diags_);
    for (const auto& m : test_.metrics) defs.add_local(m, diags_);
    std::vector<bool> unknown_ok;
    std::vector<Source> sources = bind_sources(unit_, data_, false, unknown_ok, diags_);
    TestCase tc;
    tc.name = test_.name;
    tc.range = test_.range;
    tc.given.assign(sources.size(), {});
    tc.rows.assign(sources.size(), 0);
    std::set<int> given_sources;
    for (const auto& g : test_.given) {
      int s = find_source(g);
      if (s < 0) continue;
      if (!given_sources.insert(s).second) {
        diags_.error(DiagCode::bad_test, g.source_range, fmt::format("source `{}` is given twice", g.source));
        continue;
      }
      build_rows(g, sources[s], tc.given[s], tc.rows[s]);
    }
    for (size_t s = 0; s < sources.size(); ++s)
      if (!given_sources.count(static_cast<int>(s)))
        tc.given[s].assign(sources[s].schema.fields.size(), {});  // declared schema, no rows

    std::vector<int> roots;
    for (const auto& m : test_.metrics) roots.push_back(defs.find_metric(m.name));
    for (const auto& ex : test_.expects) {
      int m = defs.find_metric(ex.metric);
      if (m < 0) {
        auto& d = diags_.error(DiagCode::unknown_metric, ex.metric_range, fmt::format("unknown metric `{}`", ex.metric));
        std::string near = nearest_name(ex.metric, defs.metric_names());
        if (!near.empty()) d.help = fmt::format("did you mean `{}`?", near);
        continue;
      }
      roots.push_back(m);
    }
    if (test_.expects.empty())
      diags_.error(DiagCode::bad_test, test_.range, fmt::format("test \"{}\" expects nothing", test_.name));
    ProgramBuilder builder(defs, std::move(sources), std::move(unknown_ok), diags_);
    tc.program = builder.build(roots);
    for (const auto& ex : test_.expects) add_expect(ex, tc);
    if (diags_.has_errors()) return std::nullopt;
    return tc;
  }

 private:
  int find_source(const ast::TestGiven& g) {
    std::vector<std::string> names;
    for (size_t i = 0; i < unit_.sources.size(); ++i) {
      if (unit_.sources[i].name == g.source) return static_cast<int>(i);
      names.push_back(unit_.sources[i].name);
    }
    // A file without `source` declarations has one implicit source: any name given binds to it.
    if (unit_.sources.size() == 1 && unit_.sources[0].implicit) return 0;
    auto& d = diags_.error(DiagCode::unknown_source, g.source_range, fmt::format("unknown source `{}`", g.source));
    std::string near = nearest_name(g.source, names);
    d.help = near.empty() ? fmt::format("the sources are {}", fmt::join(names, ", ")) : fmt::format("did you mean `{}`?", near);
    return -1;
  }

  void build_rows(const ast::TestGiven& g, Source& src, std::vector<std::vector<Value>>& out, int64_t& rows) {
    Schema declared = src.schema;
    Schema schema;
    rows = -1;
    for (size_t c = 0; c < g.columns.size() && c < g.values.size(); ++c) {
      const std::string& name = g.columns[c];
      SourceRange at = c < g.column_ranges.size() ? g.column_ranges[c] : g.range;
      if (schema.find(name) >= 0) {
        diags_.error(DiagCode::bad_test, at, fmt::format("column `{}` is given twice", name));
        continue;
      }
      const ast::Expr& list = *g.values[c];
      if (list.kind != ast::ExprKind::List) {
        diags_.error(DiagCode::bad_test, list.range, fmt::format("the rows of column `{}` must be a list `[...]`", name));
        continue;
      }
      int di = declared.find(name);
      std::optional<ValueType> type;
      if (di >= 0) type = declared.fields[di].type;
      std::vector<Value> values;
      bool ok = true;
      for (const auto& item : list.list) {
        auto v = literal(*item);
        if (!v) {
          diags_.error(DiagCode::bad_test, item->range, "test rows must be literals");
          ok = false;
          break;
        }
        values.push_back(*v);
      }
      if (ok && !type) type = infer(values, name, list.range);
      if (!type) ok = false;
      for (size_t i = 0; ok && i < values.size(); ++i) {
        auto v = convert(values[i], *type);
        if (!v) {
          diags_.error(DiagCode::bad_test, list.list[i]->range,
                       fmt::format("column `{}` holds {} values, this is a {}", name, type_name(*type),
                                   values[i].type == ValueType::Null ? "null" : type_name(values[i].type)));
          ok = false;
          break;
        }
        values[i] = *v;
      }
      if (!ok) {
        // Reported: keep the column, of unknown type, so the metrics using it raise no second error.
        schema.fields.push_back(Field{name, ValueType::Null, true, {}});
        out.emplace_back(values.size(), Value::null());
        if (rows < 0) rows = static_cast<int64_t>(values.size());
        out.back().resize(static_cast<size_t>(rows), Value::null());
        continue;
      }
      if (rows >= 0 && static_cast<int64_t>(values.size()) != rows) {
        diags_.error(DiagCode::bad_test, list.range,
                     fmt::format("column `{}` has {} rows, the columns before it have {}", name, values.size(), rows));
        continue;
      }
      rows = static_cast<int64_t>(values.size());
      schema.fields.push_back(Field{name, *type, true, {}});
      out.push_back(std::move(values));
    }
    if (rows < 0) rows = 0;
    // Declared columns the test does not give are all null.
    for (const auto& f : declared.fields)
      if (schema.find(f.name) < 0) {
        schema.fields.push_back(f);
        out.emplace_back(static_cast<size_t>(rows), Value::null(f.type));
      }
    schema.num_rows = rows;
    src.schema = std::move(schema);
    src.schema_known = true;
  }

  std::optional<ValueType> infer(const std::vector<Value>& values, const std::string& name, SourceRange at) {
    std::optional<ValueType> t;
    for (const auto& v : values) {
      if (v.is_null) continue;
      if (!t || *t == v.type) {
        t = v.type;
      } else if (is_numeric(*t) && is_numeric(v.type)) {
        t = ValueType::Float;
      } else if (is_temporal(*t) && is_temporal(v.type)) {
        t = ValueType::Timestamp;
      } else {
        diags_.error(DiagCode::bad_test, at,
                     fmt::format("column `{}` mixes {} and {} values", name, type_name(*t), type_name(v.type)));
        return std::nullopt;
      }
    }
    if (!t) {
      auto& d = diags_.error(DiagCode::bad_test, at, fmt::format("column `{}` has only nulls: its type is unknown", name));
      d.help = "declare the column's type in the source's schema block";
    }
    return t;
  }

  void add_expect(const ast::TestExpect& ex, TestCase& tc) {
    int m = -1;
    for (size_t i = 0; i < tc.program.metrics.size(); ++i)
      if (tc.program.metrics[i].name == ex.metric) m = static_cast<int>(i);
    if (m < 0 || !ex.value) return;
    const Metric& metric = tc.program.metrics[m];
    TestCase::Expect out;
    out.metric = m;
    out.op = ex.op;
    out.range = ex.range;
    std::vector<const ast::Expr*> items;
    if (ex.value->kind == ast::ExprKind::List) {
      out.is_list = true;
      for (const auto& it : ex.value->list) items.push_back(it.get());
    } else {
      items.push_back(ex.value.get());
    }
    if (out.is_list && metric.dims.empty()) {
      diags_.error(DiagCode::bad_test, ex.value->range,
                   fmt::format("`{}` has no dimensions: expect one value, not a list", ex.metric));
      return;
    }
    if (!out.is_list && !metric.dims.empty()) {
      auto& d = diags_.error(DiagCode::bad_test, ex.value->range,
                             fmt::format("`{}` is grouped by {}: expect a list with one value per group", ex.metric,
                                         metric.dims[0].name));
      d.help = "write the values in the order of the groups, e.g. `expect m == [1, 2, 3]`";
      return;
    }
    for (const ast::Expr* it : items) {
      auto v = literal(*it);
      if (v && !v->is_null) {
        auto c = convert(*v, metric.type);
        if (!c && !(is_numeric(metric.type) && is_numeric(v->type))) {
          diags_.error(DiagCode::bad_test, it->range,
                       fmt::format("`{}` is a {}, this is a {}", ex.metric, type_name(metric.type), type_name(v->type)));
          return;
        }
        if (c) v = c;
      }
      if (!v) {
        diags_.error(DiagCode::bad_test, it->range, "an expected value must be a literal");
        return;
      }
      out.values.push_back(*v);
    }
    tc.expects.push_back(std::move(out));
  }

  const Unit& unit_;
  const std::map<std::string, Schema>& data_;
  const ast::TestBlock& test_;
  Diagnostics& diags_;
};

bool same_diagnostic(const Diagnostic& a, const Diagnostic& b) {
  return a.code == b.code && a.range.file == b.range.file && a.range.begin == b.range.begin &&
         a.range.end == b.range.end && a.message == b.message;
}

}  // namespace

std::vector<TestCase> analyze_tests(SourceManager& sm, const Unit& unit, Diagnostics& diags,
                                    const std::map<std::string, Schema>& data) {
  std::vector<TestCase> out;
  if (unit.files.empty()) return out;
  std::set<std::string> names;
  for (const auto& st : unit.files[0].ast.stmts) {
    if (st.kind != ast::StmtKind::Test || !st.test) continue;
    if (!names.insert(st.test->name).second)
      diags.error(DiagCode::duplicate_definition, st.test->range,
                  fmt::format("two tests are named \"{}\"", st.test->name));
    Diagnostics local;
    auto tc = TestBuilder(unit, data, *st.test, local).build();
    // Problems in the file's own metrics are reported once, not once per test.
    for (const auto& d : local.list()) {
      bool dup = false;
      for (const auto& e : diags.list()) dup = dup || same_diagnostic(d, e);
      if (!dup) diags.add(d);
    }
    if (tc) out.push_back(std::move(*tc));
  }
  return out;
}

}  // namespace kpic::sema
