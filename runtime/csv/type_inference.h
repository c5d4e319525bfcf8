// Infers a column's type from sample values: the narrowest of bool, int, float, date, timestamp that
// every non-null value parses as (csv_value.h), else string. A column with no non-null value is string.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/column/value_type.h"

namespace kpic::csv {

class TypeInference {
 public:
  // `value` is the unescaped field text; null tokens count as nulls whether quoted or not.
  // `line`: the value's physical line in the file (for why_string).
  void add(std::string_view value, int64_t line = 0);

  ValueType type() const;
  bool saw_null() const { return nulls_ > 0; }
  // When every value is a whole number and one is past the int64 range (the column would read as float,
  // silently merging distinct ids): the first such value; else "".
  std::string big_integer() const { return all_integer_literals_ ? big_int_ : std::string(); }
  int64_t values() const { return values_; }
  // A string column whose earlier values all parsed as another type: the first value that did not, as
  // "line N holds `TEXT`, not a TYPE"; else "".
  std::string why_string() const;

 private:
  enum : unsigned { kBool = 1, kInt = 2, kFloat = 4, kDate = 8, kTimestamp = 16 };
  unsigned alive_ = kBool | kInt | kFloat | kDate | kTimestamp;
  int64_t values_ = 0;
  int64_t nulls_ = 0;
  bool all_integer_literals_ = true;
  std::string big_int_;
  unsigned alive_before_ = 0;  // the types alive before the value that left none
  std::string last_straw_;     // that value
  int64_t last_straw_line_ = 0;
};

}  // namespace kpic::csv
