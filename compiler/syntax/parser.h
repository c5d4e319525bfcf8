// Entry point of compiler/syntax: text in, AST and diagnostics out. Never throws, never crashes:
// every ANTLR exception is caught here, input size and nesting depth are limited.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/syntax/ast.h"

namespace kpic::syntax {

struct ParseLimits {
  size_t max_bytes = 16u << 20;  // 16 MiB
  int max_depth = 200;           // nesting of parentheses, calls and operators
};

// Parses the file `id` of `sm`. Syntax errors go to `diags`; the returned File holds every statement
// that could be recovered (so later phases can still report their own errors on the rest).
ast::File parse(const SourceManager& sm, FileId id, Diagnostics& diags, const ParseLimits& limits = {});

}  // namespace kpic::syntax
