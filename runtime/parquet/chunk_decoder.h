// Decodes one column chunk (one column of one row group) into a kpic Column: walks its pages, decompresses
// them, decodes definition levels into the validity bitmap and values straight into the column buffer.
// Compressed PLAIN pages of INT32/INT64/FLOAT/DOUBLE columns are decompressed into the column buffer itself
// and converted there (no page buffer), except v1 pages with nulls and, unless Snappy-compressed, the
// first v1 page of 8-byte values with definition levels.
// Strings: the dictionary page becomes the column's Dictionary (codes = the RLE indices); plain or delta
// encoded pages append their values to the same chunk-local Dictionary.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "runtime/column/column.h"
#include "runtime/parquet/delta_decoders.h"
#include "runtime/parquet/leaf_column.h"
#include "runtime/parquet/parquet_metadata.h"

namespace kpic::parquet {

// Bytes of a file: those up to the start of its footer (mmapped or in memory; pages never extend past
// them), or one column chunk's (read into a buffer). data[0] is the file's byte at `offset`.
struct FileBytes {
  const uint8_t* data = nullptr;
  size_t size = 0;
  uint64_t offset = 0;
};

class ChunkDecoder {
 public:
  ChunkDecoder(const FileBytes& file, const LeafColumn& leaf, const ColumnMetaData& meta, int64_t num_rows,
               bool verify_checksums);
  // Throws DataError (bare message; the reader adds file, column and row group).
  Column decode();
  // Pages this thread has decompressed straight into a column (for tests).
  static int64_t direct_pages() { return direct_pages_; }

 private:
  void read_page(const PageHeader& h, const uint8_t* data, size_t size);
  void read_dictionary(const PageHeader& h, const uint8_t* data, size_t size);
  void read_data(int64_t num_values, Encoding enc, const uint8_t* levels, size_t levels_size, bool v1_levels,
                 Encoding level_enc, const uint8_t* values, size_t values_size);
  int64_t decode_levels(int64_t n, const uint8_t* data, size_t size, bool v1, Encoding enc);
  void decode_values(Encoding enc, const uint8_t* data, size_t size, int64_t n, uint8_t* out);
  void decode_dictionary_indices(const uint8_t* data, size_t size, int64_t n, uint8_t* out);
  void consume_byte_arrays(const ByteArrays& values, uint8_t* out);
  void spread_nulls(int64_t n, int64_t non_null);
  const uint8_t* decompress_to_scratch(const uint8_t* data, size_t size, size_t out_size);
  uint8_t* reserve_page(int64_t num_values);
  bool direct_plain(Encoding enc) const;
  bool read_v1_direct(const DataPageHeader& d, const uint8_t* data, size_t size, size_t usize);
  bool read_v2_direct(const DataPageHeaderV2& d, const uint8_t* def, const uint8_t* values, size_t values_size,
                      size_t values_usize);

  const FileBytes file_;  // a copy: callers pass views of buffers they own for the call
  const LeafColumn& leaf_;
  const ColumnMetaData& meta_;
  int64_t num_rows_;
  bool verify_;
  int width_;       // output bytes per value
  int phys_width_;  // physical bytes per value (0 for BYTE_ARRAY)

  Column col_;
  int64_t rows_done_ = 0;
  std::shared_ptr<Dictionary> strings_;  // String columns
  bool have_dictionary_ = false;
  int64_t dict_size_ = 0;
  std::vector<uint8_t> dict_values_;  // other columns: the dictionary converted to the output type
  std::vector<uint8_t> scratch2_;
  bool all_valid_ = false;  // set by decode_levels when the page has no nulls
  // Per-page working buffers, one set per thread (reused across pages and chunks, never shrunk).
  static thread_local std::vector<uint32_t> u32_;
  static thread_local std::vector<uint8_t> levels_;
  static thread_local int64_t direct_pages_;
};

}  // namespace kpic::parquet
