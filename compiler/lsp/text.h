// Positions and document text for the language server: LSP positions (line, character) are counted in
// UTF-16 code units unless the client accepts UTF-8 (`positionEncoding`); kpic's ranges are byte offsets.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kpic::lsp {

struct Position {
  uint32_t line = 0;       // 0-based
  uint32_t character = 0;  // 0-based, in UTF-16 code units or bytes (see LineIndex)
};

// Line starts of one text, to convert byte offsets to LSP positions and back.
class LineIndex {
 public:
  LineIndex() = default;
  LineIndex(std::string_view text, bool utf16);

  Position position(uint32_t offset) const;
  // A position past the end of its line is the line's end; past the last line, the text's end.
  uint32_t offset(Position p) const;
  uint32_t line_count() const { return static_cast<uint32_t>(starts_.size()); }

 private:
  std::string_view text_;
  bool utf16_ = true;
  std::vector<uint32_t> starts_;
};

// file:///a/b%20c.kpi -> /a/b c.kpi; other schemes ("untitled:x") are returned unchanged.
std::string uri_to_path(const std::string& uri);
std::string path_to_uri(const std::string& path);

// Replaces [begin, end) of `text` (byte offsets, clamped) with `with`.
void apply_edit(std::string& text, uint32_t begin, uint32_t end, const std::string& with);

}  // namespace kpic::lsp
