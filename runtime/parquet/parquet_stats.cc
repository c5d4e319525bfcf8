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
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
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
  const int64_t words = (col.length + 63) / 64;
  for (int64_t w = 0; w < words; ++w) {
    uint64_t bits = col.validity[static_cast<size_t>(w)];
    const int64_t rows = std::min<int64_t>(64, col.length - w * 64);
    if (rows < 64) bits &= (uint64_t{1} << rows) - 1;
    valid += std::popcount(bits);
  }
  return col.length - valid;
}

// Calls f(i) for every valid row i of `col`, 64 rows per validity word.
template <typename F>
void for_valid_rows(const Column& col, F&& f) {
  const int64_t n = col.length;
  if (col.validity.empty()) {
    for (int64_t i = 0; i < n; ++i) f(i);
    return;
  }
  for (int64_t base = 0; base < n; base += 64) {
    uint64_t bits = col.validity[static_cast<size_t>(base >> 6)];
    const int64_t rows = std::min<int64_t>(64, n - base);
    if (rows < 64) bits &= (uint64_t{1} << rows) - 1;
    if (bits == ~uint64_t{0}) {
      for (int64_t j = 0; j < 64; ++j) f(base + j);
    } else {
      for (; bits != 0; bits &= bits - 1) f(base + std::countr_zero(bits));
    }
  }
}

// The smallest and largest valid value of v[0..n) (validity: null for none) into l and h; false when there
// is no valid value. `x < l ? x : l` keeps l when x is NaN, so NaN never becomes a bound. The values go to
// 64 bytes' worth of independent lanes, one compare per value and lane with no chain from one value to the
// next, which the compiler turns into vector min/max (a single running pair waits on its previous compare
// for every value: the check took 13% of a float column's scan); a validity word with nulls visits its
// valid rows one by one (masking them in the lanes did not vectorise and was slower). Each type's fold is
// compiled for AVX-512, AVX2 and the baseline, chosen at load time: 64-bit integer compares have no
// vector instruction before SSE 4.2.
template <typename T>
[[gnu::always_inline]] inline bool fold_lanes(const T* v, const uint64_t* validity, int64_t n, T& l, T& h) {
  constexpr int64_t kLanes = 64 / sizeof(T);  // divides 64: a validity word is a whole number of blocks
  T ls[kLanes], hs[kLanes];
  for (int64_t k = 0; k < kLanes; ++k) ls[k] = l, hs[k] = h;
  auto block = [&](const T* x) {
    for (int64_t k = 0; k < kLanes; ++k) {
      ls[k] = x[k] < ls[k] ? x[k] : ls[k];
      hs[k] = x[k] > hs[k] ? x[k] : hs[k];
    }
  };
  bool any = false;
  int64_t i = 0;
  if (!validity) {
    for (; i + kLanes <= n; i += kLanes) block(v + i);
    any = n > 0;
  } else {
    for (; i + 64 <= n; i += 64) {
      const uint64_t bits = validity[i >> 6];
      if (bits == ~uint64_t{0}) {
        for (int64_t b = 0; b < 64; b += kLanes) block(v + i + b);
      } else {
        for (uint64_t m = bits; m != 0; m &= m - 1) {  // the valid rows only
          const T x = v[i + std::countr_zero(m)];
          l = x < l ? x : l;
          h = x > h ? x : h;
        }
      }
      any |= bits != 0;
    }
  }
  for (; i < n; ++i) {  // the tail, row by row
    if (validity && !((validity[i >> 6] >> (i & 63)) & 1)) continue;
    l = v[i] < l ? v[i] : l;
    h = v[i] > h ? v[i] : h;
    any = true;
  }
  for (int64_t k = 0; k < kLanes; ++k) {
    l = ls[k] < l ? ls[k] : l;
    h = hs[k] > h ? hs[k] : h;
  }
  return any;
}

#define KPIC_FOLD_RANGE(T)                                                                                  \
  [[gnu::target_clones("avx512f", "avx2", "default")]] bool fold_range(const T* v, const uint64_t* validity, \
                                                                       int64_t n, T& l, T& h) {            \
    return fold_lanes(v, validity, n, l, h);                                                                \
  }
KPIC_FOLD_RANGE(int64_t)
KPIC_FOLD_RANGE(double)
KPIC_FOLD_RANGE(int32_t)
KPIC_FOLD_RANGE(uint8_t)
#undef KPIC_FOLD_RANGE

