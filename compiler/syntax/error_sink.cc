#include "compiler/syntax/error_sink.h"

namespace kpic::syntax {

Diagnostic* ErrorSink::error(DiagCode code, SourceRange range, std::string message) {
  offsets_.insert(range.begin);  // even when suppressed: the statement holding it is not recovered
  if (range.begin >= cutoff_) return nullptr;
  uint32_t line = range.valid() ? sm_.line_col(range.file, range.begin).line : 0;
  if (!lines_.insert(line).second) return nullptr;
  if (count_ >= kMaxErrors) return nullptr;
  ++count_;
  return &diags_.error(code, range, std::move(message));
}

bool ErrorSink::error_within(uint32_t begin, uint32_t end) const {
  auto it = offsets_.lower_bound(begin);
  return it != offsets_.end() && *it < end;
}

}  // namespace kpic::syntax

namespace kpic::syntax {

void ErrorSink::report_unclosed(SourceRange where) {
  if (!unclosed) return;
  UnclosedBracket u = *unclosed;
  unclosed.reset();
  if (Diagnostic* d = error(DiagCode::syntax_error, where, "unclosed `" + u.open + "`: expected `" + u.close + "`")) {
    d->notes.push_back({u.opener, "the `" + u.open + "` opened here"});
  }
  cut_off_at(where.begin);
  cut_off_at(u.opener.begin + 1);
}

}  // namespace kpic::syntax
