// Lexer: the tokens of grammar/Kpi.g4, written by hand.
//
// ANTLR's generated lexer simulates its ATN, and every kpic process starts with an empty DFA cache, so
// lexing was most of the time of a parse (and the lexer's ATN was deserialized at the start of every
// command). This lexer produces exactly the tokens the generated one would: the same types, channels,
// code-point start/stop indices, lines and columns (tests/syntax/lexer_test.cc compares the two on
// every .kpi file of the repository and on edge cases). Token types are the generated lexer's constants,
// so the grammar stays the single source of truth for them; a rule changed in Kpi.g4 must be changed here.
#pragma once

#include <TokenSource.h>

#include <memory>
#include <string>

namespace kpic::syntax {

class SourceText;

class Lexer : public antlr4::TokenSource {
 public:
  explicit Lexer(SourceText* input);

  std::unique_ptr<antlr4::Token> nextToken() override;
  size_t getLine() const override { return line_; }
  size_t getCharPositionInLine() override { return column_; }
  antlr4::CharStream* getInputStream() override;
  std::string getSourceName() override;
  antlr4::TokenFactory<antlr4::CommonToken>* getTokenFactory() override;

 private:
  size_t at(size_t i) const;  // code point at i, or 0 past the end (never a token character)
  void advance_to(size_t end);  // consumes up to `end`, counting lines and columns as ANTLR does
  size_t scan_number(size_t i, size_t& type) const;
  size_t scan_quoted(size_t i, size_t quote, bool escapes, size_t& type) const;

  SourceText* input_;
  size_t size_;
  size_t pos_ = 0;
  size_t line_ = 1;
  size_t column_ = 0;
};

}  // namespace kpic::syntax
