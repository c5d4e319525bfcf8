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

namespace {

bool is_comparison(P::ExprContext* c) {
  return dynamic_cast<P::CompareExprContext*>(c) != nullptr || dynamic_cast<P::InExprContext*>(c) != nullptr ||
         dynamic_cast<P::IsNullExprContext*>(c) != nullptr;
}

// The left operand of a binary or postfix alternative (`a` in `a + b`, `a in [...]`); null for the others.
P::ExprContext* left_operand(P::ExprContext* c) {
  if (dynamic_cast<P::PrimaryExprContext*>(c) != nullptr || dynamic_cast<P::NegateExprContext*>(c) != nullptr ||
      dynamic_cast<P::NotExprContext*>(c) != nullptr) {
    return nullptr;
  }
  // The first child of every left-recursive alternative is its left operand.
  return c->children.empty() ? nullptr : dynamic_cast<P::ExprContext*>(c->children[0]);
}

// The operator token of a binary or postfix alternative (`not` of `not in`, `is` of `is not null`).
antlr4::Token* operator_token(P::ExprContext* c) {
  if (c->children.size() < 2) return nullptr;
  antlr4::tree::ParseTree* op = c->children[1];
  if (auto* term = dynamic_cast<antlr4::tree::TerminalNode*>(op)) return term->getSymbol();
  if (auto* rule = dynamic_cast<antlr4::ParserRuleContext*>(op)) return rule->getStart();
  return nullptr;
}

}  // namespace

// Binary and postfix operators nest to the left (`a + b + c` is `(a + b) + c`): the left spine is walked
// with a loop, so a long sum does not recurse once per term.
ExprPtr AstBuilder::expr(P::ExprContext* ctx) {
  std::vector<P::ExprContext*> spine;
  for (P::ExprContext* left = ctx; left != nullptr; left = left_operand(left)) {
    spine.push_back(left);
  }
  P::ExprContext* innermost = spine.back();
  spine.pop_back();
  ExprPtr e = prefix_expr(innermost);
  bool chain_reported = false;
  for (size_t i = spine.size(); i-- > 0;) {
    P::ExprContext* c = spine[i];
    P::ExprContext* left = i + 1 < spine.size() ? spine[i + 1] : innermost;
    if (!chain_reported && is_comparison(c) && is_comparison(left)) {
      chain_reported = true;
      SourceRange op = ranges_.of(operator_token(c));
      fail(DiagCode::syntax_error, {op.file, op.begin, std::max(op.begin, ranges_.of(c).end)},
           "comparisons cannot be chained", "combine them with `and`: `a < b and b < c`, or add parentheses");
    }
    e = postfix_expr(c, std::move(e));
  }
  return e;
}

// An expression that does not begin with an operand: a primary, `-x`, `not x`.
ExprPtr AstBuilder::prefix_expr(P::ExprContext* ctx) {
  if (auto* c = dynamic_cast<P::PrimaryExprContext*>(ctx)) {
    return c->primary() != nullptr ? primary(c->primary()) : placeholder(ctx);
  }
  auto* neg = dynamic_cast<P::NegateExprContext*>(ctx);
  auto* no = dynamic_cast<P::NotExprContext*>(ctx);
  P::ExprContext* operand = neg ? neg->expr() : no ? no->expr() : nullptr;
  if (operand == nullptr) return placeholder(ctx);
  if (neg != nullptr) reject_not_operand(neg->MINUS()->getSymbol(), operand);
  auto e = std::make_unique<Expr>(ExprKind::Unary, ranges_.of(ctx));
  e->op = neg ? Op::Neg : Op::Not;
  e->args.push_back(expr(operand));
  return e;
}

// `lhs OP rhs`, `lhs [not] in [...]`, `lhs is [not] null`, given the AST of lhs.
ExprPtr AstBuilder::postfix_expr(P::ExprContext* ctx, ExprPtr lhs) {
  if (auto* in = dynamic_cast<P::InExprContext*>(ctx)) {
    if (in->list() == nullptr) return placeholder(ctx);
    auto node = std::make_unique<Expr>(ExprKind::In, ranges_.of(ctx));
    node->negated = in->NOT() != nullptr;
    node->args.push_back(std::move(lhs));
    node->list = std::move(list(in->list())->list);
    return node;
  }
  if (auto* is = dynamic_cast<P::IsNullExprContext*>(ctx)) {
    auto node = std::make_unique<Expr>(ExprKind::IsNull, ranges_.of(ctx));
    node->negated = is->NOT() != nullptr;
    node->args.push_back(std::move(lhs));
    return node;
  }
  antlr4::Token* op_token = operator_token(ctx);
  P::ExprContext* rhs = ctx->children.size() == 3 ? dynamic_cast<P::ExprContext*>(ctx->children[2]) : nullptr;
  if (op_token == nullptr || rhs == nullptr) return placeholder(ctx);
  Op op = Op::Or;
  switch (op_token->getType()) {
    case P::STAR: op = Op::Mul; break;
    case P::SLASH: op = Op::Div; break;
    case P::PERCENT: op = Op::Mod; break;
    case P::PLUS: op = Op::Add; break;
    case P::MINUS: op = Op::Sub; break;
    case P::AND: op = Op::And; break;
    case P::OR: op = Op::Or; break;
    default: op = comp_op(dynamic_cast<P::CompareExprContext*>(ctx)->compOp()); break;
  }
  if (op != Op::And && op != Op::Or) reject_not_operand(op_token, rhs);
  return binary(op, std::move(lhs), expr(rhs));
}

