// sema::dump: a stable text form of the typed program for golden tests (`kpic debug program FILE`).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "compiler/sema/literal_values.h"
#include "compiler/sema/program.h"
#include "compiler/sema/relations.h"

namespace kpic::sema {

namespace {

std::string value_text(const Value& v) {
  if (v.is_null) return "null";
  switch (v.type) {
    case ValueType::Null: return "null";
    case ValueType::Bool: return v.i ? "true" : "false";
    case ValueType::Int: return std::to_string(v.i);
    case ValueType::Float: return fmt::format("{}", v.f);
    case ValueType::String: return fmt::format("\"{}\"", v.s);
    case ValueType::Date: return fmt::format("date(\"{}\")", format_date(v.i));
    case ValueType::Timestamp: return fmt::format("timestamp(\"{}\")", format_timestamp(v.i));
  }
  return "?";
}

class Dumper {
 public:
  explicit Dumper(const Program& p) : p_(p) {}

  std::string expr(const Expr& e) {
    std::string t = fmt::format(":{}", type_name(e.type));
    switch (e.kind) {
      case ExprKind::Literal: return value_text(e.value);
      case ExprKind::Column:
        if (e.source < 0 || e.source >= static_cast<int>(p_.sources.size())) return "?column";
        return fmt::format("{}.{}", p_.sources[e.source].name, p_.sources[e.source].schema.fields[e.column].name);
      case ExprKind::Lookup: return lookup_text(p_.sources, e);
      case ExprKind::MetricRef:
        return e.metric >= 0 ? fmt::format("@{}{}", p_.metrics[e.metric].name, e.level == Level::Row ? ":scalar" : "")
                             : "@?";
      case ExprKind::Unary: return fmt::format("({}{} {})", e.op == ast::Op::Not ? "not" : "neg", t, expr(*e.args[0]));
      case ExprKind::Binary:
        return fmt::format("({}{} {} {})", ast::op_spelling(e.op), t, expr(*e.args[0]), expr(*e.args[1]));
      case ExprKind::If: return fmt::format("(if{} {} {} {})", t, expr(*e.args[0]), expr(*e.args[1]), expr(*e.args[2]));
      case ExprKind::In: {
        std::vector<std::string> vs;
        for (const auto& v : e.values) vs.push_back(value_text(v));
        return fmt::format("({} {} [{}])", e.negated ? "not-in" : "in", expr(*e.args[0]), fmt::join(vs, ", "));
      }
      case ExprKind::IsNull: return fmt::format("({} {})", e.negated ? "is-not-null" : "is-null", expr(*e.args[0]));
      case ExprKind::Call:
      case ExprKind::Lag:
      case ExprKind::Period:
      case ExprKind::Aggregate: {
        std::string out = fmt::format("({}", builtin_info(e.builtin).name);
        if (e.ungrouped) out += "!ungrouped";
        if (e.kind == ExprKind::Period) out += fmt::format("@dim{}", e.time_dim);
        out += t;
        for (const auto& a : e.args) out += " " + expr(*a);
        if (e.filter) out += " where " + expr(*e.filter);
        if (!e.per.empty()) {
          out += " per";
          for (const auto& k : e.per) out += " " + expr(*k);
        }
        return out + ")";
      }
    }
    return "?";
  }

  std::string run() {
    std::string out;
    for (const auto& s : p_.sources) {
      std::vector<std::string> cols;
      for (const auto& f : s.schema.fields) cols.push_back(fmt::format("{}:{}", f.name, type_name(f.type)));
      out += fmt::format("source {}{}{}: {}\n", s.name, s.implicit ? " (implicit)" : "",
                         s.schema_known ? "" : " (no schema)", fmt::join(cols, ", "));
      if (s.where) out += fmt::format("  where {}\n", expr(*s.where));
    }
    for (const auto& m : p_.metrics) {
      out += fmt::format("metric {}:{}", m.name, type_name(m.type));
      if (m.source >= 0) out += fmt::format(" source={}", p_.sources[m.source].name);
      if (m.unsplit_copy) out += " unsplit-copy";
      else if (!m.from_main_file) out += " imported";
      if (!m.unit.empty()) out += fmt::format(" unit={}", m.unit);
      if (m.target) out += fmt::format(" target({} {})", ast::op_spelling(m.target->op), m.target->value);
      if (!m.owner.empty()) out += fmt::format(" owner=\"{}\"", m.owner);
      if (!m.deps.empty()) {
        std::vector<std::string> ds;
        for (int d : m.deps) ds.push_back(p_.metrics[d].name);
        out += fmt::format(" deps=[{}]", fmt::join(ds, ", "));
      }
      out += "\n";
      for (const auto& d : m.dims)
        out += fmt::format("  {} {}:{}{} = {}\n", m.explicit_by ? "by" : "by (inherited)", d.name, type_name(d.type),
                           d.time_bucket ? " time" : "", d.expr ? expr(*d.expr) : "(from the metrics used)");
      if (m.where) out += fmt::format("  where {}\n", expr(*m.where));
      if (m.expr) out += fmt::format("  = {}\n", expr(*m.expr));
    }
    std::vector<std::string> order;
    for (int i : p_.eval_order) order.push_back(p_.metrics[i].name);
    out += fmt::format("eval order: {}\n", fmt::join(order, ", "));
    return out;
  }

 private:
  const Program& p_;
};

}  // namespace

std::string dump(const Program& p) { return Dumper(p).run(); }

}  // namespace kpic::sema
