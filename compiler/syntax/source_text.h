// The text of one file as ANTLR sees it: UTF-32 code points (decoded leniently: an invalid UTF-8 byte
// becomes U+FFFD, which the lexer turns into a BAD_CHAR token) plus the map from code-point index back to
// the byte offset every SourceRange uses. Internal to compiler/syntax.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <ANTLRInputStream.h>

namespace kpic::syntax {

class SourceText : public antlr4::ANTLRInputStream {
 public:
  explicit SourceText(std::string_view bytes);

  // The code point at index i (i < size()), for the hand-written lexer.
  char32_t code_point(size_t i) const { return _data[i]; }

  // Byte offset of code point `cp` (cp may be one past the end).
  uint32_t byte_offset(size_t cp) const {
    if (ascii_) return static_cast<uint32_t>(cp < size_ ? cp : size_);
    return cp < offsets_.size() ? offsets_[cp] : offsets_.back();
  }

 private:
  bool ascii_ = true;
  size_t size_ = 0;
  std::vector<uint32_t> offsets_;  // only when the text is not plain ASCII; one extra entry at the end
};

}  // namespace kpic::syntax
