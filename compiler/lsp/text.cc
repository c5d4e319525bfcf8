#include "compiler/lsp/text.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace kpic::lsp {

namespace {

// UTF-16 code units of the UTF-8 sequence whose lead byte is `c` (0 for a continuation byte).
uint32_t utf16_units(unsigned char c) {
  if ((c & 0xC0) == 0x80) return 0;
  return c >= 0xF0 ? 2 : 1;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

LineIndex::LineIndex(std::string_view text, bool utf16) : text_(text), utf16_(utf16) {
  starts_.push_back(0);
  for (uint32_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') starts_.push_back(i + 1);
}

Position LineIndex::position(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  uint32_t line = static_cast<uint32_t>(it - starts_.begin()) - 1;
  uint32_t start = starts_[line];
  if (!utf16_) return {line, offset - start};
  uint32_t units = 0;
  for (uint32_t i = start; i < offset; ++i) units += utf16_units(static_cast<unsigned char>(text_[i]));
  return {line, units};
}

uint32_t LineIndex::offset(Position p) const {
  if (p.line >= starts_.size()) return static_cast<uint32_t>(text_.size());
  uint32_t start = starts_[p.line];
  uint32_t end = p.line + 1 < starts_.size() ? starts_[p.line + 1] - 1 : static_cast<uint32_t>(text_.size());
  if (end > start && text_[end - 1] == '\r') --end;
  if (!utf16_) return std::min(start + p.character, end);
  uint32_t units = 0, i = start;
  while (i < end && units < p.character) {
    units += utf16_units(static_cast<unsigned char>(text_[i]));
    ++i;
    while (i < end && utf16_units(static_cast<unsigned char>(text_[i])) == 0) ++i;
  }
  return i;
}

std::string uri_to_path(const std::string& uri) {
  const std::string prefix = "file://";
  if (uri.compare(0, prefix.size(), prefix) != 0) return uri;
  std::string out;
  for (size_t i = prefix.size(); i < uri.size(); ++i) {
    if (uri[i] == '%' && i + 2 < uri.size() && hex_value(uri[i + 1]) >= 0 && hex_value(uri[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(uri[i + 1]) * 16 + hex_value(uri[i + 2]));
      i += 2;
    } else {
      out += uri[i];
    }
  }
  return out;
}

std::string path_to_uri(const std::string& path) {
  if (path.empty() || path[0] != '/') return path;  // "untitled:..." and other non-file names
  std::string out = "file://";
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

void apply_edit(std::string& text, uint32_t begin, uint32_t end, const std::string& with) {
  begin = std::min<uint32_t>(begin, static_cast<uint32_t>(text.size()));
  end = std::clamp<uint32_t>(end, begin, static_cast<uint32_t>(text.size()));
  text.replace(begin, end - begin, with);
}

}  // namespace kpic::lsp
