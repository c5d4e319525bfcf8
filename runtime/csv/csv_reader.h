// The CSV reader: RFC 4180 text (quoted fields, "" escapes, embedded newlines, CRLF), a header row,
// a detected delimiter (, ; tab |), types inferred from a sample or declared by a `source` block,
// null tokens (empty, NA, null, NULL), gzip (.csv.gz, concatenated members) and a UTF-8 BOM.
//
// Opening reads the file once (mmap, or inflate for gzip) and runs one quote-aware scan that splits it
// into chunks at record boundaries and counts their rows; read_chunk then parses any chunk on any thread.
// Every malformed row (wrong field count, unterminated quote, text after a closing quote, a value that
// does not parse as its column's type) throws DataError 704 with the file and the line, never a shifted
// column.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "runtime/column/table_reader.h"
#include "runtime/csv/csv_input.h"
#include "runtime/csv/csv_tokenizer.h"

namespace kpic::csv {

struct CsvOptions {
  const Schema* declared = nullptr;    // declared types win over inferred ones (by column name)
  int64_t chunk_bytes = 4 << 20;       // target chunk size; chunks end at record boundaries
  int64_t sample_rows = 20000;         // rows read from the start for type inference
  int sample_chunks = 8;               // further chunks spread over a large file that are sampled too
};

// What `kpic schema --verbose` shows about a CSV file.
struct CsvLayout {
  char delimiter = ',';
  bool gzip = false;
  bool bom = false;
  bool crlf = false;
  int64_t bytes = 0;                    // of the (decompressed) text
  int64_t sampled_rows = 0;             // rows type inference looked at
  bool whole_file_sampled = false;      // inference saw every row
  std::vector<bool> declared;           // per field: type came from the declared schema
};

struct CsvChunk {
  int64_t begin = 0, end = 0;  // byte range in the text, whole records
  int64_t first_line = 1;      // physical line number of the first record (1 = header line)
  int64_t rows = 0;
};

class CsvReader : public TableReader {
 public:
  explicit CsvReader(const std::string& path, const CsvOptions& opts = {});
  ~CsvReader() override;

  const Schema& schema() const override { return schema_; }
  const std::string& path() const override { return path_; }
  int num_chunks() const override { return static_cast<int>(chunks_.size()); }
  int64_t chunk_rows(int chunk) const override { return chunks_[chunk].rows; }
  void read_chunk(int chunk, const std::vector<int>& columns, std::vector<Batch>& out) const override;

  const CsvLayout& layout() const { return layout_; }
  const CsvChunk& chunk(int i) const { return chunks_[i]; }

 private:
  void read_header();
  void infer_types(const CsvOptions& opts);
  void apply_declared(const Schema& declared);
  // KP0704 for an undeclared column of whole numbers past int64 (see TypeInference::big_integer).
  void refuse_big_integers() const;
  void check_field_count(size_t found, int64_t line) const;
  [[noreturn]] void bad_value(int column, const CsvField& f, int64_t line) const;

  std::string path_;
  CsvInput input_;
  Schema schema_;
  CsvLayout layout_;
  std::vector<std::string> big_ints_;  // per column: see refuse_big_integers
  std::vector<CsvChunk> chunks_;
  int64_t body_begin_ = 0;  // first byte after the header record
  int64_t body_line_ = 2;   // its line number
};

}  // namespace kpic::csv
