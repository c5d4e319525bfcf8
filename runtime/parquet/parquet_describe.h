// The verbose Parquet description printed by `kpic schema --verbose`: file-level facts, then per row group
// and column the codec, encodings, sizes and statistics.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace kpic::parquet {

// Opens `path` and describes it. Throws DataError like ParquetReader::open.
std::string describe_parquet(const std::string& path);

// Bytes as printable text: bytes outside printable ASCII (and backslash) as \xHH, like DuckDB prints BLOBs;
// at most `limit` bytes, then "...".
std::string escape_bytes(const std::string& bytes, size_t limit = SIZE_MAX);

}  // namespace kpic::parquet
