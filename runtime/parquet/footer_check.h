// Validation of a decoded Parquet footer against the rules of the format, before any data is read.
//
// A damaged footer must never read as another table: a footer that lost its row groups would read as
// zero rows, a changed name or annotation as another column. So everything the footer says twice is
// cross-checked: each column chunk's type and path against its schema leaf (one chunk per leaf), the
// row groups' row counts against the file's, each chunk's value count against its row group's rows, the
// annotations (converted and logical types) against the physical type and each other, and every chunk's
// byte range lies inside the data part of the file. Throws DataError 702 with what is wrong.
#pragma once

#include <cstddef>

#include "runtime/parquet/parquet_metadata.h"

namespace kpic::parquet {

// `data_end`: the offset of the footer (column chunks lie in [4, data_end)).
void check_footer(const FileMetaData& meta, size_t data_end);

}  // namespace kpic::parquet
