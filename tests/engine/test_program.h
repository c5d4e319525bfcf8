// Helpers for engine unit tests: build typed Programs by hand (as sema would) and hold rows in memory.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/sema/program.h"
#include "runtime/column/table_reader.h"

namespace kpic::test {

using sema::ExprPtr;

ExprPtr lit_int(int64_t v);
ExprPtr lit_float(double v);
ExprPtr lit_str(const std::string& s);
ExprPtr col(const sema::Program& p, int source, const std::string& name);
ExprPtr bin(ast::Op op, ExprPtr a, ExprPtr b);
ExprPtr agg(sema::Builtin b, std::vector<ExprPtr> args, ExprPtr filter = nullptr, ValueType type = ValueType::Null);
ExprPtr call(sema::Builtin b, std::vector<ExprPtr> args);
ExprPtr mref(const sema::Program& p, const std::string& name);
ExprPtr period(sema::Builtin b, ExprPtr x, int time_dim = 0);

// Adds a metric (type from its expression) and returns its index.
int add_metric(sema::Program& p, const std::string& name, ExprPtr expr, int source,
               std::vector<sema::Dimension> dims = {}, ExprPtr where = nullptr);
sema::Dimension dim(const std::string& name, ExprPtr expr);

// Rows as text columns: each cell parsed by the field type; "" is null.
class TextTable : public TableReader {
 public:
  TextTable(Schema schema, std::vector<std::vector<std::string>> rows, int rows_per_chunk = 2);
  const Schema& schema() const override { return schema_; }
  const std::string& path() const override { return path_; }
  int num_chunks() const override;
  int64_t chunk_rows(int chunk) const override;
  void read_chunk(int chunk, const std::vector<int>& columns, std::vector<Batch>& out) const override;
  // Min/max of numeric columns, like Parquet row-group statistics.
  std::optional<ColumnStats> stats(int chunk, int column) const override;
  mutable int chunks_read = 0;

 private:
  Schema schema_;
  std::string path_ = "<test rows>";
  std::vector<std::vector<std::string>> rows_;
  int per_chunk_;
};

}  // namespace kpic::test
