// ParquetReader::stats: row-group min/max/null count decoded from the footer into ColumnStats, so the
// planner can skip row groups. Only exact, order-correct bounds are reported: min_value/max_value only when
// the footer's column_orders gives the column TYPE_DEFINED_ORDER; the deprecated min/max fields use signed
// byte order, so they are ignored for strings, byte-array decimals and unsigned integers; NaN bounds are
// dropped; INT96 has no defined order.
//
// ParquetReader::check_values: a decoded column chunk against those statistics and its annotation. A
// chunk is skipped on the strength of its statistics, so statistics that contradict the values are
// corruption (a damaged footer), reported when the chunk is read.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <type_traits>

#include "runtime/parquet/parquet_error.h"
#include "runtime/parquet/parquet_reader.h"
#include "runtime/parquet/value_convert.h"

namespace kpic::parquet {
namespace {

// Decodes one statistics bound into a double; false when it cannot be used.
bool bound_to_double(const LeafColumn& leaf, const std::string& raw, double& out) {
  const auto* p = reinterpret_cast<const uint8_t*>(raw.data());
  if (leaf.physical == PhysicalType::ByteArray) {
    if (leaf.conversion != Conversion::BytesDecimal) return false;
    out = big_endian_decimal(p, raw.size(), leaf.scale_divisor);
    return true;
  }
  if (leaf.physical == PhysicalType::Boolean) {
    if (raw.size() != 1) return false;
    out = p[0] != 0;
    return true;
  }
  if (raw.size() != static_cast<size_t>(physical_width(leaf))) return false;
  uint8_t buf[8];
  try {
    convert_values(leaf, p, 1, buf);
  } catch (const DataError&) {
    return false;  // e.g. a UINT64 bound above INT64_MAX
  }
  switch (leaf.type) {
    case ValueType::Int:
    case ValueType::Timestamp: {
      int64_t v;
      std::memcpy(&v, buf, 8);
      out = static_cast<double>(v);
      break;
    }
    case ValueType::Date: {
      int32_t v;
      std::memcpy(&v, buf, 4);
      out = v;
      break;
    }
    case ValueType::Float:
      std::memcpy(&out, buf, 8);
      break;
    default:
      return false;
  }
  return !std::isnan(out);
}

bool legacy_order_ok(const LeafColumn& leaf) {
  switch (leaf.conversion) {
    case Conversion::UInt32ToInt:
    case Conversion::UInt64ToInt:
    case Conversion::BytesDecimal:
    case Conversion::BytesToString:
    case Conversion::Int96ToTimestamp:
    case Conversion::Float16ToFloat:
      return false;
    default:
      return true;
  }
}

}  // namespace

std::optional<ColumnStats> ParquetReader::stats(int chunk, int column) const {
  if (chunk < 0 || chunk >= num_chunks() || column < 0 || column >= static_cast<int>(leaves_.size()))
    return std::nullopt;
  const ColumnMetaData* meta = chunk_metadata(chunk, column);
  if (!meta || !meta->statistics) return std::nullopt;
  const LeafColumn& leaf = leaves_[column];
  if (leaf.physical == PhysicalType::Int96) return std::nullopt;
  const Statistics& s = *meta->statistics;
  ColumnStats out;
  if (s.null_count && *s.null_count >= 0) out.null_count = *s.null_count;
  const std::string* lo = nullptr;
  const std::string* hi = nullptr;
  // min_value/max_value follow the column's order only where the footer says it is the type's order
  // (writers of these fields write column_orders too); else only the deprecated fields, where their signed
  // byte order is right.
  auto c = static_cast<size_t>(leaf.chunk_index);
  bool type_order = c < meta_.type_defined_order.size() && meta_.type_defined_order[c];
  if (s.min_value && s.max_value && type_order) {
    lo = &*s.min_value;
    hi = &*s.max_value;
  } else if (s.min && s.max && legacy_order_ok(leaf)) {
    lo = &*s.min;
    hi = &*s.max;
  }
  if (lo && hi) {
    if (leaf.type == ValueType::String) {
      out.min_str = *lo;
      out.max_str = *hi;
      out.has_min_max = true;
    } else {
      out.has_min_max = bound_to_double(leaf, *lo, out.min_num) && bound_to_double(leaf, *hi, out.max_num);
    }
  }
  if (!out.has_min_max && out.null_count < 0) return std::nullopt;
  return out;
}

namespace {

int64_t count_nulls(const Column& col) {
  if (col.validity.empty()) return 0;
  int64_t valid = 0;
  for (int64_t i = 0; i < col.length; ++i) valid += col.is_valid(i);
  return col.length - valid;
}

// numeric_range of a column without nulls: one branch-free pass in the column's own type (a double
// comparison with NaN is false, so NaN never becomes a bound).
template <typename T>
bool dense_range(const Column& col, double& lo, double& hi) {
  const T* v = col.data<T>();
  const int64_t n = col.length;
  if constexpr (std::is_floating_point_v<T>) {
    double l = INFINITY, h = -INFINITY;
    for (int64_t i = 0; i < n; ++i) {
      l = v[i] < l ? v[i] : l;
      h = v[i] > h ? v[i] : h;
    }
    if (!(l <= h)) return false;  // no value, or only NaN
    lo = l, hi = h;
  } else {
    if (n == 0) return false;
    T l = v[0], h = v[0];
    for (int64_t i = 1; i < n; ++i) {
      l = v[i] < l ? v[i] : l;
      h = v[i] > h ? v[i] : h;
    }
    lo = static_cast<double>(l), hi = static_cast<double>(h);
  }
  return true;
}

// The smallest and largest valid value as doubles (NaN skipped); false when there is none.
bool numeric_range(const Column& col, double& lo, double& hi) {
  if (col.validity.empty()) {
    switch (col.type) {
      case ValueType::Int:
      case ValueType::Timestamp:
        return dense_range<int64_t>(col, lo, hi);
      case ValueType::Float:
        return dense_range<double>(col, lo, hi);
      case ValueType::Date:
        return dense_range<int32_t>(col, lo, hi);
      default:
        break;
    }
  }
  bool any = false;
  for (int64_t i = 0; i < col.length; ++i) {
    if (!col.is_valid(i)) continue;
    double v;
    switch (col.type) {
      case ValueType::Int:
      case ValueType::Timestamp:
        v = static_cast<double>(col.data<int64_t>()[i]);
        break;
      case ValueType::Float:
        v = col.data<double>()[i];
        break;
      case ValueType::Date:
        v = col.data<int32_t>()[i];
        break;
      case ValueType::Bool:
        v = col.data<uint8_t>()[i] != 0;
        break;
      default:
        return false;
    }
    if (std::isnan(v)) continue;
    lo = any ? std::min(lo, v) : v;
    hi = any ? std::max(hi, v) : v;
    any = true;
  }
  return any;
}

// The shortest text that reads back as `v`.
std::string number_text(double v) {
  char buf[32];
  for (int digits = 6; digits <= 17; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

}  // namespace

void ParquetReader::check_values(const Column& col, int chunk, int column) const {
  const LeafColumn& leaf = leaves_[column];
  if (leaf.int_bits > 0 && col.type == ValueType::Int) {
    int64_t lo = leaf.int_signed ? -(int64_t{1} << (leaf.int_bits - 1)) : 0;
    int64_t hi = leaf.int_signed ? (int64_t{1} << (leaf.int_bits - 1)) - 1 : (int64_t{1} << leaf.int_bits) - 1;
    for (int64_t i = 0; i < col.length; ++i) {
      int64_t v = col.data<int64_t>()[i];
      if (col.is_valid(i) && (v < lo || v > hi))
        corrupt("value " + std::to_string(v) + " does not fit its " + leaf.logical + " annotation");
    }
  }
  auto s = stats(chunk, column);
  if (!s) return;
  if (s->null_count >= 0 && count_nulls(col) != s->null_count)
    corrupt("column chunk holds " + std::to_string(count_nulls(col)) + " nulls, its statistics say " +
            std::to_string(s->null_count) + " (corrupt statistics or data)");
  if (!s->has_min_max) return;
  if (col.type == ValueType::String) {
    std::vector<bool> used(static_cast<size_t>(col.dict ? col.dict->size() : 0));
    for (int64_t i = 0; i < col.length; ++i)
      if (col.is_valid(i)) used.at(static_cast<size_t>(col.data<int32_t>()[i])) = true;
    for (size_t code = 0; code < used.size(); ++code) {
      if (!used[code]) continue;
      std::string_view v = col.dict->at(static_cast<int32_t>(code));
      if (v < std::string_view(s->min_str) || v > std::string_view(s->max_str))
        corrupt("a value lies outside the column chunk's statistics (min \"" + s->min_str + "\", max \"" +
                s->max_str + "\"): corrupt statistics or data");
    }
    return;
  }
  double lo = 0, hi = 0;
  if (numeric_range(col, lo, hi) && (lo < s->min_num || hi > s->max_num))
    corrupt("values " + number_text(lo) + ".." + number_text(hi) + " lie outside the column chunk's statistics (" +
            number_text(s->min_num) + ".." + number_text(s->max_num) + "): corrupt statistics or data");
}

}  // namespace kpic::parquet
