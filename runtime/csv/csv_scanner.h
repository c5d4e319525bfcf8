// The one sequential pass over a CSV file at open: it splits the records after the header into chunks
// of about `chunk_bytes` (each ending at a record boundary, found by following quotes exactly as the
// tokenizer does) and counts the records of each chunk, so chunks can then be parsed on any thread and
// the row count is known without parsing. Quote-free stretches are skipped with memchr.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kpic::csv {

struct CsvChunk;

// Splits text[begin, end) (whose first byte is on line `first_line`). Throws DataError 704 for an
// unterminated quote or text after a closing quote.
std::vector<CsvChunk> scan_chunks(std::string_view text, int64_t begin, char delimiter, int64_t first_line,
                                  int64_t chunk_bytes, const std::string& path);

}  // namespace kpic::csv
