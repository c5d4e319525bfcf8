// Bit unpacking for Parquet's bit-packed runs (values packed LSB first, as in the RLE/bit-packing hybrid and
// DELTA_BINARY_PACKED miniblocks). The 32-bit path is specialised per bit width so the inner loop has
// constant shifts; callers hand in the exact byte span, which is never read past.
#pragma once

#include <cstddef>
#include <cstdint>

namespace kpic::parquet {

// Unpacks `n` values of `bit_width` (0..32) bits from `in` (at least ceil(n * bit_width / 8) bytes, which
// the caller guarantees) into `out`.
// Widths 1..16 take an AVX2 path where the CPU has it.
void unpack32(const uint8_t* in, size_t in_bytes, int bit_width, uint32_t* out, size_t n);
// unpack32 without the AVX2 path (what a CPU without it runs; for tests).
void unpack32_portable(const uint8_t* in, size_t in_bytes, int bit_width, uint32_t* out, size_t n);
// The same for widths 0..64 (DELTA_BINARY_PACKED).
void unpack64(const uint8_t* in, size_t in_bytes, int bit_width, uint64_t* out, size_t n);
// PLAIN booleans: `n` bits LSB first into bytes 0/1.
void unpack_bools(const uint8_t* in, uint8_t* out, size_t n);
// The deprecated BIT_PACKED level encoding: values packed MSB first.
void unpack_msb_first(const uint8_t* in, size_t in_bytes, int bit_width, uint32_t* out, size_t n);

}  // namespace kpic::parquet
