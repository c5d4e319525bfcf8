// Page decompression for every Parquet codec kpic reads, using Debian's codec libraries.
// LZ4 (codec 5) is ambiguous in the wild: Hadoop's framing ([be32 raw size][be32 compressed size][block]...)
// is tried first and the bare LZ4 block form second. GZIP accepts concatenated members.
#pragma once

#include <cstddef>
#include <cstdint>

#include "runtime/parquet/parquet_metadata.h"

namespace kpic::parquet {

// Decompresses `in` into exactly `out_size` bytes at `out`. Throws DataError (702 when the data does not
// decompress to that size, 703 for LZO).
void decompress(Codec codec, const uint8_t* in, size_t in_size, uint8_t* out, size_t out_size);

}  // namespace kpic::parquet
