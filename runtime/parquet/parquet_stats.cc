// ParquetReader::stats: row-group min/max/null count decoded from the footer into ColumnStats, so the
// planner can skip row groups. Only exact, order-correct bounds are reported: the deprecated min/max fields
// use signed byte order, so they are ignored for strings, byte-array decimals and unsigned integers; NaN
// bounds are dropped.
#include <cmath>
#include <cstring>

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
  const Statistics& s = *meta->statistics;
  ColumnStats out;
  if (s.null_count && *s.null_count >= 0) out.null_count = *s.null_count;
  const std::string* lo = nullptr;
  const std::string* hi = nullptr;
  if (s.min_value && s.max_value) {
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

}  // namespace kpic::parquet
