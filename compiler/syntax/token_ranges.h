// Maps ANTLR tokens and rule contexts to byte ranges of the file (ANTLR counts code points, the rest of
// kpic counts bytes). Tolerates tokens conjured by error recovery (they have no position: empty range).
// Internal to compiler/syntax.
#pragma once

#include <ParserRuleContext.h>
#include <Token.h>

#include "compiler/diag/source_manager.h"
#include "compiler/syntax/source_text.h"

namespace kpic::syntax {

class TokenRanges {
 public:
  TokenRanges(FileId file, const SourceText& text) : file_(file), text_(text) {}

  FileId file() const { return file_; }

  static bool conjured(const antlr4::Token* t) { return t == nullptr || t->getStartIndex() == INVALID_INDEX; }

  SourceRange of(const antlr4::Token* t) const {
    if (conjured(t)) return {file_, 0, 0};
    uint32_t b = text_.byte_offset(t->getStartIndex());
    if (t->getType() == antlr4::Token::EOF) return {file_, b, b};
    return {file_, b, text_.byte_offset(t->getStopIndex() + 1)};
  }

  SourceRange of(antlr4::ParserRuleContext* c) const {
    if (c == nullptr) return {file_, 0, 0};
    const antlr4::Token* start = c->getStart();
    const antlr4::Token* stop = c->getStop();
    SourceRange r = of(start);
    if (conjured(stop) || conjured(start) || stop->getTokenIndex() < start->getTokenIndex()) return {file_, r.begin, r.begin};
    SourceRange e = of(stop);
    return {file_, r.begin, std::max(r.begin, e.end)};
  }

 private:
  FileId file_;
  const SourceText& text_;
};

}  // namespace kpic::syntax
