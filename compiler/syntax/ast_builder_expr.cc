// AstBuilder: expressions and literals.
#include <fmt/format.h>

#include <charconv>

#include "compiler/syntax/ast_builder.h"

namespace kpic::syntax {

using P = kpic_grammar::KpiParser;
using ast::Expr;
using ast::ExprKind;
using ast::ExprPtr;
using ast::Op;

ExprPtr AstBuilder::binary(Op op, ExprPtr lhs, ExprPtr rhs) {
  auto e = std::make_unique<Expr>(ExprKind::Binary, SourceRange::cover(lhs->range, rhs->range));
  e->op = op;
  e->args.push_back(std::move(lhs));
  e->args.push_back(std::move(rhs));
  return e;
}

ExprPtr AstBuilder::expr(P::ExprContext* ctx) {
  if (ctx == nullptr || ctx->orExpr() == nullptr) return placeholder(ctx);
  return or_expr(ctx->orExpr());
}

ExprPtr AstBuilder::or_expr(P::OrExprContext* ctx) {
  std::vector<P::AndExprContext*> items = ctx->andExpr();
  if (items.empty()) return placeholder(ctx);
  ExprPtr e = and_expr(items[0]);
  for (size_t i = 1; i < items.size(); ++i) e = binary(Op::Or, std::move(e), and_expr(items[i]));
  return e;
}

ExprPtr AstBuilder::and_expr(P::AndExprContext* ctx) {
  std::vector<P::NotExprContext*> items = ctx->notExpr();
  if (items.empty()) return placeholder(ctx);
  ExprPtr e = not_expr(items[0]);
  for (size_t i = 1; i < items.size(); ++i) e = binary(Op::And, std::move(e), not_expr(items[i]));
  return e;
}

ExprPtr AstBuilder::not_expr(P::NotExprContext* ctx) {
  if (ctx->NOT() != nullptr) {
    if (ctx->notExpr() == nullptr) return placeholder(ctx);
    auto e = std::make_unique<Expr>(ExprKind::Unary, ranges_.of(ctx));
    e->op = Op::Not;
    e->args.push_back(not_expr(ctx->notExpr()));
    return e;
  }
  if (ctx->compExpr() == nullptr) return placeholder(ctx);
  return comp_expr(ctx->compExpr());
}

Op AstBuilder::comp_op(P::CompOpContext* ctx) {
  auto* tok = ctx->getStart();
  switch (tok ? tok->getType() : 0) {
    case P::EQ: return Op::Eq;
    case P::NE: return Op::Ne;
    case P::LT: return Op::Lt;
    case P::LE: return Op::Le;
    case P::GT: return Op::Gt;
    case P::GE: return Op::Ge;
    default: broken_ = true; return Op::Eq;
  }
}

ExprPtr AstBuilder::comp_expr(P::CompExprContext* ctx) {
  if (ctx->addExpr() == nullptr) return placeholder(ctx);
  ExprPtr e = add_expr(ctx->addExpr());
  std::vector<P::CompSuffixContext*> suffixes = ctx->compSuffix();
  if (suffixes.size() > 1) {
    fail(DiagCode::syntax_error, ranges_.of(suffixes[1]), "comparisons cannot be chained",
         "combine them with `and`: `a < b and b < c`, or add parentheses");
  }
  if (suffixes.empty()) return e;
  P::CompSuffixContext* s = suffixes[0];
  SourceRange range = SourceRange::cover(e->range, ranges_.of(s));
  if (auto* cmp = dynamic_cast<P::CompareSuffixContext*>(s)) {
    if (cmp->compOp() == nullptr || cmp->addExpr() == nullptr) return placeholder(ctx);
    Op op = comp_op(cmp->compOp());
    return binary(op, std::move(e), add_expr(cmp->addExpr()));
  }
  if (auto* in = dynamic_cast<P::InSuffixContext*>(s)) {
    auto node = std::make_unique<Expr>(ExprKind::In, range);
    node->negated = in->NOT() != nullptr;
    node->args.push_back(std::move(e));
    if (in->list() == nullptr) return placeholder(ctx);
    ExprPtr items = list(in->list());
    node->list = std::move(items->list);
    return node;
  }
  if (auto* is = dynamic_cast<P::IsNullSuffixContext*>(s)) {
    auto node = std::make_unique<Expr>(ExprKind::IsNull, range);
    node->negated = is->NOT() != nullptr;
    node->args.push_back(std::move(e));
    return node;
  }
  return placeholder(ctx);
}

ExprPtr AstBuilder::add_expr(P::AddExprContext* ctx) {
  std::vector<P::MulExprContext*> items = ctx->mulExpr();
  if (items.empty()) return placeholder(ctx);
  ExprPtr e = mul_expr(items[0]);
  size_t next = 1;
  for (auto* child : ctx->children) {
    auto* term = dynamic_cast<antlr4::tree::TerminalNode*>(child);
    if (term == nullptr) continue;
    if (next >= items.size()) return placeholder(ctx);
    Op op = term->getSymbol()->getType() == P::PLUS ? Op::Add : Op::Sub;
    e = binary(op, std::move(e), mul_expr(items[next++]));
  }
  return e;
}

ExprPtr AstBuilder::mul_expr(P::MulExprContext* ctx) {
  std::vector<P::UnaryExprContext*> items = ctx->unaryExpr();
  if (items.empty()) return placeholder(ctx);
  ExprPtr e = unary_expr(items[0]);
  size_t next = 1;
  for (auto* child : ctx->children) {
    auto* term = dynamic_cast<antlr4::tree::TerminalNode*>(child);
    if (term == nullptr) continue;
    if (next >= items.size()) return placeholder(ctx);
    size_t type = term->getSymbol()->getType();
    Op op = type == P::STAR ? Op::Mul : type == P::SLASH ? Op::Div : Op::Mod;
    e = binary(op, std::move(e), unary_expr(items[next++]));
  }
  return e;
}

ExprPtr AstBuilder::unary_expr(P::UnaryExprContext* ctx) {
  if (ctx->MINUS() != nullptr) {
    if (ctx->unaryExpr() == nullptr) return placeholder(ctx);
    auto e = std::make_unique<Expr>(ExprKind::Unary, ranges_.of(ctx));
    e->op = Op::Neg;
    e->args.push_back(unary_expr(ctx->unaryExpr()));
    return e;
  }
  if (ctx->primary() == nullptr) return placeholder(ctx);
  return primary(ctx->primary());
}

ExprPtr AstBuilder::primary(P::PrimaryContext* ctx) {
  SourceRange range = ranges_.of(ctx);
  if (auto* c = dynamic_cast<P::IntLitContext*>(ctx)) return int_literal(c->INT());
  if (auto* c = dynamic_cast<P::FloatLitContext*>(ctx)) return float_literal(c->FLOAT());
  if (auto* c = dynamic_cast<P::StringLitContext*>(ctx)) {
    auto e = std::make_unique<Expr>(ExprKind::StringLit, range);
    e->text = string_value(c->STRING());
    return e;
  }
  if (auto* c = dynamic_cast<P::BoolLitContext*>(ctx)) {
    auto e = std::make_unique<Expr>(ExprKind::BoolLit, range);
    e->bool_value = c->TRUE_LIT() != nullptr;
    return e;
  }
  if (dynamic_cast<P::NullLitContext*>(ctx) != nullptr) return std::make_unique<Expr>(ExprKind::NullLit, range);
  if (auto* c = dynamic_cast<P::CallContext*>(ctx)) return call(c);
  if (auto* c = dynamic_cast<P::NameRefContext*>(ctx)) {
    std::vector<P::IdentContext*> ids = c->ident();
    if (ids.empty()) return placeholder(ctx);
    auto e = std::make_unique<Expr>(ExprKind::Name, range);
    e->name = ident(ids.back(), &e->backquoted);
    e->name_range = ranges_.of(ids.back());
    if (ids.size() == 2) e->qualifier = ident(ids[0]);
    return e;
  }
  if (auto* c = dynamic_cast<P::ParenContext*>(ctx)) {
    if (c->expr() == nullptr) return placeholder(ctx);
    ExprPtr e = expr(c->expr());
    e->parenthesized = true;
    e->range = range;  // the parentheses included
    return e;
  }
  if (auto* c = dynamic_cast<P::IfExprContext*>(ctx)) {
    std::vector<P::ExprContext*> parts = c->expr();
    if (parts.size() != 3) return placeholder(ctx);
    auto e = std::make_unique<Expr>(ExprKind::If, range);
    for (P::ExprContext* p : parts) e->args.push_back(expr(p));
    return e;
  }
  return placeholder(ctx);
}

// f(a, b where p per k1, k2): the arguments, the filter and the keys share one list of expressions in the
// parse tree; the `where` and `per` tokens between them tell them apart.
ExprPtr AstBuilder::call(P::CallContext* ctx) {
  auto e = std::make_unique<Expr>(ExprKind::Call, ranges_.of(ctx));
  e->name = ident(ctx->ident(), &e->backquoted);
  e->name_range = ranges_.of(ctx->ident());
  P::CallArgsContext* args = ctx->callArgs();
  if (args == nullptr) return placeholder(ctx);
  enum { Args, Filter, Per } part = Args;
  for (auto* child : args->children) {
    if (auto* term = dynamic_cast<antlr4::tree::TerminalNode*>(child)) {
      size_t type = term->getSymbol()->getType();
      if (type == P::WHERE) part = Filter;
      if (type == P::PER) part = Per;
      continue;
    }
    auto* x = dynamic_cast<P::ExprContext*>(child);
    if (x == nullptr) continue;
    switch (part) {
      case Args: e->args.push_back(expr(x)); break;
      case Filter: e->filter = expr(x); break;
      case Per: e->per.push_back(expr(x)); break;
    }
  }
  return e;
}

ExprPtr AstBuilder::list(P::ListContext* ctx) {
  auto e = std::make_unique<Expr>(ExprKind::List, ranges_.of(ctx));
  for (P::ExprContext* x : ctx->expr()) e->list.push_back(expr(x));
  return e;
}

ExprPtr AstBuilder::int_literal(antlr4::tree::TerminalNode* node) {
  if (node == nullptr) return placeholder(nullptr);
  SourceRange range = ranges_.of(node->getSymbol());
  auto e = std::make_unique<Expr>(ExprKind::IntLit, range);
  e->text = std::string(sm_.slice(range));
  auto [ptr, ec] = std::from_chars(e->text.data(), e->text.data() + e->text.size(), e->int_value);
  if (ec != std::errc() || ptr != e->text.data() + e->text.size()) {
    fail(DiagCode::bad_literal, range, fmt::format("integer `{}` is too large", e->text),
         "integers are 64-bit (at most 9223372036854775807); write a decimal such as `1.0e20` for larger numbers");
  }
  return e;
}

ExprPtr AstBuilder::float_literal(antlr4::tree::TerminalNode* node) {
  if (node == nullptr) return placeholder(nullptr);
  SourceRange range = ranges_.of(node->getSymbol());
  auto e = std::make_unique<Expr>(ExprKind::FloatLit, range);
  e->text = std::string(sm_.slice(range));
  auto [ptr, ec] = std::from_chars(e->text.data(), e->text.data() + e->text.size(), e->float_value);
  if (ec == std::errc::result_out_of_range) {
    fail(DiagCode::bad_literal, range, fmt::format("number `{}` is out of range", e->text));
  } else if (ec != std::errc() || ptr != e->text.data() + e->text.size()) {
    fail(DiagCode::bad_literal, range, fmt::format("malformed number `{}`", e->text));
  }
  return e;
}

// The value of a string literal: quotes removed, escapes \" \\ \n \t \r decoded.
std::string AstBuilder::string_value(antlr4::tree::TerminalNode* node) {
  if (node == nullptr) {
    broken_ = true;
    return {};
  }
  SourceRange range = ranges_.of(node->getSymbol());
  std::string_view s = sm_.slice(range);
  if (s.size() < 2) {
    broken_ = true;
    return {};
  }
  s = s.substr(1, s.size() - 2);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out += s[i];
      continue;
    }
    char c = s[++i];
    switch (c) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      default: {
        uint32_t at = range.begin + 1 + static_cast<uint32_t>(i) - 1;
        fail(DiagCode::bad_literal, {range.file, at, at + 2}, fmt::format("unknown escape `\\{}` in string", c),
             "the escapes are \\\" \\\\ \\n \\t \\r");
        out += c;
      }
    }
  }
  return out;
}

std::string AstBuilder::ident(P::IdentContext* ctx, bool* backquoted) {
  if (ctx == nullptr) {
    broken_ = true;
    return {};
  }
  SourceRange range = ranges_.of(ctx);
  std::string text(sm_.slice(range));
  if (ctx->BQNAME() != nullptr) {
    if (backquoted) *backquoted = true;
    text = text.size() >= 2 ? text.substr(1, text.size() - 2) : std::string();
    if (text.empty()) fail(DiagCode::bad_literal, range, "empty backquoted name");
  }
  return text;
}

}  // namespace kpic::syntax
