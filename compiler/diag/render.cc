#include "compiler/diag/render.h"

#include <algorithm>
#include <string_view>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <vector>

namespace kpic {

static const char* severity_word(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "error";
}

// At most this many bytes of a source line are shown: a diagnostic on a huge one-line file (or on a
// file that is not the user's) echoes a window around the caret, never the whole line.
static constexpr uint32_t kSnippetWindow = 200;

static void render_snippet(std::string& out, const SourceManager& sm, SourceRange r) {
  LineCol lc = sm.line_col(r.file, r.begin);
  std::string_view line = sm.line_text(r.file, lc.line);
  std::string num = std::to_string(lc.line);
  std::string pad(num.size(), ' ');
  // Carets under the whole range, clipped to the first line of a multi-line range.
  uint32_t start = lc.col - 1;
  uint32_t len = std::max<uint32_t>(1, r.end > r.begin ? r.end - r.begin : 1);
  if (start > line.size()) start = static_cast<uint32_t>(line.size());
  // The window: the whole line when short, else kSnippetWindow bytes around the caret, cut at UTF-8
  // character boundaries and marked with `...` where the line goes on.
  size_t from = 0, to = line.size();
  if (line.size() > kSnippetWindow) {
    from = start > kSnippetWindow / 2 ? start - kSnippetWindow / 2 : 0;
    to = std::min(line.size(), from + kSnippetWindow);
    from = to - std::min<size_t>(to, kSnippetWindow);
    while (from > 0 && from < start && (static_cast<unsigned char>(line[from]) & 0xC0) == 0x80) ++from;
    while (to < line.size() && to > start && (static_cast<unsigned char>(line[to]) & 0xC0) == 0x80) --to;
  }
  std::string_view shown = line.substr(from, to - from);
  const char* before = from > 0 ? "..." : "";
  const char* after = to < line.size() ? "..." : "";
  start -= static_cast<uint32_t>(from);
  if (start + len > shown.size()) len = std::max<uint32_t>(1, static_cast<uint32_t>(shown.size()) - std::min<uint32_t>(start, static_cast<uint32_t>(shown.size())));
  std::string lead(from > 0 ? 3 : 0, ' ');
  for (uint32_t i = 0; i < start && i < shown.size(); ++i) lead += shown[i] == '\t' ? '\t' : ' ';
  out += fmt::format(" {} | {}{}{}\n", num, before, shown, after);
  out += fmt::format(" {} | {}{}\n", pad, lead, std::string(len, '^'));
}

std::string render(const SourceManager& sm, const Diagnostic& d, const RenderOptions& opts) {
  std::string out;
  const char* bold = opts.color ? "\033[1m" : "";
  const char* red = opts.color ? (d.severity == Severity::Error ? "\033[1;31m" : "\033[1;33m") : "";
  const char* reset = opts.color ? "\033[0m" : "";
  std::string where;
  if (d.range.valid()) {
    LineCol lc = sm.line_col(d.range.file, d.range.begin);
    where = fmt::format("{}:{}:{}: ", sm.name(d.range.file), lc.line, lc.col);
  } else if (!d.path.empty()) {
    where = d.path + ": ";
  }
  // A data reader's message may already start with the file's name: it is printed once, in front.
  std::string_view message = d.message;
  if (!d.range.valid() && !d.path.empty() && message.size() > d.path.size() + 2 &&
      message.substr(0, d.path.size()) == d.path && message.substr(d.path.size(), 2) == ": ")
    message.remove_prefix(d.path.size() + 2);
  out += fmt::format("{}{}{}{}[{}]{}{}: {}{}\n", bold, where, red, severity_word(d.severity), code_string(d.code),
                     reset, bold, message, reset);
  if (d.range.valid()) render_snippet(out, sm, d.range);
  for (const auto& n : d.notes) {
    if (n.range.valid()) {
      LineCol lc = sm.line_col(n.range.file, n.range.begin);
      out += fmt::format("note: {}:{}:{}: {}\n", sm.name(n.range.file), lc.line, lc.col, n.message);
      render_snippet(out, sm, n.range);
    } else {
      out += fmt::format("note: {}\n", n.message);
    }
  }
  if (!d.help.empty()) out += fmt::format("help: {}\n", d.help);
  return out;
}

std::string render_all(const SourceManager& sm, const Diagnostics& diags, const RenderOptions& opts) {
  std::string out;
  for (const auto& d : diags.list()) out += render(sm, d, opts);
  return out;
}

namespace {

std::string json_text(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') out += {'\\', ch};
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c < 0x20) out += fmt::format("\\u{:04x}", c);
    else out += ch;
  }
  return out + "\"";
}

