#include "compiler/format/line_writer.h"

#include <algorithm>

namespace kpic::format {

namespace {

// Columns taken by UTF-8 text: one per code point.
size_t columns(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

}  // namespace

void LineWriter::blank() {
  if (suppress_blank_ || at_blank()) return;
  lines_.push_back({});
}

void LineWriter::code(int indent, const std::string& code) {
  size_t start = 0;
  while (true) {
    size_t nl = code.find('\n', start);
    std::string part = code.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    // Continuation lines carry their own relative indentation from the layout.
    size_t lead = part.find_first_not_of(' ');
    int extra = lead == std::string::npos ? 0 : static_cast<int>(lead);
    lines_.push_back({indent + extra, part.substr(lead == std::string::npos ? part.size() : lead), ""});
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  suppress_blank_ = false;
}

void LineWriter::comment_line(int indent, const std::string& text) {
  lines_.push_back({indent, "", text});
  suppress_blank_ = false;
}

bool LineWriter::attach_trailing(const std::string& text) {
  if (lines_.empty() || lines_.back().code.empty() || !lines_.back().comment.empty()) return false;
  lines_.back().comment = text;
  return true;
}

std::string LineWriter::finish() {
  while (!lines_.empty() && lines_.back().blank()) lines_.pop_back();
  std::string out;
  size_t i = 0;
  while (i < lines_.size()) {
    // A run of consecutive lines with code and a trailing comment shares one comment column.
    size_t j = i;
    size_t column = 0;
    while (j < lines_.size() && !lines_[j].code.empty() && !lines_[j].comment.empty()) {
      column = std::max(column, static_cast<size_t>(lines_[j].indent) + columns(lines_[j].code) + 2);
      ++j;
    }
    if (j == i) j = i + 1;
    for (size_t k = i; k < j; ++k) {
      const Line& l = lines_[k];
      if (l.blank()) {
        out += '\n';
        continue;
      }
      std::string text(static_cast<size_t>(l.indent), ' ');
      text += l.code;
      if (!l.comment.empty()) {
        size_t used = static_cast<size_t>(l.indent) + columns(l.code);
        if (!l.code.empty()) text.append(column > used + 2 ? column - used : 2, ' ');
        text += l.comment;
      }
      out += text;
      out += '\n';
    }
    i = j;
  }
  return out;
}

}  // namespace kpic::format
