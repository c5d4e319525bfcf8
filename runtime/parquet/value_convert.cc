// Physical → kpic value conversion, shared by page decoding and statistics.
#include "runtime/parquet/value_convert.h"

#include <cmath>
#include <cstring>

#include "runtime/base/check.h"
#include "runtime/parquet/parquet_error.h"
#include "runtime/parquet/unaligned.h"

namespace kpic::parquet {
namespace {

constexpr int64_t kJulianEpoch = 2440588;  // Julian day number of 1970-01-01
constexpr int64_t kMicrosPerDay = 86400LL * 1000000;

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
int64_t wrap_mul(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
}
int64_t wrap_add(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}

}  // namespace

double half_to_double(uint16_t h) {
  int exp = (h >> 10) & 0x1f;
  int mant = h & 0x3ff;
  double v;
  if (exp == 0)
    v = std::ldexp(mant, -24);
  else if (exp == 31)
    v = mant ? NAN : INFINITY;
  else
    v = std::ldexp(mant + 1024, exp - 25);
  return (h & 0x8000) ? -v : v;
}

// A big-endian two's-complement integer of `n` bytes (DECIMAL in BYTE_ARRAY / FIXED_LEN_BYTE_ARRAY).
double big_endian_decimal(const uint8_t* p, size_t n, double divisor) {
  if (n == 0) return 0;
  if (n <= 8) {
    uint64_t u = 0;
    for (size_t i = 0; i < n; ++i) u = (u << 8) | p[i];
    int shift = static_cast<int>(64 - 8 * n);
    int64_t v = shift ? static_cast<int64_t>(u << shift) >> shift : static_cast<int64_t>(u);
    return static_cast<double>(v) / divisor;
  }
  double v = static_cast<int8_t>(p[0]);
  for (size_t i = 1; i < n; ++i) v = v * 256 + p[i];
  return v / divisor;
}

void convert_values(const LeafColumn& leaf, const uint8_t* in, int64_t n, uint8_t* out) {
  if (n <= 0) return;  // empty buffers may be null
  const double div = leaf.scale_divisor;
  switch (leaf.conversion) {
    case Conversion::Bool:
      for (int64_t i = 0; i < n; ++i) out[i] = in[i] != 0;
      return;
    case Conversion::Int32ToInt:
      for (int64_t i = 0; i < n; ++i) store<int64_t>(out + 8 * i, load<int32_t>(in + 4 * i));
      return;
    case Conversion::UInt32ToInt:
      for (int64_t i = 0; i < n; ++i) store<int64_t>(out + 8 * i, load<uint32_t>(in + 4 * i));
      return;
    case Conversion::Int32ToDate:
    case Conversion::Int64ToInt:
    case Conversion::TimestampMicros:
    case Conversion::DoubleToFloat:
      std::memcpy(out, in, static_cast<size_t>(n) * type_width(leaf.type));
      return;
    case Conversion::TimeMillisToInt:
      for (int64_t i = 0; i < n; ++i) store<int64_t>(out + 8 * i, int64_t{load<int32_t>(in + 4 * i)} * 1000);
      return;
    case Conversion::UInt64ToInt: {
      uint64_t high = 0;
      for (int64_t i = 0; i < n; ++i) high |= load<uint64_t>(in + 8 * i);
      if (high >> 63) fail(kUnsupported, "UINT64 value above the largest int (9223372036854775807)");
      std::memcpy(out, in, static_cast<size_t>(n) * 8);
      return;
    }
    case Conversion::TimeNanosToInt:
    case Conversion::TimestampNanos:
      for (int64_t i = 0; i < n; ++i) store<int64_t>(out + 8 * i, floor_div(load<int64_t>(in + 8 * i), 1000));
      return;
    case Conversion::TimestampMillis:
      for (int64_t i = 0; i < n; ++i) store<int64_t>(out + 8 * i, wrap_mul(load<int64_t>(in + 8 * i), 1000));
      return;
    case Conversion::Int96ToTimestamp:
      for (int64_t i = 0; i < n; ++i) {
        int64_t nanos = load<int64_t>(in + 12 * i);
        int64_t day = load<int32_t>(in + 12 * i + 8);
        store<int64_t>(out + 8 * i,
                       wrap_add(wrap_mul(day - kJulianEpoch, kMicrosPerDay), floor_div(nanos, 1000)));
      }
      return;
    case Conversion::Int32Decimal:
      for (int64_t i = 0; i < n; ++i) store<double>(out + 8 * i, load<int32_t>(in + 4 * i) / div);
      return;
    case Conversion::Int64Decimal:
      for (int64_t i = 0; i < n; ++i)
        store<double>(out + 8 * i, static_cast<double>(load<int64_t>(in + 8 * i)) / div);
      return;
    case Conversion::BytesDecimal:  // FIXED_LEN_BYTE_ARRAY
      for (int64_t i = 0; i < n; ++i)
        store<double>(out + 8 * i, big_endian_decimal(in + i * physical_width(leaf),
                                                      static_cast<size_t>(physical_width(leaf)), div));
      return;
    case Conversion::FloatToFloat:
      for (int64_t i = 0; i < n; ++i) store<double>(out + 8 * i, load<float>(in + 4 * i));
      return;
    case Conversion::Float16ToFloat:
      for (int64_t i = 0; i < n; ++i) store<double>(out + 8 * i, half_to_double(load<uint16_t>(in + 2 * i)));
      return;
    case Conversion::BytesToString:
      break;
  }
  KPIC_UNREACHABLE("no fixed-width conversion for conversion kind ", static_cast<int>(leaf.conversion), " (strings are decoded elsewhere)");
}

bool converts_in_place(const LeafColumn& leaf) {
  switch (leaf.conversion) {
    case Conversion::Int32ToInt:
    case Conversion::UInt32ToInt:
    case Conversion::Int32ToDate:
    case Conversion::TimeMillisToInt:
    case Conversion::Int64ToInt:
    case Conversion::UInt64ToInt:
    case Conversion::TimeNanosToInt:
    case Conversion::TimestampMillis:
    case Conversion::TimestampMicros:
    case Conversion::TimestampNanos:
    case Conversion::Int32Decimal:
    case Conversion::Int64Decimal:
    case Conversion::FloatToFloat:
    case Conversion::DoubleToFloat:
      return physical_width(leaf) <= type_width(leaf.type);
    default:
      return false;
  }
}

void convert_values_in_place(const LeafColumn& leaf, const uint8_t* in, int64_t n, uint8_t* out) {
  KPIC_CHECK(converts_in_place(leaf) && in >= out);
  if (n <= 0) return;
  size_t bytes = static_cast<size_t>(n) * type_width(leaf.type);
  switch (leaf.conversion) {
    case Conversion::UInt64ToInt: {
      uint64_t high = 0;
      for (int64_t i = 0; i < n; ++i) high |= load<uint64_t>(in + 8 * i);
      if (high >> 63) fail(kUnsupported, "UINT64 value above the largest int (9223372036854775807)");
      [[fallthrough]];
    }
    case Conversion::Int32ToDate:
    case Conversion::Int64ToInt:
    case Conversion::TimestampMicros:
    case Conversion::DoubleToFloat:
      if (in != out) std::memmove(out, in, bytes);
      return;
    default:
      // The other loops of convert_values go forward and load value i before storing it; the placement
      // keeps every store at or before the next load.
      convert_values(leaf, in, n, out);
      return;
  }
}

}  // namespace kpic::parquet
