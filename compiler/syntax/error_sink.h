// Where compiler/syntax reports its diagnostics. It keeps cascades out: one error per line, nothing past
// a point where an earlier problem (an unclosed bracket) makes later errors meaningless, and a cap.
// Internal to compiler/syntax.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "compiler/diag/diagnostic.h"

namespace kpic::syntax {

// The outermost bracket left open at the end of the file, found before parsing. The parser's first error
// after it is reported as "unclosed `(`" there; when the parser does not complain, it is reported at the
// bracket itself.
struct UnclosedBracket {
  SourceRange opener;
  std::string open;   // "("
  std::string close;  // ")"
};

class ErrorSink {
 public:
  ErrorSink(const SourceManager& sm, Diagnostics& diags) : sm_(sm), diags_(diags) {}

  // Reports an error unless it is a cascade of an earlier one; returns the diagnostic or null.
  Diagnostic* error(DiagCode code, SourceRange range, std::string message);
  // Errors that start at or after `offset` are dropped from now on.
  void cut_off_at(uint32_t offset) { cutoff_ = std::min(cutoff_, offset); }

  int count() const { return count_; }
  // True when an error (reported or suppressed) starts inside [begin, end).
  bool error_within(uint32_t begin, uint32_t end) const;

  std::optional<UnclosedBracket> unclosed;
  // Reports the pending unclosed bracket at `where` (the point the closer was expected), then cuts off.
  void report_unclosed(SourceRange where);

 private:
  static constexpr int kMaxErrors = 50;
  const SourceManager& sm_;
  Diagnostics& diags_;
  std::set<uint32_t> lines_;
  std::set<uint32_t> offsets_;
  uint32_t cutoff_ = UINT32_MAX;
  int count_ = 0;
};

}  // namespace kpic::syntax
