#include "runtime/csv/csv_scanner.h"

#include <algorithm>
#include <cstring>

#include "runtime/column/table_reader.h"
#include "runtime/csv/csv_reader.h"

namespace kpic::csv {

namespace {

const char* find(const char* p, const char* end, char c) {
  const void* r = std::memchr(p, c, static_cast<size_t>(end - p));
  return r ? static_cast<const char*>(r) : end;
}

}  // namespace

std::vector<CsvChunk> scan_chunks(std::string_view text, int64_t begin, char delim, int64_t first_line,
                                  int64_t chunk_bytes, const std::string& path) {
  std::vector<CsvChunk> chunks;
  const char* base = text.data();
  const char* end = base + text.size();
  const char* p = base + begin;
  int64_t line = first_line;
  const char* next_quote = find(p, end, '"');
  CsvChunk cur;
  cur.begin = begin;
  cur.first_line = line;
  auto fail = [&](int64_t at_line, const std::string& msg) {
    throw DataError{704, path, "line " + std::to_string(at_line) + ": " + msg};
  };
  while (p < end) {
    // At a record start (maybe a blank line).
    if (p - (base + cur.begin) >= chunk_bytes && cur.rows > 0) {
      cur.end = p - base;
      chunks.push_back(cur);
      cur = CsvChunk{};
      cur.begin = p - base;
      cur.first_line = line;
    }
    const char* record = p;
    int64_t record_line = line;
    bool field_start = true;
    for (;;) {
      if (field_start && p < end && *p == '"') {
        const char* q = p + 1;
        for (;;) {
          const char* close = find(q, end, '"');
          if (close == end) fail(record_line, "unterminated quoted field (the closing quote is missing)");
          line += std::count(q, close, '\n');
          if (close + 1 < end && close[1] == '"') {
            q = close + 2;
            continue;
          }
          p = close + 1;
          break;
        }
        if (next_quote < p) next_quote = find(p, end, '"');
        if (p == end) break;
        if (*p == delim) {
          ++p;
          continue;  // still at a field start
        }
        if (*p == '\n' || (*p == '\r' && (p + 1 == end || p[1] == '\n'))) {
          p = (*p == '\r') ? p + 1 : p;
          if (p < end) {
            ++p;
            ++line;
          }
          break;
        }
        fail(record_line, "unexpected text after a closing quote");
      }
      const char* nl = find(p, end, '\n');
      if (next_quote < nl) {
        // A quote opens a quoted field only at a field start (right after a delimiter; a record start is
        // handled above); elsewhere it is an ordinary character.
        const char* q = next_quote;
        next_quote = find(q + 1, end, '"');
        if (q > record && q[-1] == delim) {
          p = q;
          field_start = true;
        } else {
          p = q + 1;
          field_start = false;
        }
        continue;
      }
      p = nl == end ? end : nl + 1;
      if (nl != end) ++line;
      break;
    }
    // Blank records (empty or a lone CR) are not rows, as in the tokenizer.
    const char* stop = p;
    if (stop > record && stop[-1] == '\n') --stop;
    bool blank = stop == record || (stop == record + 1 && *record == '\r');
    if (!blank) ++cur.rows;
  }
  cur.end = p - base;
  if (cur.rows > 0 || chunks.empty()) chunks.push_back(cur);
  else chunks.back().end = cur.end;
  return chunks;
}

}  // namespace kpic::csv

