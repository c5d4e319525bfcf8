// Turns ANTLR's parse tree into the AST (compiler/syntax/ast.h). Statements that hold a syntax error are
// left out (the error is already reported), so later phases only see well-formed definitions. Also
// reports the errors the grammar lets through on purpose: chained comparisons, malformed literals
// (integer overflow, unknown string escapes), attributes on statements that take none.
// Internal to compiler/syntax.
#pragma once

#include <vector>

#include "KpiParser.h"
#include "compiler/syntax/ast.h"
#include "compiler/syntax/error_sink.h"
#include "compiler/syntax/token_ranges.h"

namespace kpic::syntax {

class AstBuilder {
  using P = kpic_grammar::KpiParser;

 public:
  AstBuilder(const SourceManager& sm, const TokenRanges& ranges, std::vector<antlr4::Token*> tokens,
             ErrorSink& sink)
      : sm_(sm), ranges_(ranges), tokens_(std::move(tokens)), sink_(sink) {}

  void build_statements(const std::vector<P::StatementContext*>& stmts, ast::File& out);
  ast::ExprPtr build_standalone(P::StandaloneExprContext* ctx);
  // The tree parsed without any error (the SLL stage): statements need not be searched for error
  // nodes, which is most of the cost of building the AST of a large file.
  void assume_clean_tree() { tree_clean_ = true; }
  // Every comment of the token stream, in order.
  std::vector<ast::Comment> comments() const;

 private:
  void statement(P::StatementContext* ctx, ast::File& out);
  std::vector<ast::Attribute> attributes(P::StatementContext* ctx);
  ast::MetricDef metric(P::MetricDefContext* ctx);
  ast::FnDef fn(P::FnDefContext* ctx);
  ast::Import import(P::ImportStmtContext* ctx);
  ast::SourceDecl source(P::SourceDeclContext* ctx);
  bool column_modifiers(const std::vector<P::IdentContext*>& ids, ast::SchemaColumn& c);
  ast::TestBlock test(P::TestBlockContext* ctx);
  ast::CalendarDecl calendar(P::CalendarDeclContext* ctx);
  ast::TestGiven given(P::GivenBlockContext* ctx);
  ast::TestExpect expect(P::ExpectStmtContext* ctx);
  ast::DocComment doc_above(const antlr4::Token* first) const;

  ast::ExprPtr expr(P::ExprContext* ctx);
  ast::ExprPtr prefix_expr(P::ExprContext* ctx);
  ast::ExprPtr postfix_expr(P::ExprContext* ctx, ast::ExprPtr lhs);
  void reject_not_operand(const antlr4::Token* op, P::ExprContext* operand);
  ast::ExprPtr expect_value(const antlr4::Token* op, P::ExprContext* ctx);
  size_t next_visible(size_t i) const;
  SourceRange unexpected_at(const antlr4::Token* found) const;
  ast::ExprPtr primary(P::PrimaryContext* ctx);
  ast::ExprPtr call(P::CallContext* ctx);
  ast::ExprPtr list(P::ListContext* ctx);
  ast::ExprPtr int_literal(antlr4::tree::TerminalNode* node);
  ast::ExprPtr duration_literal(antlr4::tree::TerminalNode* node);
  ast::ExprPtr float_literal(antlr4::tree::TerminalNode* node);
  std::string string_value(antlr4::tree::TerminalNode* node);
  std::string ident(P::IdentContext* ctx, bool* backquoted = nullptr);
  ast::Op comp_op(P::CompOpContext* ctx);

  ast::ExprPtr binary(ast::Op op, ast::ExprPtr lhs, ast::ExprPtr rhs);
  ast::ExprPtr placeholder(antlr4::ParserRuleContext* ctx);  // for a missing piece: marks the statement broken
  void fail(DiagCode code, SourceRange range, std::string message, std::string help = {});

  const SourceManager& sm_;
  const TokenRanges& ranges_;
  std::vector<antlr4::Token*> tokens_;  // every token, hidden ones included
  ErrorSink& sink_;
  bool broken_ = false;  // the statement being built holds an error
  bool tree_clean_ = false;
};

}  // namespace kpic::syntax
