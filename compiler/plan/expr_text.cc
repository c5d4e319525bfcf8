// Canonical text of typed expressions: equal text means equal meaning within one Program (columns are
// written with their source, literals with their type), so it identifies passes and aggregates.
#include <cstdio>

#include "compiler/plan/plan.h"
#include "compiler/sema/relations.h"

namespace kpic::plan {
namespace {

// Unary minus is written `neg` so that it never reads like binary subtraction in prefix form.
const char* op_text(ast::Op op) { return op == ast::Op::Neg ? "neg" : ast::op_spelling(op); }

}  // namespace

std::string value_text(const Value& v) {
  if (v.is_null) return "null";
  switch (v.type) {
    case ValueType::Float: {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.17g", v.f);
      return std::string(buf) + "f";
    }
    case ValueType::String: {
      std::string out = "\"";
      for (char c : v.s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
      }
      return out + "\"";
    }
    case ValueType::Bool: return v.i ? "true" : "false";
    case ValueType::Date: return "date:" + std::to_string(v.i);
    case ValueType::Timestamp: return "ts:" + std::to_string(v.i);
    default: return std::to_string(v.i);
  }
}

std::string expr_text(const sema::Program& p, const sema::Expr& e) {
  auto args = [&](size_t from = 0) {
    std::string out;
    for (size_t i = from; i < e.args.size(); ++i) out += " " + expr_text(p, *e.args[i]);
    return out;
  };
  switch (e.kind) {
    case sema::ExprKind::Literal: return value_text(e.value);
    case sema::ExprKind::Column: {
      const auto& src = p.sources[e.source];
      return src.name + "." + src.schema.fields[e.column].name;
    }
    case sema::ExprKind::Lookup: return sema::lookup_text(p.sources, e);
    case sema::ExprKind::MetricRef: return "@" + p.metrics[e.metric].name;
    case sema::ExprKind::Unary:
    case sema::ExprKind::Binary: return std::string("(") + op_text(e.op) + args() + ")";
    case sema::ExprKind::If: return "(if" + args() + ")";
    case sema::ExprKind::In: {
      std::string out = e.negated ? "(notin" : "(in";
      out += args() + " [";
      for (const auto& v : e.values) out += value_text(v) + ",";
      return out + "])";
    }
    case sema::ExprKind::IsNull: return std::string(e.negated ? "(isnotnull" : "(isnull") + args() + ")";
    case sema::ExprKind::Call:
    case sema::ExprKind::Period:
      return "(" + std::string(sema::builtin_info(e.builtin).name) + args() + ")";
    case sema::ExprKind::Lag: return "(lag" + args() + ")";
    case sema::ExprKind::Aggregate: {
      std::string out = "(" + std::string(sema::builtin_info(e.builtin).name) + args();
      if (e.filter) out += " where " + expr_text(p, *e.filter);
      for (const auto& k : e.per) out += " per " + expr_text(p, *k);
      if (e.ungrouped) out += " ungrouped";
      return out + ")";
    }
  }
  return "?";
}

}  // namespace kpic::plan
