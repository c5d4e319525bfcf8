// RFC 4180 record tokenizer over a byte range of CSV text. A field is quoted only when its first byte is
// a quote; inside it "" is an escaped quote and newlines are data. A quote inside an unquoted field is an
// ordinary character. Records end at LF or CRLF; blank lines (empty or a lone CR) are skipped.
// The chunk scanner (csv_scanner.h) follows exactly the same rules, so chunk boundaries are record
// boundaries.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kpic::csv {

struct CsvField {
  const char* data = nullptr;
  uint32_t size = 0;
  bool quoted = false;
  bool escaped = false;  // contains "" pairs: use unescape()

  std::string_view raw() const { return {data, size}; }
  // The field's value: raw() without "" escapes; `scratch` holds the copy when one is needed.
  std::string_view value(std::string& scratch) const { return escaped ? unescape(scratch) : raw(); }

 private:
  std::string_view unescape(std::string& scratch) const;
};

class RecordTokenizer {
 public:
  // Tokenizes text[begin, end); `first_line` is the physical line number at `begin`. `path` is used in
  // error messages.
  RecordTokenizer(std::string_view text, int64_t begin, int64_t end, char delimiter, int64_t first_line,
                  const std::string& path);

  // Reads the next record into `fields` (cleared first); false at the end of the range.
  // Throws DataError 704 for an unterminated quote or text after a closing quote.
  bool next(std::vector<CsvField>& fields);

  int64_t record_line() const { return record_line_; }  // line where the last record began
  int64_t offset() const { return pos_ - base_; }       // byte offset after the last record

 private:
  [[noreturn]] void fail(const std::string& message) const;

  const char* base_;
  const char* pos_;
  const char* end_;
  char delim_;
  int64_t line_;
  int64_t record_line_ = 0;
  const std::string& path_;
};

}  // namespace kpic::csv
