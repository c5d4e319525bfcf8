#include "compiler/diag/diagnostic.h"

#include <algorithm>
#include <fmt/format.h>

namespace kpic {

std::string code_string(DiagCode code) { return fmt::format("KP{:04d}", static_cast<int>(code)); }

const char* code_summary(DiagCode code) {
  switch (code) {
#define KP_DIAG(num, id, summary) \
  case DiagCode::id:              \
    return summary;
#include "compiler/diag/codes.def"
#undef KP_DIAG
  }
  return "";
}

Diagnostic& Diagnostics::error(DiagCode code, SourceRange range, std::string message) {
  list_.push_back(Diagnostic{Severity::Error, code, range, std::move(message), {}, {}, {}});
  return list_.back();
}

Diagnostic& Diagnostics::warning(DiagCode code, SourceRange range, std::string message) {
  list_.push_back(Diagnostic{Severity::Warning, code, range, std::move(message), {}, {}, {}});
  return list_.back();
}

bool Diagnostics::has_errors() const {
  return std::any_of(list_.begin(), list_.end(), [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

void Diagnostics::sort() {
  std::stable_sort(list_.begin(), list_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.range.file != b.range.file) return a.range.file < b.range.file;
    return a.range.begin < b.range.begin;
  });
}

static size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
      // transposition counts as one edit ("scroe" -> "score")
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], prev[j - 1]);
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string nearest_name(const std::string& name, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_d = SIZE_MAX;
  for (const auto& c : candidates) {
    if (c == name) continue;
    size_t d = edit_distance(name, c);
    if (d < best_d || (d == best_d && c < best)) {
      best_d = d;
      best = c;
    }
  }
  // Suggest only plausible typos: at most a third of the name's length, and at least one edit allowed.
  size_t limit = std::max<size_t>(1, (name.size() + 2) / 3);
  return best_d <= limit ? best : std::string();
}

}  // namespace kpic
