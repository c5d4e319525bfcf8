// Page decompression for every Parquet codec kpic reads: Snappy by kpic's own decoder (below), the others
// by Debian's codec libraries.
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

// Snappy into two places: the first `head_size` bytes of the `out_size`-byte output to `head`, the rest to
// `body` (out_size - head_size bytes, written exactly: nothing before or after). A data page v1 keeps its
// definition levels in front of its values; this puts the values straight into the column buffer when
// there is no room before it for the levels. Throws DataError 702 like `decompress`, which uses it (with no
// head) for every Snappy page.
void snappy_decompress_split(const uint8_t* in, size_t in_size, uint8_t* head, size_t head_size, uint8_t* body,
                             size_t out_size);

}  // namespace kpic::parquet
