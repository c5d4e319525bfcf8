// A fully parenthesised prefix dump of the AST, for golden tests (`kpic debug ast FILE`) and debugging:
//   (metric nps (- (call pct (>= score 9)) (call pct (<= score 6))))
// One statement per line; test blocks list their parts on indented lines. With a SourceManager, every
// expression and statement is followed by its range as @line:col-line:col.
#pragma once

#include <string>

#include "compiler/syntax/ast.h"

namespace kpic::syntax {

std::string dump(const ast::File& file);
std::string dump(const ast::File& file, const SourceManager& sm);  // with ranges
std::string dump(const ast::Expr& expr);

}  // namespace kpic::syntax
