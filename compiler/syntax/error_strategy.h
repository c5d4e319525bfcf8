// ANTLR's error strategy with kpic's messages: instead of "mismatched input ... expecting {...}" the user
// reads "expected an expression after `=`, found `)`", "missing `then` in if-expression", "expected `=`
// after metric name `x`". It reports the first error of a statement and then abandons the statement
// (throws ParseCancellationException); parser.cc resynchronises at the next line that starts a
// definition. ANTLR's token-level repairs are not used: in a newline-insensitive grammar they mostly
// produce cascades. Internal to compiler/syntax.
#pragma once

#include <DefaultErrorStrategy.h>

#include "compiler/syntax/error_sink.h"
#include "compiler/syntax/token_ranges.h"

namespace kpic::syntax {

class ErrorStrategy : public antlr4::DefaultErrorStrategy {
 public:
  ErrorStrategy(const SourceManager& sm, const TokenRanges& ranges, ErrorSink& sink)
      : sm_(sm), ranges_(ranges), sink_(sink) {}

  // The outermost rule context of the parse abandoned last (to keep the statements parsed before it).
  antlr4::ParserRuleContext* abandoned_root() const { return abandoned_root_; }

 protected:
  void reportNoViableAlternative(antlr4::Parser* parser, const antlr4::NoViableAltException& e) override;
  void reportInputMismatch(antlr4::Parser* parser, const antlr4::InputMismatchException& e) override;
  void reportFailedPredicate(antlr4::Parser* parser, const antlr4::FailedPredicateException& e) override;
  void recover(antlr4::Parser* parser, std::exception_ptr e) override;
  antlr4::Token* recoverInline(antlr4::Parser* parser) override;
  void sync(antlr4::Parser* parser) override {}

 private:
  [[noreturn]] void abandon(antlr4::Parser* parser, std::exception_ptr e);
  void report(antlr4::Parser* parser, antlr4::Token* offending, const antlr4::misc::IntervalSet& expected);

  const SourceManager& sm_;
  const TokenRanges& ranges_;
  ErrorSink& sink_;
  antlr4::ParserRuleContext* abandoned_root_ = nullptr;
};

}  // namespace kpic::syntax
