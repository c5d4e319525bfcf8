#include "compiler/format/unified_diff.h"

#include <algorithm>
#include <fmt/format.h>

namespace kpic::format {

namespace {

// Beyond this many differences the script stops being minimal: the remaining middle is replaced as a
// whole (a valid diff, cheap to compute; formatting changes are far smaller in practice).
constexpr long kMaxEditDistance = 1000;

}  // namespace

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

std::vector<DiffEdit> diff_lines(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  std::vector<DiffEdit> edits;
  size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
    ++suffix;
  for (size_t i = 0; i < prefix; ++i) edits.push_back({DiffEdit::Keep, i, i});

  // Myers over the middle part: x indexes a, y indexes b (both relative to `prefix`).
  const long n = static_cast<long>(a.size() - prefix - suffix);
  const long m = static_cast<long>(b.size() - prefix - suffix);
  auto same = [&](long x, long y) { return a[prefix + x] == b[prefix + y]; };
  // trace[d] holds V (furthest x per diagonal k) as it was before step d, for k in [-d-1, d+1].
  std::vector<std::vector<long>> trace;
  std::vector<long> v(static_cast<size_t>(2 * (n + m) + 3), 0);
  const long off = n + m + 1;
  long found = -1;
  for (long d = 0; d <= n + m && d <= kMaxEditDistance; ++d) {
    trace.emplace_back(v.begin() + (off - d - 1), v.begin() + (off + d + 2));
    for (long k = -d; k <= d; k += 2) {
      long x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1] : v[off + k - 1] + 1;
      long y = x - k;
      while (x < n && y < m && same(x, y)) ++x, ++y;
      v[off + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    if (found >= 0) break;
  }

  std::vector<DiffEdit> middle;
  if (found < 0) {
    for (long x = 0; x < n; ++x) middle.push_back({DiffEdit::Delete, prefix + x, prefix});
    for (long y = 0; y < m; ++y) middle.push_back({DiffEdit::Insert, prefix + n, prefix + y});
  } else {
    long x = n, y = m;
    for (long d = found; d >= 0; --d) {
      const auto& vd = trace[static_cast<size_t>(d)];
      auto at = [&](long k) { return vd[static_cast<size_t>(k + d + 1)]; };
      long k = x - y;
      long prev_k = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1;
      long prev_x = d == 0 ? 0 : at(prev_k);
      long prev_y = d == 0 ? 0 : prev_x - prev_k;
      while (x > prev_x && y > prev_y) {
        --x, --y;
        middle.push_back({DiffEdit::Keep, prefix + x, prefix + y});
      }
      if (d > 0) {
        if (x == prev_x)
          middle.push_back({DiffEdit::Insert, prefix + x, prefix + prev_y});
        else
          middle.push_back({DiffEdit::Delete, prefix + prev_x, prefix + y});
      }
      x = prev_x, y = prev_y;
    }
    std::reverse(middle.begin(), middle.end());
  }
  edits.insert(edits.end(), middle.begin(), middle.end());
  for (size_t i = 0; i < suffix; ++i)
    edits.push_back({DiffEdit::Keep, a.size() - suffix + i, b.size() - suffix + i});
  return edits;
}

namespace {

std::string hunk_range(size_t start, size_t count) {
  if (count == 1) return std::to_string(start + 1);
  if (count == 0) return fmt::format("{},0", start);
  return fmt::format("{},{}", start + 1, count);
}

void emit_line(std::string& out, char mark, std::string_view line) {
  out += mark;
  if (!line.empty() && line.back() == '\n') {
    out += line;
  } else {
    out += line;
    out += "\n\\ No newline at end of file\n";
  }
}

}  // namespace

std::string unified_diff(std::string_view old_text, std::string_view new_text, const std::string& old_name,
                         const std::string& new_name, int context) {
  if (old_text == new_text) return "";
  auto a = split_lines(old_text);
  auto b = split_lines(new_text);
  auto edits = diff_lines(a, b);
  std::string out = fmt::format("--- {}\n+++ {}\n", old_name, new_name);
  const size_t ctx = static_cast<size_t>(std::max(context, 0));
  size_t i = 0;
  while (i < edits.size()) {
    if (edits[i].kind == DiffEdit::Keep) {
      ++i;
      continue;
    }
    // A hunk: from `ctx` keeps before the first change to `ctx` keeps after the last change whose
    // following run of keeps is no longer than 2 * ctx.
    size_t begin = i >= ctx ? i - ctx : 0;
    size_t last_change = i;
    size_t j = i;
    while (j < edits.size()) {
      if (edits[j].kind != DiffEdit::Keep) {
        last_change = j;
        ++j;
        continue;
      }
      size_t run = j;
      while (run < edits.size() && edits[run].kind == DiffEdit::Keep) ++run;
      if (run == edits.size() || run - j > 2 * ctx) break;
      j = run;
    }
    size_t end = std::min(edits.size(), last_change + 1 + ctx);
    size_t old_start = edits[begin].old_line, new_start = edits[begin].new_line;
    size_t old_count = 0, new_count = 0;
    for (size_t e = begin; e < end; ++e) {
      if (edits[e].kind != DiffEdit::Insert) ++old_count;
      if (edits[e].kind != DiffEdit::Delete) ++new_count;
    }
    out += fmt::format("@@ -{} +{} @@\n", hunk_range(old_start, old_count), hunk_range(new_start, new_count));
    for (size_t e = begin; e < end; ++e) {
      const DiffEdit& ed = edits[e];
      if (ed.kind == DiffEdit::Keep) emit_line(out, ' ', a[ed.old_line]);
      if (ed.kind == DiffEdit::Delete) emit_line(out, '-', a[ed.old_line]);
      if (ed.kind == DiffEdit::Insert) emit_line(out, '+', b[ed.new_line]);
    }
    i = end;
  }
  return out;
}

}  // namespace kpic::format