// `not` binds looser than arithmetic and comparisons: `a + not b` and `-not b` need parentheses. The grammar
// lets them through (one expression rule); they are reported as the parser reports a missing operand.
void AstBuilder::reject_not_operand(const antlr4::Token* op, P::ExprContext* operand) {
  auto* no = dynamic_cast<P::NotExprContext*>(operand);
  if (no == nullptr) return;
  fail(DiagCode::syntax_error, unexpected_at(no->NOT()->getSymbol()),
       fmt::format("expected an expression after `{}`, found `not`", op->getText()));
}

// The value after `expect METRIC ==` is an expression of `+ -` or tighter; the grammar reads any expression,
// and what follows the tight part is reported where and as the parser reports a stray token in a test block.
ExprPtr AstBuilder::expect_value(const antlr4::Token* op, P::ExprContext* ctx) {
  P::ExprContext* tight = ctx;
  while (is_comparison(tight) || dynamic_cast<P::AndExprContext*>(tight) != nullptr ||
         dynamic_cast<P::OrExprContext*>(tight) != nullptr) {
    tight = left_operand(tight);
  }
  if (dynamic_cast<P::NotExprContext*>(tight) != nullptr) {
    reject_not_operand(op, tight);
    return placeholder(ctx);
  }
  if (tight == ctx) return expr(ctx);
  const antlr4::Token* found = tight == nullptr ? nullptr : tokens_[next_visible(tight->getStop()->getTokenIndex())];
  if (found == nullptr) return placeholder(ctx);
  fail(DiagCode::syntax_error, unexpected_at(found),
       fmt::format("expected `given`, `expect`, a metric definition or `}}` in the test block, found `{}`",
                   found->getText()));
  return placeholder(ctx);
}

// Index of the first visible token after token `i`.
size_t AstBuilder::next_visible(size_t i) const {
  while (i + 1 < tokens_.size() && tokens_[++i]->getChannel() != antlr4::Token::DEFAULT_CHANNEL) {
  }
  return std::min(i, tokens_.size() - 1);
}

// Where the parser reports an unexpected token: at the token, or at the end of the previous line when the
// token starts a later line than the visible token before it.
SourceRange AstBuilder::unexpected_at(const antlr4::Token* found) const {
  SourceRange at = ranges_.of(found);
  for (size_t j = found->getTokenIndex(); j-- > 0;) {
    const antlr4::Token* p = tokens_[j];
    if (p->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
    if (found->getLine() > p->getLine()) at = {at.file, ranges_.of(p).end, ranges_.of(p).end};
    break;
  }
  return at;
}

Op AstBuilder::comp_op(P::CompOpContext* ctx) {
  auto* tok = ctx ? ctx->getStart() : nullptr;
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

ExprPtr AstBuilder::primary(P::PrimaryContext* ctx) {
  SourceRange range = ranges_.of(ctx);
  if (auto* c = dynamic_cast<P::IntLitContext*>(ctx)) return int_literal(c->INT());
  if (auto* c = dynamic_cast<P::DurationLitContext*>(ctx)) return duration_literal(c->DURATION());
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

// `14 days`: the count, then the unit (singular or plural as written; kept plural).
ExprPtr AstBuilder::duration_literal(antlr4::tree::TerminalNode* node) {
  if (node == nullptr) return placeholder(nullptr);
  SourceRange range = ranges_.of(node->getSymbol());
  auto e = std::make_unique<Expr>(ExprKind::DurationLit, range);
  std::string written(sm_.slice(range));
  size_t digits = written.find_first_not_of("0123456789");
  size_t unit = written.find_first_not_of(" \t", digits);
  e->name = written.substr(unit);
  e->text = written.substr(0, digits) + " " + e->name;  // as written, one space between
  if (e->name.back() != 's') e->name += 's';
  auto [ptr, ec] = std::from_chars(written.data(), written.data() + digits, e->int_value);
  if (ec != std::errc() || ptr != written.data() + digits) {
    fail(DiagCode::bad_literal, range, fmt::format("duration `{}` is too large", written));
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
