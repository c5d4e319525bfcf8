// Expanded formulas and metric meanings for `kpic diff` (see expanded_formula.h).
#include "compiler/driver/diff/expanded_formula.h"

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <map>

#include "compiler/driver/output/value_text.h"
#include "compiler/sema/literal_values.h"

namespace kpic::diff {

namespace {

// Binding strength of an operator: higher binds tighter. Comparisons do not chain.
int precedence(ast::Op op) {
  switch (op) {
    case ast::Op::Or: return 1;
    case ast::Op::And: return 2;
    case ast::Op::Eq:
    case ast::Op::Ne:
    case ast::Op::Lt:
    case ast::Op::Le:
    case ast::Op::Gt:
    case ast::Op::Ge: return 3;
    case ast::Op::Add:
    case ast::Op::Sub: return 4;
    case ast::Op::Mul:
    case ast::Op::Div:
    case ast::Op::Mod: return 5;
    case ast::Op::Not:
    case ast::Op::Neg: return 6;
  }
  return 0;
}

bool is_identifier(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

std::string name_text(const std::string& s) { return is_identifier(s) ? s : "`" + s + "`"; }

std::string literal_text(const Value& v) {
  if (v.is_null) return "null";
  switch (v.type) {
    case ValueType::Null: return "null";
    case ValueType::Bool: return v.i ? "true" : "false";
    case ValueType::Int: return std::to_string(v.i);
    case ValueType::Float: {
      std::string t = output::shortest_double(v.f);
      // A float literal stays visibly a float (`2.0`, not `2`): int and float arithmetic differ.
      if (t.find_first_of(".eEn") == std::string::npos) t += ".0";
      return t;
    }
    case ValueType::String: return ast::quote_string(v.s);
    case ValueType::Date: return "date(" + ast::quote_string(sema::format_date(v.i)) + ")";
    case ValueType::Timestamp: return "timestamp(" + ast::quote_string(sema::format_timestamp(v.i)) + ")";
  }
  return "?";
}

class Printer {
 public:
  Printer(const sema::Program& p, int home) : p_(p), home_(home) {}

  std::string expr(const sema::Expr& e) {
    using K = sema::ExprKind;
    switch (e.kind) {
      case K::Literal: return literal_text(e.value);
      case K::Column: {
        if (e.source < 0 || e.source >= static_cast<int>(p_.sources.size())) return "?";
        const auto& src = p_.sources[e.source];
        std::string col = name_text(src.schema.fields[e.column].name);
        return e.source == home_ ? col : name_text(src.name) + "." + col;
      }
      case K::Lookup: {  // as written: qualified by the source it is looked up in
        if (e.lookup < 0 || e.lookup >= static_cast<int>(p_.sources.size())) return "?";
        const auto& src = p_.sources[e.lookup];
        return name_text(src.name) + "." + name_text(src.schema.fields[e.column].name);
      }
      case K::MetricRef: return e.metric >= 0 ? name_text(p_.metrics[e.metric].name) : "?";
      case K::Unary: {
        std::string arg = operand(*e.args[0], precedence(e.op), false);
        return e.op == ast::Op::Not ? "not " + arg : "-" + arg;
      }
      case K::Binary:
        return operand(*e.args[0], precedence(e.op), false) + " " + ast::op_spelling(e.op) + " " +
               operand(*e.args[1], precedence(e.op), true);
      case K::If:
        return "if " + expr(*e.args[0]) + " then " + expr(*e.args[1]) + " else " + expr(*e.args[2]);
      case K::In: {
        std::string out = operand(*e.args[0], 7, false) + (e.negated ? " not in [" : " in [");
        for (size_t i = 0; i < e.values.size(); ++i) out += (i ? ", " : "") + literal_text(e.values[i]);
        return out + "]";
      }
      case K::IsNull: return operand(*e.args[0], 7, false) + (e.negated ? " is not null" : " is null");
      case K::Period:
        if (e.builtin == sema::Builtin::CohortRetention && e.args.size() == 4) {  // sema/cohort.cc's layout
          std::string out = "cohort_retention(" + expr(*e.args[2]) + ", " + expr(*e.args[3]);
          const sema::Expr* start = e.args[0]->filter.get();
          const sema::Expr* active = e.args[1]->filter.get();
          if (start || active) out += ", " + (start ? expr(*start) : std::string("true"));
          if (active) out += ", " + expr(*active);
          return out + ")";
        }
        [[fallthrough]];
      case K::Call:
      case K::Lag:
      case K::Aggregate: {
        std::string out = std::string(e.kind == K::Lag ? "lag" : sema::builtin_info(e.builtin).name) + "(";
        for (size_t i = 0; i < e.args.size(); ++i) out += (i ? ", " : "") + expr(*e.args[i]);
        if (e.filter) out += (e.args.empty() ? "where " : " where ") + expr(*e.filter);
        for (size_t i = 0; i < e.per.size(); ++i) out += (i ? ", " : " per ") + expr(*e.per[i]);
        return out + ")";
      }
    }
    return "?";
  }

 private:
  // An operand of an operator of strength `outer`: in parentheses when it binds less tightly, or as
  // tightly on the right (operators group to the left) or beside a comparison (they do not chain).
  std::string operand(const sema::Expr& e, int outer, bool right) {
    using K = sema::ExprKind;
    int inner = 8;  // atoms: literals, names, calls
    if (e.kind == K::Binary || e.kind == K::Unary) inner = precedence(e.op);
    if (e.kind == K::If) inner = 0;
    if (e.kind == K::In || e.kind == K::IsNull) inner = 3;
    bool paren = inner < outer || (inner == outer && (right || inner == 3));
    std::string text = expr(e);
    return paren ? "(" + text + ")" : text;
  }

  const sema::Program& p_;
  int home_;
};

// `by` dimensions. `all_names`: say `as NAME` even where it is the bucket's own name (`month(ts) as
// month`): the meaning must name every output column; a person reads `month(ts)` alone.
std::string dims_text(const sema::Program& p, const sema::Metric& m, bool all_names) {
  std::string out;
  for (size_t i = 0; i < m.dims.size(); ++i) {
    const auto& d = m.dims[i];
    std::string e = d.expr ? formula_text(p, *d.expr, m.source) : name_text(d.name);
    bool default_name = d.time_bucket && d.name == sema::builtin_info(d.bucket).name;
    if (e != name_text(d.name) && (all_names || !default_name)) e += " as " + name_text(d.name);
    out += (i ? ", " : "") + e;
  }
  return out;
}

// 128 bits of two independent 64-bit FNV-1a hashes, as hex: a metric's meaning stands in for itself
// inside the meaning of the metrics that use it, so shared dependencies never multiply the text.
std::string fingerprint(const std::string& text) {
  uint64_t a = 14695981039346656037ull, b = 1099511628211ull * 31;
  for (unsigned char c : text) {
    a = (a ^ c) * 1099511628211ull;
    b = (b ^ (c + 0x9e)) * 0x100000001b3ull + 0x7f4a7c15;
  }
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(a),
                static_cast<unsigned long long>(b));
  return buf;
}

std::string own_meaning(const sema::Program& p, int metric, std::map<int, std::string>& prints, int depth);

std::string print_of(const sema::Program& p, int metric, std::map<int, std::string>& prints, int depth) {
  auto it = prints.find(metric);
  if (it != prints.end()) return it->second;
  // The metric graph has no cycles (sema rejects them); the depth bound keeps a bad program finite.
  std::string print = depth > 10000 ? "?" : fingerprint(own_meaning(p, metric, prints, depth + 1));
  prints[metric] = print;
  return print;
}

std::string own_meaning(const sema::Program& p, int metric, std::map<int, std::string>& prints, int depth) {
  const sema::Metric& m = p.metrics[metric];
  // A file that declares no source reads an implicit one named after the file: the same definitions in
  // old.kpi and new.kpi mean the same (kpic diff --base-file old.kpi new.kpi).
  std::string out = "source " + (m.source < 0                    ? std::string("-")
                                 : p.sources[m.source].implicit ? std::string("(implicit)")
                                                                : p.sources[m.source].name);
  out += " type " + std::string(type_name(m.type));
  out += (m.explicit_by ? " by [" : " by inherited [") + dims_text(p, m, true) + "]";
  if (m.where) out += " where " + formula_text(p, *m.where, m.source);
  if (m.expr) out += " = " + formula_text(p, *m.expr, m.source);
  for (int d : m.deps) out += " {uses " + p.metrics[d].name + " " + print_of(p, d, prints, depth) + "}";
  return out;
}

}  // namespace

std::string formula_text(const sema::Program& p, const sema::Expr& e, int home_source) {
  return Printer(p, home_source).expr(e);
}

std::string metric_formula(const sema::Program& p, const sema::Metric& m) {
  std::string out = m.expr ? formula_text(p, *m.expr, m.source) : "?";
  if (m.where) out += " where " + formula_text(p, *m.where, m.source);
  if (m.explicit_by && !m.dims.empty()) out += " by " + dims_text(p, m, false);
  return out;
}

std::string metric_meaning(const sema::Program& p, int metric) {
  std::map<int, std::string> prints;
  return own_meaning(p, metric, prints, 0);
}

}  // namespace kpic::diff
