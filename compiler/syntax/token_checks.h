// Checks on the token stream made before ANTLR parses it:
//  - lexical errors (bad characters, unterminated strings and backquoted names), which the lexer emits as
//    hidden tokens instead of failing;
//  - bracket matching: an unclosed `(` is reported at the bracket (with its position), not at the end of
//    the file where the parser would notice it; later parser errors are cascades and are cut off;
//  - nesting depth: brackets, prefix operators, `if` and operator chains, counted the way the parser
//    would recurse, so that no input makes ANTLR (or a later recursive pass over the AST) overflow the stack.
// Internal to compiler/syntax.
#pragma once

#include <vector>

#include <Token.h>

#include "compiler/syntax/error_sink.h"
#include "compiler/syntax/parser.h"
#include "compiler/syntax/token_ranges.h"

namespace kpic::syntax {

struct TokenCheckResult {
  bool too_deep = false;  // parsing must not run
};

TokenCheckResult check_tokens(const std::vector<antlr4::Token*>& tokens, const SourceManager& sm,
                              const TokenRanges& ranges, ErrorSink& sink, const ParseLimits& limits);

}  // namespace kpic::syntax
