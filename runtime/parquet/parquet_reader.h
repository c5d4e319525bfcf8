// kpic's Parquet reader: a TableReader over one Parquet file, written from the format specification.
//
// A chunk is a row group; read_chunk appends one Batch per row group holding only the requested columns
// (projection: other column chunks are never touched). The file is mmapped once and read_chunk is
// thread-safe (it only reads the mapping and the immutable metadata). Type mapping: see leaf_column.h.
//
// Errors are kpic::DataError: 701 cannot open, 702 corrupt/truncated, 703 unsupported feature, 705 page CRC
// mismatch (only with verify_checksums), 707 nested/repeated column read. The message is self-contained:
// "FILE: column 'NAME', row group N: what went wrong".
//
// open() raises glibc's malloc mmap/trim thresholds once (mallopt), so row-group-sized column buffers are
// recycled instead of being mapped and faulted in per chunk (about 30% of decode CPU otherwise).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/column/table_reader.h"
#include "runtime/parquet/chunk_decoder.h"
#include "runtime/parquet/leaf_column.h"
#include "runtime/parquet/parquet_metadata.h"

namespace kpic::parquet {

struct ParquetOptions {
  bool verify_checksums = false;  // check page CRCs where the writer stored them
};

class ParquetReader : public TableReader {
 public:
  static std::unique_ptr<ParquetReader> open(const std::string& path, const ParquetOptions& options = {});
  // A file image already in memory (tests, fuzzing); `path` is only used in messages.
  static std::unique_ptr<ParquetReader> open_memory(const std::string& path, std::vector<uint8_t> bytes,
                                                    const ParquetOptions& options = {});
  ~ParquetReader() override;
  ParquetReader(const ParquetReader&) = delete;
  ParquetReader& operator=(const ParquetReader&) = delete;

  const Schema& schema() const override { return schema_; }
  const std::string& path() const override { return path_; }
  int num_chunks() const override { return static_cast<int>(meta_.row_groups.size()); }
  int64_t chunk_rows(int chunk) const override { return meta_.row_groups.at(chunk).num_rows; }
  std::optional<ColumnStats> stats(int chunk, int column) const override;
  void read_chunk(int chunk, const std::vector<int>& columns, std::vector<Batch>& out) const override;

  // One column of one row group.
  Column read_column(int chunk, int column) const;

  const FileMetaData& metadata() const { return meta_; }
  const std::vector<LeafColumn>& leaves() const { return leaves_; }
  // Whether the file's pages carry CRCs (writers store them on every page or on none): the header of the
  // first page is read. Without them --verify-checksums has nothing to verify.
  bool has_page_crcs() const;
  // The column chunk metadata of `column` in `chunk` (nullptr for unsupported columns).
  const ColumnMetaData* chunk_metadata(int chunk, int column) const;

 private:
  ParquetReader(std::string path, ParquetOptions options) : path_(std::move(path)), options_(options) {}
  void load_footer(const uint8_t* data, size_t size);
  [[noreturn]] void rethrow(const DataError& e, int chunk, int column) const;
  // Corrupt when a decoded chunk contradicts its statistics or its integer annotation (parquet_stats.cc).
  void check_values(const Column& col, int chunk, int column) const;
  // Decodes one column chunk, its bytes read into a buffer where the file is open, else from bytes_.
  Column decode_chunk(const LeafColumn& leaf, const ColumnMetaData& meta, int64_t rows) const;

  std::string path_;
  ParquetOptions options_;
  void* mapping_ = nullptr;  // mmap base (open), or nullptr
  size_t mapping_size_ = 0;
  int fd_ = -1;  // open's file, kept to read column chunks (parquet_reader.cc: kMaxOpenFiles), or -1
  std::vector<uint8_t> memory_;  // open_memory's bytes
  FileBytes bytes_;
  FileMetaData meta_;
  Schema schema_;
  std::vector<LeafColumn> leaves_;
};

}  // namespace kpic::parquet
