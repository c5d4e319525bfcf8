#include "compiler/format/expr_doc.h"

#include <algorithm>
#include <array>
#include <fmt/format.h>

namespace kpic::format {

namespace {

// The reserved words of grammar/Kpi.g4: a name spelled like one of them needs backquotes. (The statement
// keywords source, test, given, expect, fn and import are soft: they may name things unquoted.)
constexpr std::array<std::string_view, 15> kKeywords = {"and",  "or",   "not",  "in",    "is",
                                                        "null", "true", "false", "if",   "then",
                                                        "else", "where", "by",   "per",  "as"};

Doc text(std::string s) { return Doc::text(std::move(s)); }

}  // namespace

bool is_plain_identifier(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    bool digit = c >= '0' && c <= '9';
    if (!alpha && !(digit && i > 0)) return false;
  }
  for (auto kw : kKeywords)
    if (name == kw) return false;
  return true;
}

int precedence(const ast::Expr& e) {
  switch (e.kind) {
    case ast::ExprKind::Unary: return e.op == ast::Op::Not ? 3 : 7;
    case ast::ExprKind::In:
    case ast::ExprKind::IsNull: return 4;
    case ast::ExprKind::Binary:
      switch (e.op) {
        case ast::Op::Or: return 1;
        case ast::Op::And: return 2;
        case ast::Op::Add:
        case ast::Op::Sub: return 5;
        case ast::Op::Mul:
        case ast::Op::Div:
        case ast::Op::Mod: return 6;
        default: return 4;
      }
    default: return 8;
  }
}

std::string ExprDoc::name(const std::string& n, SourceRange written) const {
  bool quoted = false;
  if (written.valid() && written.end > written.begin) quoted = sm_.slice(written).front() == '`';
  if (quoted || !is_plain_identifier(n)) return "`" + n + "`";
  return n;
}

std::string ExprDoc::string_literal(const std::string& value, SourceRange written) const {
  if (written.valid() && written.end > written.begin + 1) {
    std::string_view s = sm_.slice(written);
    if (s.front() == '"' && s.back() == '"') return std::string(s);
  }
  return ast::quote_string(value);
}

std::string ExprDoc::string_token_after(uint32_t from, uint32_t limit, FileId file) const {
  std::string_view t = sm_.text(file);
  if (limit > t.size()) limit = static_cast<uint32_t>(t.size());
  size_t q = t.find('"', from);
  if (q == std::string_view::npos || q >= limit) return "";
  for (size_t i = q + 1; i < limit; ++i) {
    if (t[i] == '\\') {
      ++i;
    } else if (t[i] == '"') {
      return std::string(t.substr(q, i + 1 - q));
    } else if (t[i] == '\n') {
      break;
    }
  }
  return "";
}

std::string ExprDoc::literal(const ast::Expr& e) const {
  std::string_view written = e.range.valid() && e.range.end > e.range.begin ? sm_.slice(e.range) : "";
  switch (e.kind) {
    case ast::ExprKind::IntLit:
    case ast::ExprKind::FloatLit: {
      bool numeric = !written.empty() && written.find_first_not_of("0123456789.eE+-_") == std::string_view::npos;
      if (numeric) return std::string(written);
      if (!e.text.empty()) return e.text;
      return e.kind == ast::ExprKind::IntLit ? std::to_string(e.int_value) : fmt::format("{}", e.float_value);
    }
    case ast::ExprKind::DurationLit: return e.text;
    case ast::ExprKind::StringLit: return string_literal(e.text, e.range);
    case ast::ExprKind::BoolLit: return e.bool_value ? "true" : "false";
    default: return "null";
  }
}

// `orders` in `orders.amount`, backquoted when it was written so (the token before the dot).
std::string ExprDoc::qualifier(const ast::Expr& e) const {
  bool quoted = false;
  if (e.name_range.valid()) {
    std::string_view t = sm_.text(e.name_range.file);
    size_t i = std::min<size_t>(e.name_range.begin, t.size());
    auto skip_space = [&] {
      while (i > 0 && (t[i - 1] == ' ' || t[i - 1] == '\t' || t[i - 1] == '\n' || t[i - 1] == '\r')) --i;
    };
    skip_space();
    if (i > 0 && t[i - 1] == '.') --i;
    skip_space();
    quoted = i > 0 && t[i - 1] == '`';
  }
  return quoted || !is_plain_identifier(e.qualifier) ? "`" + e.qualifier + "`" : e.qualifier;
}

Doc ExprDoc::expr(const ast::Expr& e) const { return operand(e, 0, true); }

// `e` as an operand that must bind at least as tightly as `min_prec`. `if ... else B` is a primary whose
// B extends as far as it can, so it needs parentheses unless nothing follows it (`rightmost`).
Doc ExprDoc::operand(const ast::Expr& e, int min_prec, bool rightmost) const {
  bool needs = e.kind == ast::ExprKind::If ? !rightmost : precedence(e) < min_prec;
  if (e.parenthesized || needs) return Doc::concat({text("("), bare(e, true), text(")")});
  return bare(e, rightmost);
}