struct Where {
  std::string file;  // "" when none
  LineCol begin, end;  // line 0 when none
};

Where where_of(const SourceManager& sm, SourceRange r, const std::string& path) {
  Where w;
  if (!r.valid()) {
    w.file = path;
    return w;
  }
  w.file = sm.name(r.file);
  w.begin = sm.line_col(r.file, r.begin);
  w.end = sm.line_col(r.file, std::max(r.end, r.begin));
  return w;
}

std::string json_where(const Where& w, bool with_end) {
  auto num = [](uint32_t v) { return v ? std::to_string(v) : std::string("null"); };
  std::string out = "\"file\": " + (w.file.empty() ? std::string("null") : json_text(w.file)) +
                    ", \"line\": " + num(w.begin.line) + ", \"column\": " + num(w.begin.col);
  if (with_end) out += ", \"end_line\": " + num(w.end.line) + ", \"end_column\": " + num(w.end.col);
  return out;
}

// GitHub's escaping of a workflow command's message (`data`) and of its properties.
std::string gh_escape(std::string_view s, bool property) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else if (property && c == ':') out += "%3A";
    else if (property && c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

}  // namespace

std::string render_json(const SourceManager& sm, const Diagnostics& diags) {
  std::string out = "{\"diagnostics\": [";
  int errors = 0, warnings = 0;
  bool first = true;
  for (const auto& d : diags.list()) {
    errors += d.severity == Severity::Error;
    warnings += d.severity == Severity::Warning;
    out += first ? "\n  {" : ",\n  {";
    first = false;
    out += "\"severity\": " + json_text(severity_word(d.severity)) + ", \"code\": " + json_text(code_string(d.code)) +
           ", \"message\": " + json_text(d.message) + ", " + json_where(where_of(sm, d.range, d.path), true) +
           ", \"help\": " + (d.help.empty() ? std::string("null") : json_text(d.help)) + ", \"notes\": [";
    for (size_t i = 0; i < d.notes.size(); ++i)
      out += (i ? ", {" : "{") + std::string("\"message\": ") + json_text(d.notes[i].message) + ", " +
             json_where(where_of(sm, d.notes[i].range, ""), false) + "}";
    out += "]}";
  }
  out += first ? "]" : "\n]";
  return out + fmt::format(", \"errors\": {}, \"warnings\": {}}}\n", errors, warnings);
}

std::string render_github(const SourceManager& sm, const Diagnostics& diags) {
  std::string out;
  for (const auto& d : diags.list()) {
    const char* kind = d.severity == Severity::Error ? "error" : d.severity == Severity::Warning ? "warning" : "notice";
    Where w = where_of(sm, d.range, d.path);
    std::vector<std::string> props;
    if (!w.file.empty()) props.push_back("file=" + gh_escape(w.file, true));
    if (w.begin.line) {
      props.push_back(fmt::format("line={},col={}", w.begin.line, w.begin.col));
      props.push_back(fmt::format("endLine={},endColumn={}", w.end.line, w.end.col));
    }
    props.push_back("title=" + code_string(d.code));
    std::string msg = d.message;
    if (!d.help.empty()) msg += "\nhelp: " + d.help;
    for (const auto& n : d.notes) msg += "\nnote: " + n.message;
    out += fmt::format("::{} {}::{}\n", kind, fmt::join(props, ","), gh_escape(msg, false));
  }
  return out;
}

}  // namespace kpic
