// Aggregates of one column read through ParquetReader, in the form of the expected-value files
// (parquet-testing expected.json and the DuckDB fixture JSON): rows, non-null count, sum/min/max, distinct
// count, true count, temporal min/max as ISO text. Orders NaN above every number, like DuckDB.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "runtime/parquet/parquet_reader.h"

namespace kpic::parquet::test {

struct ColumnSummary {
  kpic::ValueType type = kpic::ValueType::Int;
  int64_t rows = 0, non_null = 0, true_count = 0, distinct = 0;
  double sum = 0, min = 0, max = 0;  // numeric columns
  std::string min_text, max_text;    // strings and temporals
  std::vector<std::string> texts;    // every value as text ("" for null), in file order
};

// Reads column `column` of every row group. Throws DataError like the reader.
ColumnSummary summarize(const ParquetReader& reader, int column);

// Doctest checks of a summary against one column entry of an expected-values JSON.
void check_column(const std::string& where, const ColumnSummary& s, const nlohmann::json& want);

}  // namespace kpic::parquet::test