Doc ExprDoc::list(const std::vector<ast::ExprPtr>& items) const {
  if (items.empty()) return text("[]");
  std::vector<Doc> parts;
  for (size_t i = 0; i < items.size(); ++i) {
    Doc item = expr(*items[i]);
    parts.push_back(i + 1 < items.size() ? item + text(",") : item);
  }
  return Doc::group(Doc::concat({text("["), Doc::nest(kContinuationIndent, Doc::softline() + Doc::fill(std::move(parts))),
                                 Doc::softline(), text("]")}));
}

Doc ExprDoc::call(const ast::Expr& e) const {
  std::vector<Doc> inner;
  for (size_t i = 0; i < e.args.size(); ++i) {
    if (i > 0) inner.push_back(text(",") + Doc::line());
    inner.push_back(expr(*e.args[i]));
  }
  if (e.filter) {
    if (!inner.empty()) inner.push_back(Doc::line());
    inner.push_back(text("where ") + expr(*e.filter));
  }
  if (!e.per.empty()) {
    if (!inner.empty()) inner.push_back(Doc::line());
    std::vector<Doc> keys{text("per ")};
    for (size_t i = 0; i < e.per.size(); ++i) {
      if (i > 0) keys.push_back(text(", "));
      keys.push_back(expr(*e.per[i]));
    }
    inner.push_back(Doc::concat(std::move(keys)));
  }
  Doc callee = text(name(e.name, e.name_range));
  if (inner.empty()) return callee + text("()");
  return Doc::group(Doc::concat({callee, text("("),
                                 Doc::nest(kContinuationIndent, Doc::softline() + Doc::concat(std::move(inner))),
                                 Doc::softline(), text(")")}));
}

Doc ExprDoc::bare(const ast::Expr& e, bool rightmost) const {
  switch (e.kind) {
    case ast::ExprKind::IntLit:
    case ast::ExprKind::FloatLit:
    case ast::ExprKind::DurationLit:
    case ast::ExprKind::StringLit:
    case ast::ExprKind::BoolLit:
    case ast::ExprKind::NullLit: return text(literal(e));
    case ast::ExprKind::Name: {
      std::string out;
      if (!e.qualifier.empty()) out = qualifier(e) + ".";
      std::string n = name(e.name, e.name_range);
      if (e.backquoted && n.front() != '`') n = "`" + n + "`";
      return text(out + n);
    }
    case ast::ExprKind::Unary: {
      const ast::Expr& x = *e.args[0];
      if (e.op == ast::Op::Not) return text("not ") + operand(x, 3, rightmost);
      bool minus_next = !x.parenthesized && ((x.kind == ast::ExprKind::Unary && x.op == ast::Op::Neg) ||
                                             ((x.kind == ast::ExprKind::IntLit || x.kind == ast::ExprKind::FloatLit) &&
                                              literal(x).front() == '-'));
      return text(minus_next ? "- " : "-") + operand(x, 7, rightmost);
    }
    case ast::ExprKind::Binary: {
      int p = precedence(e);
      // Comparisons do not chain: both operands are additive expressions.
      int left_min = p == 4 ? 5 : p, right_min = p + 1;
      // A left-leaning chain of the same precedence (a + b - c) breaks before each operator.
      std::vector<const ast::Expr*> chain{&e};
      while (true) {
        const ast::Expr& l = *chain.back()->args[0];
        if (l.kind != ast::ExprKind::Binary || l.parenthesized || precedence(l) != p) break;
        chain.push_back(&l);
      }
      Doc head = operand(*chain.back()->args[0], left_min, false);
      std::vector<Doc> tail;
      for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        bool last = it + 1 == chain.rend();
        tail.push_back(Doc::line());
        tail.push_back(text(std::string(ast::op_spelling((*it)->op)) + " ") +
                       operand(*(*it)->args[1], right_min, last && rightmost));
      }
      return Doc::group(head + Doc::nest(kContinuationIndent, Doc::concat(std::move(tail))));
    }
    case ast::ExprKind::In:
      return Doc::group(operand(*e.args[0], 5, false) + text(e.negated ? " not in " : " in ") + list(e.list));
    case ast::ExprKind::IsNull:
      return operand(*e.args[0], 5, false) + text(e.negated ? " is not null" : " is null");
    case ast::ExprKind::If: {
      // An `else if` chain is laid out flat: every arm at the same indent, however long the chain.
      std::vector<Doc> arms{Doc::line(), text("then ") + expr(*e.args[1])};
      const ast::Expr* rest = e.args[2].get();
      while (rest->kind == ast::ExprKind::If && !rest->parenthesized) {
        arms.push_back(Doc::line());
        arms.push_back(text("else if ") + expr(*rest->args[0]));
        arms.push_back(Doc::line());
        arms.push_back(text("then ") + expr(*rest->args[1]));
        rest = rest->args[2].get();
      }
      arms.push_back(Doc::line());
      arms.push_back(text("else ") + expr(*rest));
      return Doc::group(text("if ") + expr(*e.args[0]) + Doc::nest(kContinuationIndent, Doc::concat(std::move(arms))));
    }
    case ast::ExprKind::Call: return call(e);
    case ast::ExprKind::List: return list(e.list);
  }
  return text("");
}

}  // namespace kpic::format
