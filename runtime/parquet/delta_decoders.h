// The delta encodings (Encodings.md): DELTA_BINARY_PACKED for INT32/INT64 and the two byte-array encodings
// built on it, DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY (incremental/front coding).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kpic::parquet {

// Decodes a DELTA_BINARY_PACKED stream of at least `n` values into `out` (arithmetic wraps, so INT32
// columns truncate the results to 32 bits). Returns the position just past the stream's last block.
const uint8_t* decode_delta_binary_packed(const uint8_t* data, size_t size, int64_t* out, size_t n);
// The number of values a DELTA_BINARY_PACKED stream declares (its header's total count).
size_t delta_binary_packed_count(const uint8_t* data, size_t size);

// Byte-array values decoded from a page; views point into the page or into `arena`.
struct ByteArrays {
  std::vector<std::string_view> values;
  std::string arena;
};

void decode_delta_length_byte_array(const uint8_t* data, size_t size, size_t n, ByteArrays& out);
void decode_delta_byte_array(const uint8_t* data, size_t size, size_t n, ByteArrays& out);

}  // namespace kpic::parquet
