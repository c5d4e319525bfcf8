// Converts the fields of one CSV column, row by row, into a Column of its type: numbers, dates and
// timestamps parsed (csv_value.h), strings deduplicated into a Dictionary with int32 codes, nulls in the
// validity bitmap. Null tokens are nulls, except that a quoted field of a string column is always text.
#pragma once

#include <cstdint>
#include <string>

#include "runtime/column/column.h"
#include "runtime/csv/csv_tokenizer.h"
#include "runtime/csv/dictionary_builder.h"

namespace kpic::csv {

class ColumnParser {
 public:
  ColumnParser(ValueType type, int64_t rows);

  // Stores field `f` at `row`; false when its text does not parse as the column's type.
  bool set(int64_t row, const CsvField& f, std::string& scratch);
  // The column, cut to `rows` values.
  Column finish(int64_t rows);

 private:
  Column col_;
  DictionaryBuilder dict_;
};

}  // namespace kpic::csv
