#include "runtime/csv/csv_tokenizer.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "runtime/column/table_reader.h"

namespace kpic::csv {

namespace {

static_assert(std::endian::native == std::endian::little, "field_end reads words little-endian");

// Bit 7 of each byte of the result is set where `w` has byte `b` (the lowest such bit exactly; bits
// above a match may be false positives, so only the lowest is used).
inline uint64_t bytes_equal(uint64_t w, uint64_t pattern) {
  uint64_t x = w ^ pattern;
  return (x - 0x0101010101010101ull) & ~x & 0x8080808080808080ull;
}

// The first delimiter or LF in [p, end), or end; eight bytes at a time.
inline const char* field_end(const char* p, const char* end, char delim) {
  const uint64_t dpat = 0x0101010101010101ull * static_cast<unsigned char>(delim);
  const uint64_t npat = 0x0101010101010101ull * static_cast<unsigned char>('\n');
  while (end - p >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    uint64_t m = bytes_equal(w, dpat) | bytes_equal(w, npat);
    if (m) return p + (__builtin_ctzll(m) >> 3);
    p += 8;
  }
  while (p < end && *p != delim && *p != '\n') ++p;
  return p;
}

}  // namespace

std::string_view CsvField::unescape(std::string& scratch) const {
  scratch.clear();
  scratch.reserve(size);
  for (uint32_t i = 0; i < size; ++i) {
    scratch.push_back(data[i]);
    if (data[i] == '"' && i + 1 < size && data[i + 1] == '"') ++i;
  }
  return scratch;
}

RecordTokenizer::RecordTokenizer(std::string_view text, int64_t begin, int64_t end, char delimiter,
                                 int64_t first_line, const std::string& path)
    : base_(text.data()), pos_(text.data() + begin), end_(text.data() + end), delim_(delimiter),
      line_(first_line), path_(path) {}

void RecordTokenizer::fail(const std::string& message) const {
  throw DataError{704, path_, "line " + std::to_string(record_line_) + ": " + message};
}

bool RecordTokenizer::next(std::vector<CsvField>& fields) {
  fields.clear();
  const char* p = pos_;
  const char* end = end_;
  // Skip blank lines.
  for (;;) {
    if (p >= end) {
      pos_ = p;
      return false;
    }
    if (*p == '\n') {
      ++p;
      ++line_;
    } else if (*p == '\r' && (p + 1 == end || p[1] == '\n')) {
      ++p;
    } else {
      break;
    }
  }
  record_line_ = line_;
  const char delim = delim_;
  for (;;) {
    CsvField f;
    if (p < end && *p == '"') {
      const char* q = p + 1;
      f.quoted = true;
      for (;;) {
        const char* close = static_cast<const char*>(std::memchr(q, '"', static_cast<size_t>(end - q)));
        if (!close) {
          fail("unterminated quoted field " + std::to_string(fields.size() + 1) +
               " (the closing quote is missing)");
        }
        line_ += std::count(q, close, '\n');
        if (close + 1 < end && close[1] == '"') {
          f.escaped = true;
          q = close + 2;
          continue;
        }
        f.data = p + 1;
        f.size = static_cast<uint32_t>(close - (p + 1));
        p = close + 1;
        break;
      }
      fields.push_back(f);
      if (p == end) break;
      if (*p == delim) {
        ++p;
        continue;
      }
      if (*p == '\n') {
        ++p;
        ++line_;
        break;
      }
      if (*p == '\r' && (p + 1 == end || p[1] == '\n')) {
        p += (p + 1 == end) ? 1 : 2;
        if (p[-1] == '\n') ++line_;
        break;
      }
      fail("unexpected text after the closing quote of field " + std::to_string(fields.size()));
    }
    const char* q = field_end(p, end, delim);
    f.data = p;
    const char* stop = q;
    if ((q == end || *q == '\n') && stop > p && stop[-1] == '\r') --stop;
    f.size = static_cast<uint32_t>(stop - p);
    fields.push_back(f);
    if (q == end) {
      p = q;
      break;
    }
    p = q + 1;
    if (*q == '\n') {
      ++line_;
      break;
    }
  }
  pos_ = p;
  return true;
}

}  // namespace kpic::csv
