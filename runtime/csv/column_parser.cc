#include "runtime/csv/column_parser.h"

#include "runtime/csv/csv_value.h"

namespace kpic::csv {

ColumnParser::ColumnParser(ValueType type, int64_t rows) { col_.resize(type, rows); }

bool ColumnParser::set(int64_t row, const CsvField& f, std::string& scratch) {
  std::string_view v = f.value(scratch);
  if (col_.type == ValueType::String) {
    if (!f.quoted && is_string_null_token(v)) {
      col_.set_null(row);
      col_.mutable_data<int32_t>()[row] = 0;
      return true;
    }
    col_.mutable_data<int32_t>()[row] = dict_.add(v);
    return true;
  }
  if (is_null_token(v)) {
    col_.set_null(row);
    std::memset(col_.values.data() + row * type_width(col_.type), 0, type_width(col_.type));
    return true;
  }
  switch (col_.type) {
    case ValueType::Int: return parse_int(v, col_.mutable_data<int64_t>()[row]);
    case ValueType::Float: return parse_float(v, col_.mutable_data<double>()[row]);
    case ValueType::Date: return parse_date(v, col_.mutable_data<int32_t>()[row]);
    case ValueType::Timestamp: return parse_timestamp(v, col_.mutable_data<int64_t>()[row]);
    case ValueType::Bool: {
      bool b;
      if (!parse_bool(v, b)) return false;
      col_.mutable_data<uint8_t>()[row] = b ? 1 : 0;
      return true;
    }
    default: return false;
  }
}

Column ColumnParser::finish(int64_t rows) {
  Column out = std::move(col_);
  if (rows != out.length) {
    out.length = rows;
    out.values.resize(static_cast<size_t>(rows) * type_width(out.type), 0);
    if (!out.validity.empty()) out.validity.resize((rows + 63) / 64);
  }
  if (out.type == ValueType::String) out.dict = dict_.finish();
  return out;
}

}  // namespace kpic::csv
