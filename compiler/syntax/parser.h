// Entry point of compiler/syntax: text in, AST and diagnostics out. Never throws, never crashes:
// every ANTLR exception is caught here, input size and nesting depth are limited.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/syntax/ast.h"

namespace kpic::syntax {

struct ParseLimits {
  size_t max_bytes = 16u << 20;  // 16 MiB
  int max_depth = 200;           // nesting of parentheses, calls and operators
  int max_if_depth = 1000;       // nested `if`s, each `else if` arm one level
};

// Parses the file `id` of `sm`. Syntax errors go to `diags`; the returned File holds every statement
// that could be recovered (so later phases can still report their own errors on the rest).
// With a ParseCache active on the thread (parse_cache.h), unchanged statements are not parsed again.
ast::File parse(const SourceManager& sm, FileId id, Diagnostics& diags, const ParseLimits& limits = {});
// parse() without the cache (the cache's own building block).
ast::File parse_uncached(const SourceManager& sm, FileId id, Diagnostics& diags, const ParseLimits& limits = {});

// Parses the whole file `id` as one expression (the `--where` / `--by` options of `kpic run`; add the
// option text to `sm` under a name such as `--where`). Returns null, with diagnostics, when it is not one.
ast::ExprPtr parse_expression(const SourceManager& sm, FileId id, Diagnostics& diags, const ParseLimits& limits = {});

}  // namespace kpic::syntax
