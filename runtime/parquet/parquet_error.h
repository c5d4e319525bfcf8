// Errors raised while decoding Parquet. Low-level decoders throw DataError with an empty path and a bare
// message; ParquetReader adds the file, column and row group before the error leaves the reader.
#pragma once

#include <string>

#include "runtime/column/table_reader.h"

namespace kpic::parquet {

// Diagnostic codes (compiler/diag/codes_data.def).
inline constexpr int kCorrupt = 702;
inline constexpr int kUnsupported = 703;
inline constexpr int kChecksum = 705;
inline constexpr int kNested = 707;

[[noreturn]] inline void fail(int code, std::string message) {
  throw DataError{code, {}, std::move(message)};
}
[[noreturn]] inline void corrupt(std::string message) { fail(kCorrupt, std::move(message)); }

}  // namespace kpic::parquet
