#include "compiler/syntax/ast.h"

namespace kpic::ast {

const char* op_spelling(Op op) {
  switch (op) {
    case Op::Not: return "not";
    case Op::Neg: return "-";
    case Op::Or: return "or";
    case Op::And: return "and";
    case Op::Eq: return "==";
    case Op::Ne: return "!=";
    case Op::Lt: return "<";
    case Op::Le: return "<=";
    case Op::Gt: return ">";
    case Op::Ge: return ">=";
    case Op::Add: return "+";
    case Op::Sub: return "-";
    case Op::Mul: return "*";
    case Op::Div: return "/";
    case Op::Mod: return "%";
  }
  return "?";
}

std::string quote_string(const std::string& value) {
  std::string out = "\"";
  for (char c : value) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
  return out + "\"";
}

SourceRange Stmt::range() const {
  switch (kind) {
    case StmtKind::Metric: return metric ? metric->range : SourceRange{};
    case StmtKind::Fn: return fn ? fn->range : SourceRange{};
    case StmtKind::Import: return import ? import->range : SourceRange{};
    case StmtKind::Source: return source ? source->range : SourceRange{};
    case StmtKind::Test: return test ? test->range : SourceRange{};
    case StmtKind::Calendar: return calendar ? calendar->range : SourceRange{};
  }
  return {};
}

}  // namespace kpic::ast
