#include "compiler/syntax/source_text.h"

namespace kpic::syntax {

// Length of the UTF-8 sequence starting at s[i] and its code point, or 0 when it is not valid UTF-8.
static size_t decode_utf8(std::string_view s, size_t i, char32_t& cp) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b = byte(i);
  size_t n;
  if (b < 0x80) {
    cp = b;
    return 1;
  } else if ((b & 0xE0) == 0xC0) {
    n = 2, cp = b & 0x1F;
  } else if ((b & 0xF0) == 0xE0) {
    n = 3, cp = b & 0x0F;
  } else if ((b & 0xF8) == 0xF0) {
    n = 4, cp = b & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  static const char32_t min_for_len[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < min_for_len[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

SourceText::SourceText(std::string_view bytes) {
  size_ = bytes.size();
  for (unsigned char c : bytes) {
    if (c >= 0x80) {
      ascii_ = false;
      break;
    }
  }
  if (ascii_) {
    _data.resize(bytes.size());
    for (size_t i = 0; i < bytes.size(); ++i) _data[i] = static_cast<unsigned char>(bytes[i]);
  } else {
    _data.reserve(bytes.size());
    offsets_.reserve(bytes.size() + 1);
    for (size_t i = 0; i < bytes.size();) {
      char32_t cp = 0;
      size_t n = decode_utf8(bytes, i, cp);
      offsets_.push_back(static_cast<uint32_t>(i));
      if (n == 0) {
        _data.push_back(0xFFFD);
        i += 1;
      } else {
        _data.push_back(cp);
        i += n;
      }
    }
    offsets_.push_back(static_cast<uint32_t>(bytes.size()));
  }
  p = 0;
}

}  // namespace kpic::syntax
