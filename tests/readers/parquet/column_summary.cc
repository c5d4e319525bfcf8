#include "tests/readers/parquet/column_summary.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>

#include "runtime/parquet/parquet_describe.h"

namespace kpic::parquet::test {
namespace {

bool nan_less(double a, double b) {  // NaN greatest
  if (std::isnan(a)) return false;
  if (std::isnan(b)) return true;
  return a < b;
}

}  // namespace

ColumnSummary summarize(const ParquetReader& reader, int column) {
  ColumnSummary s;
  s.type = reader.schema().fields.at(column).type;
  std::set<std::string> distinct_text;
  std::set<double, bool (*)(double, double)> distinct_num(nan_less);
  bool first = true;
  for (int g = 0; g < reader.num_chunks(); ++g) {
    Column c = reader.read_column(g, column);
    if (c.length != reader.chunk_rows(g))
      throw DataError{702, reader.path(), "column length differs from rows"};
    s.rows += c.length;
    for (int64_t i = 0; i < c.length; ++i) {
      if (!c.is_valid(i)) {
        s.texts.emplace_back();
        continue;
      }
      ++s.non_null;
      double num = 0;
      std::string text;
      switch (c.type) {
        case ValueType::Bool:
          num = c.data<uint8_t>()[i];
          s.true_count += c.data<uint8_t>()[i] != 0;
          text = num ? "true" : "false";
          break;
        case ValueType::Int:
          num = static_cast<double>(c.data<int64_t>()[i]);
          text = std::to_string(c.data<int64_t>()[i]);
          break;
        case ValueType::Float: {
          num = c.data<double>()[i];
          char buf[40];
          std::snprintf(buf, sizeof buf, "%.17g", num);
          text = buf;
          break;
        }
        case ValueType::String:
          text = std::string(c.dict->at(c.data<int32_t>()[i]));
          break;
        case ValueType::Date:
          num = c.data<int32_t>()[i];
          text = kpic::parquet::iso_date(c.data<int32_t>()[i]);
          break;
        case ValueType::Timestamp:
          num = static_cast<double>(c.data<int64_t>()[i]);
          text = kpic::parquet::iso_timestamp(c.data<int64_t>()[i]);
          break;
        case ValueType::Null:
          break;
      }
      s.texts.push_back(text);
      if (c.type == ValueType::String) {
        distinct_text.insert(text);
        if (first || text < s.min_text) s.min_text = text;
        if (first || text > s.max_text) s.max_text = text;
      } else {
        distinct_num.insert(num);
        s.sum += num;
        if (first || nan_less(num, s.min)) {
          s.min = num;
          if (is_temporal(c.type)) s.min_text = text;
        }
        if (first || nan_less(s.max, num)) {
          s.max = num;
          if (is_temporal(c.type)) s.max_text = text;
        }
      }
      first = false;
    }
  }
  s.distinct = static_cast<int64_t>(s.type == ValueType::String ? distinct_text.size() : distinct_num.size());
  return s;
}

static bool near(double got, double want) {
  if (std::isnan(want)) return std::isnan(got);
  return std::fabs(got - want) <= 1e-9 * std::max(1.0, std::fabs(want));
}

// Compares one column's summary with an expected.json / fixture JSON entry.
void check_column(const std::string& where, const ColumnSummary& s, const nlohmann::json& want) {
  INFO(where);
  auto num = [](const nlohmann::json& j) { return j.is_null() ? NAN : j.get<double>(); };
  CHECK(s.non_null == want.at("non_null").get<int64_t>());
  std::string type = want.at("type").get<std::string>();
  if (want.contains("true_count")) CHECK(s.true_count == want["true_count"].get<int64_t>());
  if (s.non_null == 0) return;
  if (want.contains("distinct")) CHECK(s.distinct == want["distinct"].get<int64_t>());
  if (s.type == ValueType::String) {
    bool blob = type == "BLOB";
    if (want.contains("min"))
      CHECK((blob ? escape_bytes(s.min_text) : s.min_text) == want["min"].get<std::string>());
    if (want.contains("max"))
      CHECK((blob ? escape_bytes(s.max_text) : s.max_text) == want["max"].get<std::string>());
  } else if (kpic::is_temporal(s.type)) {
    if (want.contains("min")) CHECK(s.min_text == want["min"].get<std::string>());
    if (want.contains("max")) CHECK(s.max_text == want["max"].get<std::string>());
  } else if (s.type != ValueType::Bool) {
    if (want.contains("sum")) CHECK_MESSAGE(near(s.sum, num(want["sum"])), "sum " << s.sum);
    if (want.contains("min")) CHECK_MESSAGE(near(s.min, num(want["min"])), "min " << s.min);
    if (want.contains("max")) CHECK_MESSAGE(near(s.max, num(want["max"])), "max " << s.max);
  }
}

}  // namespace kpic::parquet::test
