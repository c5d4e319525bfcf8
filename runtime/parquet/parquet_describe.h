// The verbose Parquet description printed by `kpic schema --verbose`: file-level facts, then per row group
// and column the codec, encodings, sizes and statistics.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace kpic::parquet {

// Opens `path` and describes it. Throws DataError like ParquetReader::open.
std::string describe_parquet(const std::string& path);

// ISO text of a date (days since 1970-01-01) and of a timestamp (µs since the epoch, UTC), as DuckDB prints
// them: "2024-01-31", "2024-01-31 12:00:00", "2024-01-31 12:00:00.25" (fraction without trailing zeros).
std::string iso_date(int32_t days);
std::string iso_timestamp(int64_t micros);

// Bytes as printable text: bytes outside printable ASCII (and backslash) as \xHH, like DuckDB prints BLOBs;
// at most `limit` bytes, then "...".
std::string escape_bytes(const std::string& bytes, size_t limit = SIZE_MAX);

}  // namespace kpic::parquet
