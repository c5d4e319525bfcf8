// One table over many data files: a source bound to a folder (`events=lake/events/`) or a glob
// (`'lake/events/*.parquet'`). Every file is opened (in parallel: Parquet footers, CSV row counts) and
// its chunks become the table's chunks, so the scan reads all files in parallel as one table.
//
// Hive-style folders (`lake/events/month=2024-01/part-0.parquet`) add their keys as columns after the
// files' own columns: typed by the `source` block when it declares them, else int when every value is an
// integer, date when every value is YYYY-MM-DD, else string (`__HIVE_DEFAULT_PARTITION__` is null).
// A key column has the same value in every row of a file, and its per-chunk statistics say so
// (min = max), so a `where` or `--where` on a key skips whole files: their rows are never read.
//
// Every file must have the same columns (names and types, in any order) and the same folder keys;
// otherwise open throws DataError 708 naming two files that differ. No file at all is DataError 701.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "runtime/column/table_reader.h"
#include "runtime/readers/open_table.h"

namespace kpic {

// True when `path` names several files: an existing folder, or a pattern with `*`, `?` or `[`.
bool is_multi_file_path(const std::string& path);

// The data files `path` names, sorted: for a folder, every file under it (recursively) with a data
// extension (.parquet, .parq, .csv, .tsv, .txt, .csv.gz, .tsv.gz), skipping names that start with `.`
// or `_` (`_SUCCESS`, `.crc`); for a pattern, the regular files it matches (glob(3): wildcards within
// one folder level). Throws DataError 701 when there is none.
std::vector<std::string> list_data_files(const std::string& path);

class MultiFileTable : public TableReader {
 public:
  // `path` is a folder or a pattern (see list_data_files).
  static std::unique_ptr<MultiFileTable> open(const std::string& path, const OpenOptions& opts);

  const Schema& schema() const override { return schema_; }
  const std::string& path() const override { return path_; }
  int num_chunks() const override { return static_cast<int>(chunks_.size()); }
  int64_t chunk_rows(int chunk) const override;
  std::optional<ColumnStats> stats(int chunk, int column) const override;
  void read_chunk(int chunk, const std::vector<int>& columns, std::vector<Batch>& out) const override;

  int num_files() const { return static_cast<int>(files_.size()); }
  const TableReader& file(int i) const { return *files_[i].reader; }

 private:
  struct File {
    std::unique_ptr<TableReader> reader;
    std::vector<int> column_of;  // table column -> this file's column (for the files' own columns)
    std::vector<Column> keys;    // one value per folder key (length 1), typed as the key's column
  };
  struct ChunkRef {
    int file;
    int chunk;
  };

  MultiFileTable() = default;
  Column key_column(const File& f, int key, int64_t rows) const;

  std::string path_;
  Schema schema_;
  int file_columns_ = 0;  // schema_.fields[0, file_columns_) come from the files, the rest are keys
  std::vector<File> files_;
  std::vector<ChunkRef> chunks_;
};

}  // namespace kpic
