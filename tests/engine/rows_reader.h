// Test helper: a TableReader of `chunks` chunks of `rows` rows of one Int column `i`, where chunk c holds
// i = c * rows + (r * 7) % rows (every value once, in a scrambled order within the chunk).
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "runtime/column/table_reader.h"

namespace kpic::test {

class RowsReader : public TableReader {
 public:
  RowsReader(int chunks, int64_t rows) : chunks_(chunks), rows_(rows) {
    Field x;
    x.name = "i";
    schema_.fields = {x};
  }
  const Schema& schema() const override { return schema_; }
  const std::string& path() const override { return path_; }
  int num_chunks() const override { return chunks_; }
  int64_t chunk_rows(int) const override { return rows_; }
  void read_chunk(int chunk, const std::vector<int>&, std::vector<Batch>& out) const override {
    Batch b;
    b.num_rows = rows_;
    Column col;
    col.type = ValueType::Int;
    col.length = rows_;
    std::vector<int64_t> v(static_cast<size_t>(rows_));
    for (int64_t r = 0; r < rows_; ++r) v[static_cast<size_t>(r)] = chunk * rows_ + (r * 7) % rows_;
    col.values.resize(static_cast<size_t>(rows_) * 8, 0);
    std::memcpy(col.values.data(), v.data(), static_cast<size_t>(rows_) * 8);
    b.columns.push_back(std::move(col));
    out.push_back(std::move(b));
  }

 private:
  int chunks_;
  int64_t rows_;
  Schema schema_;
  std::string path_ = "rows";
};

}  // namespace kpic::test
