// Conversion of fixed-width physical Parquet values to kpic column values (LeafColumn::conversion), shared by
// page decoding and row-group statistics.
#pragma once

#include <cstddef>
#include <cstdint>

#include "runtime/parquet/leaf_column.h"

namespace kpic::parquet {

// Converts `n` physical values at `in` (physical_width(leaf) bytes each) into `out` (type_width(leaf.type)
// bytes each). Throws DataError 703 for a UINT64 value above INT64_MAX.
void convert_values(const LeafColumn& leaf, const uint8_t* in, int64_t n, uint8_t* out);

// True for the conversions of INT32/INT64/FLOAT/DOUBLE values that convert_values_in_place can do.
bool converts_in_place(const LeafColumn& leaf);
// convert_values where `in` lies inside the output buffer, at or after `out` and at least n * (output width
// - physical width) bytes after it, so each value is read before anything is written over it (values
// decompressed straight into the column: runtime/parquet/chunk_decoder.cc).
void convert_values_in_place(const LeafColumn& leaf, const uint8_t* in, int64_t n, uint8_t* out);

double half_to_double(uint16_t bits);
// A big-endian two's-complement integer of `n` bytes divided by `divisor` (DECIMAL in byte arrays).
double big_endian_decimal(const uint8_t* p, size_t n, double divisor);

}  // namespace kpic::parquet
