// The interface every data reader implements (Parquet, CSV, in-memory test rows). The driver asks for
// chunks (a Parquet row group, a block of CSV lines) by index from several threads at once, so memory
// is bounded by the chunks in flight, not by the file size.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/column/column.h"

namespace kpic {

// Raised by readers for bad data (a corrupt page, a malformed CSV row): a user error with a location.
// `code` is a DiagCode number (KP07xx); `where` names file, column and row group / line.
struct DataError {
  int code = 702;
  std::string path;
  std::string message;
};

// Min/max/null count of one column in one chunk, in the column's ValueType (strings as text).
struct ColumnStats {
  bool has_min_max = false;
  double min_num = 0, max_num = 0;   // Int/Float/Date/Timestamp/Bool values as double
  std::string min_str, max_str;      // String columns
  int64_t null_count = -1;           // -1 when unknown
};

class TableReader {
 public:
  virtual ~TableReader() = default;

  virtual const Schema& schema() const = 0;
  virtual const std::string& path() const = 0;
  virtual int num_chunks() const = 0;
  virtual int64_t chunk_rows(int chunk) const = 0;
  // Statistics of a column in a chunk, when the file has them.
  virtual std::optional<ColumnStats> stats(int chunk, int column) const { return std::nullopt; }

  // Reads the given columns (indices into schema().fields) of one chunk into `out`, appending one or
  // more batches (a reader may split a large chunk, e.g. by Parquet page boundaries). Thread-safe: different threads may read different chunks.
  // Throws DataError on bad data.
  virtual void read_chunk(int chunk, const std::vector<int>& columns, std::vector<Batch>& out) const = 0;
};

}  // namespace kpic