// The smallest and largest valid value of a column whose values are T, as doubles; false when there is
// none (or, for floating point, only NaN). With `null_zeros` the null rows count as the value 0 they hold
// (the decoder zeroes them): every value at full vector speed, where the valid rows one by one took 10% of
// a scan of a column with nulls at random (`nps`).
template <typename T>
bool typed_range(const Column& col, bool null_zeros, double& lo, double& hi) {
  T l, h;
  if constexpr (std::is_floating_point_v<T>) {
    l = INFINITY, h = -INFINITY;
  } else {
    l = std::numeric_limits<T>::max(), h = std::numeric_limits<T>::lowest();
  }
  const uint64_t* validity = col.validity.empty() || null_zeros ? nullptr : col.validity.data();
  const bool any = fold_range(col.data<T>(), validity, col.length, l, h);
  if constexpr (std::is_floating_point_v<T>) {
    if (!(l <= h)) return false;  // no value, or only NaN
  } else if (!any) {
    return false;
  }
  lo = static_cast<double>(l), hi = static_cast<double>(h);
  return true;
}

// The smallest and largest valid value as doubles (NaN skipped; a bool is 0 or 1); false when there is none.
// With `null_zeros`, as typed_range.
bool numeric_range(const Column& col, bool null_zeros, double& lo, double& hi) {
  switch (col.type) {
    case ValueType::Int:
    case ValueType::Timestamp:
      return typed_range<int64_t>(col, null_zeros, lo, hi);
    case ValueType::Float:
      return typed_range<double>(col, null_zeros, lo, hi);
    case ValueType::Date:
      return typed_range<int32_t>(col, null_zeros, lo, hi);
    case ValueType::Bool:
      if (!typed_range<uint8_t>(col, null_zeros, lo, hi)) return false;
      lo = lo != 0, hi = hi != 0;
      return true;
    default:
      return false;
  }
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
  auto s = stats(chunk, column);
  // The range of the valid values, computed once for both checks. Where 0 lies within every range it is
  // checked against (an integer annotation's always does), the null rows' zeros are folded in with the
  // rest: they cannot make a check fail that the valid values pass. A failing check recomputes the range
  // of the valid values alone, for its verdict and message.
  bool zeros = !col.validity.empty() && (!s || !s->has_min_max || (s->min_num <= 0 && s->max_num >= 0));
  double lo = 0, hi = 0;
  int ranged = -1;  // -1: not yet; else whether there is one
  auto range = [&] {
    if (ranged < 0) ranged = numeric_range(col, zeros, lo, hi);
    return ranged == 1;
  };
  auto outside = [&](double min, double max) {
    if (!range() || (lo >= min && hi <= max)) return false;
    if (zeros) {
      zeros = false;
      ranged = numeric_range(col, false, lo, hi);
    }
    return ranged == 1 && (lo < min || hi > max);
  };
  if (leaf.int_bits > 0 && col.type == ValueType::Int) {
    const int64_t min = leaf.int_signed ? -(int64_t{1} << (leaf.int_bits - 1)) : 0;
    const int64_t max = leaf.int_signed ? (int64_t{1} << (leaf.int_bits - 1)) - 1 : (int64_t{1} << leaf.int_bits) - 1;
    if (outside(static_cast<double>(min), static_cast<double>(max))) {
      const double bad = lo < static_cast<double>(min) ? lo : hi;
      corrupt("value " + number_text(bad) + " does not fit its " + leaf.logical + " annotation");
    }
  }
  if (!s) return;
  if (s->null_count >= 0 && count_nulls(col) != s->null_count)
    corrupt("column chunk holds " + std::to_string(count_nulls(col)) + " nulls, its statistics say " +
            std::to_string(s->null_count) + " (corrupt statistics or data)");
  if (!s->has_min_max) return;
  if (col.type == ValueType::String) {
    // The codes the valid rows use (the decoder has checked every code against the dictionary).
    std::vector<uint8_t> used(static_cast<size_t>(col.dict ? col.dict->size() : 0));
    const int32_t* codes = col.data<int32_t>();
    for_valid_rows(col, [&](int64_t i) { used[static_cast<size_t>(codes[i])] = 1; });
    for (size_t code = 0; code < used.size(); ++code) {
      if (!used[code]) continue;
      std::string_view v = col.dict->at(static_cast<int32_t>(code));
      if (v < std::string_view(s->min_str) || v > std::string_view(s->max_str))
        corrupt("a value lies outside the column chunk's statistics (min \"" + s->min_str + "\", max \"" +
                s->max_str + "\"): corrupt statistics or data");
    }
    return;
  }
  if (outside(s->min_num, s->max_num))
    corrupt("values " + number_text(lo) + ".." + number_text(hi) + " lie outside the column chunk's statistics (" +
            number_text(s->min_num) + ".." + number_text(s->max_num) + "): corrupt statistics or data");
}

}  // namespace kpic::parquet
