// A TableReader over in-memory columns of Values: the inline `given` rows of a `kpic test` block.
// It produces the same Batch layout as the file readers (strings as a Dictionary of distinct values,
// dates as int32 days, timestamps as int64 microseconds, nulls in the validity bitmap), so tests run the
// very kernels that scan files.
#pragma once

#include <string>
#include <vector>

#include "runtime/column/table_reader.h"
#include "runtime/column/value.h"

namespace kpic {

class MemoryTable : public TableReader {
 public:
  // columns[i] holds the values of schema.fields[i], all of the same length. A value is converted to its
  // field's type where the language converts implicitly (int -> float, date -> timestamp); null values
  // are nulls; any other mismatch, or columns of different lengths, throws DataError (706).
  // schema.num_rows is set to the row count. `name` is what path() returns (e.g. "given orders").
  MemoryTable(Schema schema, std::vector<std::vector<Value>> columns, std::string name = "<given rows>");

  const Schema& schema() const override { return schema_; }
  const std::string& path() const override { return name_; }
  int num_chunks() const override { return 1; }
  int64_t chunk_rows(int chunk) const override { return schema_.num_rows; }
  void read_chunk(int chunk, const std::vector<int>& columns, std::vector<Batch>& out) const override;

 private:
  Schema schema_;
  std::string name_;
  std::vector<Column> columns_;  // converted once; read_chunk copies the requested ones
};

}  // namespace kpic
