#include "runtime/readers/memory_table.h"

#include "runtime/csv/dictionary_builder.h"

namespace kpic {

namespace {

// Stores `v` at row `i` of `col`; false when the value's type cannot become the column's.
bool store(Column& col, int64_t i, const Value& v, csv::DictionaryBuilder& dict) {
  if (v.is_null || v.type == ValueType::Null) {
    col.set_null(i);
    return true;
  }
  switch (col.type) {
    case ValueType::Bool:
      if (v.type != ValueType::Bool) return false;
      col.mutable_data<uint8_t>()[i] = v.i ? 1 : 0;
      return true;
    case ValueType::Int:
      if (v.type != ValueType::Int) return false;
      col.mutable_data<int64_t>()[i] = v.i;
      return true;
    case ValueType::Float:
      if (v.type == ValueType::Int) col.mutable_data<double>()[i] = static_cast<double>(v.i);
      else if (v.type == ValueType::Float) col.mutable_data<double>()[i] = v.f;
      else return false;
      return true;
    case ValueType::String:
      if (v.type != ValueType::String) return false;
      col.mutable_data<int32_t>()[i] = dict.add(v.s);
      return true;
    case ValueType::Date:
      if (v.type != ValueType::Date) return false;
      col.mutable_data<int32_t>()[i] = static_cast<int32_t>(v.i);
      return true;
    case ValueType::Timestamp:
      if (v.type == ValueType::Timestamp) col.mutable_data<int64_t>()[i] = v.i;
      else if (v.type == ValueType::Date) col.mutable_data<int64_t>()[i] = v.i * 86400 * 1000000;
      else return false;
      return true;
    case ValueType::Null: return false;
  }
  return false;
}

}  // namespace

MemoryTable::MemoryTable(Schema schema, std::vector<std::vector<Value>> columns, std::string name)
    : schema_(std::move(schema)), name_(std::move(name)) {
  if (columns.size() != schema_.fields.size())
    throw DataError{706, name_, "expected " + std::to_string(schema_.fields.size()) + " columns, got " +
                                    std::to_string(columns.size())};
  int64_t rows = columns.empty() ? 0 : static_cast<int64_t>(columns[0].size());
  for (size_t c = 0; c < columns.size(); ++c) {
    const Field& field = schema_.fields[c];
    if (static_cast<int64_t>(columns[c].size()) != rows)
      throw DataError{706, name_, "column `" + field.name + "` has " + std::to_string(columns[c].size()) +
                                      " values, column `" + schema_.fields[0].name + "` has " + std::to_string(rows)};
    Column col;
    col.resize(field.type, rows);
    csv::DictionaryBuilder dict;
    for (int64_t i = 0; i < rows; ++i) {
      const Value& v = columns[c][i];
      if (!store(col, i, v, dict))
        throw DataError{706, name_, "value " + std::to_string(i + 1) + " of column `" + field.name + "` is a " +
                                        std::string(type_name(v.type)) + ", but the column is " +
                                        std::string(type_name(field.type))};
    }
    if (field.type == ValueType::String) col.dict = dict.finish();
    columns_.push_back(std::move(col));
  }
  schema_.num_rows = rows;
}

void MemoryTable::read_chunk(int chunk, const std::vector<int>& columns, std::vector<Batch>& out) const {
  Batch b;
  b.num_rows = schema_.num_rows;
  for (int c : columns) b.columns.push_back(columns_.at(c));
  out.push_back(std::move(b));
}

}  // namespace kpic
