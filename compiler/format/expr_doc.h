// Expressions to Docs: the canonical spelling of every expression form (spaces around binary
// operators, none before `(` in calls, `where`/`per` inside aggregate calls, lists), the parentheses
// the user wrote plus any that precedence requires, literals in their original spelling, and the
// places where a long expression may break (inside call parentheses and list brackets, before a
// binary operator inside parentheses).
#pragma once

#include <string>
#include <string_view>

#include "compiler/diag/source_manager.h"
#include "compiler/format/doc.h"
#include "compiler/syntax/ast.h"

namespace kpic::format {

// Hanging indent of a broken expression, relative to its statement.
inline constexpr int kContinuationIndent = 4;

class ExprDoc {
 public:
  explicit ExprDoc(const SourceManager& sm) : sm_(sm) {}

  Doc expr(const ast::Expr& e) const;
  // A name as written: backquoted when the user backquoted it or when it is no plain identifier.
  std::string name(const std::string& name, SourceRange written) const;
  // A string literal as written (its token at `written`), or re-escaped from its value.
  std::string string_literal(const std::string& value, SourceRange written) const;
  // The spelling of a string token that starts at or after `from` (before `limit`), "" if none.
  std::string string_token_after(uint32_t from, uint32_t limit, FileId file) const;

 private:
  Doc operand(const ast::Expr& e, int min_prec, bool rightmost) const;
  Doc bare(const ast::Expr& e, bool rightmost) const;  // without parentheses around it
  Doc call(const ast::Expr& e) const;
  Doc list(const std::vector<ast::ExprPtr>& items) const;
  std::string literal(const ast::Expr& e) const;
  std::string qualifier(const ast::Expr& e) const;

  const SourceManager& sm_;
};

// Binding strength of an expression's top operator: 1 or, 2 and, 3 not, 4 comparisons (also
// `in`, `is null`), 5 + -, 6 * / %, 7 unary minus, 8 calls and primaries (also `if`, see operand()).
int precedence(const ast::Expr& e);

// Whether `name` can be written without backquotes (an identifier that is no keyword).
bool is_plain_identifier(std::string_view name);

}  // namespace kpic::format
