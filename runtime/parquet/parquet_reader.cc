#include "runtime/parquet/parquet_reader.h"

#include <fcntl.h>
#include <malloc.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>

#include "runtime/parquet/footer_check.h"
#include "runtime/parquet/parquet_error.h"

namespace kpic::parquet {
namespace {

constexpr int kCannotOpen = 701;

// Column buffers are row-group sized (~1 MB per column): with glibc's defaults each one is mmapped and
// unmapped (or trimmed off the heap) per chunk, and the page faults cost ~30% of decode CPU. Raising the
// thresholds once lets freed buffers be reused. Process-wide, harmless for the rest of kpic.
void tune_allocator() {
  static std::once_flag once;
  std::call_once(once, [] {
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
  });
}

std::string row_group_text(int chunk) { return chunk >= 0 ? ", row group " + std::to_string(chunk) : ""; }

// Readers that keep their file open to read column chunks with pread (below this many at once; beyond,
// a reader closes its descriptor and reads through its mapping alone, so that a folder of thousands of
// files never runs out of descriptors).
constexpr int kMaxOpenFiles = 256;
std::atomic<int> g_open_files{0};

// This thread's buffer for one column chunk's bytes, reused from chunk to chunk (its pages stay mapped).
// Chunks larger than kMaxBuffered (rare: row groups of millions of wide values) are read through the
// mapping, so that the buffer never holds more than that outside the scan's memory budget.
constexpr size_t kMaxBuffered = size_t{64} << 20;
struct ChunkBuffer {
  std::unique_ptr<uint8_t[]> bytes;
  size_t capacity = 0;
  uint8_t* reserve(size_t n) {
    if (n > capacity) {
      bytes.reset();
      bytes.reset(new uint8_t[n]);
      capacity = n;
    }
    return bytes.get();
  }
};
thread_local ChunkBuffer t_chunk;

// Reads [offset, offset + n) of fd into buf; false on a read error or a file that shrank.
bool read_exactly(int fd, uint8_t* buf, size_t n, uint64_t offset) {
  size_t done = 0;
  while (done < n) {
    ssize_t r = ::pread(fd, buf + done, n - done, static_cast<off_t>(offset + done));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    done += static_cast<size_t>(r);
  }
  return true;
}

}  // namespace

std::unique_ptr<ParquetReader> ParquetReader::open(const std::string& path, const ParquetOptions& options) {
  tune_allocator();
  std::unique_ptr<ParquetReader> r(new ParquetReader(path, options));
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);  // a FIFO must not block: refused below
  if (fd < 0) throw DataError{kCannotOpen, path, path + ": cannot open: " + std::strerror(errno)};
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw DataError{kCannotOpen, path, path + ": not a regular file"};
  }
  size_t size = static_cast<size_t>(st.st_size);
  if (size > 0) {
    void* m = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (m == MAP_FAILED) {
      ::close(fd);
      throw DataError{kCannotOpen, path, path + ": cannot map: " + std::strerror(errno)};
    }
    r->mapping_ = m;
    r->mapping_size_ = size;
  }
  if (size > 0 && g_open_files.fetch_add(1) < kMaxOpenFiles) {
    r->fd_ = fd;
  } else {
    if (size > 0) g_open_files.fetch_sub(1);
    ::close(fd);
  }
  try {
    r->load_footer(static_cast<const uint8_t*>(r->mapping_), size);
  } catch (const DataError& e) {
    r->rethrow(e, -1, -1);
  }
  return r;
}

std::unique_ptr<ParquetReader> ParquetReader::open_memory(const std::string& path, std::vector<uint8_t> bytes,
                                                          const ParquetOptions& options) {
  std::unique_ptr<ParquetReader> r(new ParquetReader(path, options));
  r->memory_ = std::move(bytes);
  try {
    r->load_footer(r->memory_.data(), r->memory_.size());
  } catch (const DataError& e) {
    r->rethrow(e, -1, -1);
  }
  return r;
}

ParquetReader::~ParquetReader() {
  if (mapping_) munmap(mapping_, mapping_size_);
  if (fd_ >= 0) {
    ::close(fd_);
    g_open_files.fetch_sub(1);
  }
}

void ParquetReader::load_footer(const uint8_t* data, size_t size) {
  if (size < 12) corrupt("not a Parquet file (too small)");
  if (std::memcmp(data + size - 4, "PARE", 4) == 0)
    fail(kUnsupported, "encrypted Parquet files are not supported");
  if (std::memcmp(data, "PAR1", 4) != 0 || std::memcmp(data + size - 4, "PAR1", 4) != 0)
    corrupt("not a Parquet file (missing PAR1 magic)");
  uint32_t len;
  std::memcpy(&len, data + size - 8, 4);
  if (len > size - 12) corrupt("footer length " + std::to_string(len) + " exceeds the file");
  size_t footer = size - 8 - len;
  meta_ = parse_file_metadata(data + footer, len);
  check_footer(meta_, footer);
  bytes_ = FileBytes{data, footer};
  leaves_ = map_schema(meta_, schema_);
  schema_.num_rows = meta_.num_rows;
}

void ParquetReader::rethrow(const DataError& e, int chunk, int column) const {
  std::string where = path_;
  if (column >= 0) where += ": column '" + leaves_[column].name + "'";
  where += row_group_text(chunk);
  throw DataError{e.code, path_, where + ": " + e.message};
}

const ColumnMetaData* ParquetReader::chunk_metadata(int chunk, int column) const {
  const LeafColumn& leaf = leaves_.at(column);
  if (!leaf.unsupported.empty()) return nullptr;
  const ColumnChunk& cc = meta_.row_groups.at(chunk).columns.at(leaf.chunk_index);
  return cc.meta_data ? &*cc.meta_data : nullptr;
}

bool ParquetReader::has_page_crcs() const {
  for (const RowGroup& rg : meta_.row_groups) {
    if (rg.num_rows == 0 || rg.columns.empty() || !rg.columns[0].meta_data) continue;
    const ColumnMetaData& m = *rg.columns[0].meta_data;
    const int64_t start = m.first_page_offset();
    try {
      size_t header_size = 0;
      auto at = static_cast<size_t>(start);  // inside the data: checked with the footer
      return parse_page_header(bytes_.data + at, bytes_.size - at, header_size).crc.has_value();
    } catch (const DataError&) {
      return true;  // a damaged page: reading it says so
    }
  }
  return true;  // no page at all: nothing to verify, nothing unverified
}

Column ParquetReader::read_column(int chunk, int column) const {
  const LeafColumn& leaf = leaves_.at(column);
  try {
    if (!leaf.unsupported.empty()) {
      bool nested = leaf.unsupported.find("nested") != std::string::npos ||
                    leaf.unsupported.find("repeated") != std::string::npos;
      fail(nested ? kNested : kUnsupported, "cannot be read: " + leaf.unsupported);
    }
    const RowGroup& rg = meta_.row_groups.at(chunk);
    const ColumnChunk& cc = rg.columns.at(leaf.chunk_index);
    if (cc.encrypted) fail(kUnsupported, "encrypted columns are not supported");
    if (cc.file_path && !cc.file_path->empty()) fail(kUnsupported, "column chunk stored in another file");
    if (!cc.meta_data) corrupt("column chunk without metadata");
    if (cc.meta_data->num_values != rg.num_rows)
      corrupt("column chunk value count differs from the row count");
    if (rg.num_rows == 0) {  // an empty row group: nothing to decode, whatever its chunk offsets say
      Column empty;
      empty.type = leaf.type;
      if (leaf.type == ValueType::String) empty.dict = std::make_shared<Dictionary>();
      return empty;
    }
    Column col = decode_chunk(leaf, *cc.meta_data, rg.num_rows);
    check_values(col, chunk, column);
    return col;
  } catch (const DataError& e) {
    rethrow(e, chunk, column);
  } catch (const std::bad_alloc&) {
    rethrow(DataError{kCorrupt, {}, "column chunk too large to decode (corrupt sizes?)"}, chunk, column);
  } catch (const std::length_error&) {
    rethrow(DataError{kCorrupt, {}, "column chunk too large to decode (corrupt sizes?)"}, chunk, column);
  }
}

Column ParquetReader::decode_chunk(const LeafColumn& leaf, const ColumnMetaData& meta, int64_t rows) const {
  // The chunk's bytes read into a buffer: on a virtual machine a page fault on the mapping costs as much
  // as copying 10-30 KB, so reading them (a copy from the page cache into pages already mapped) takes a
  // third of the time that touching the mapping does (docs/performance.md, round 8 of issue #18).
  // The footer check put the chunk's declared bytes inside the file's data. A writer that understated
  // them leaves pages outside the buffer: those chunks are decoded again from the mapping, which decides.
  const auto n = static_cast<size_t>(meta.total_compressed_size);
  if (fd_ >= 0 && n > 0 && n <= kMaxBuffered) {
    const int64_t start = meta.first_page_offset();
    uint8_t* buf = t_chunk.reserve(n);
    if (start >= 4 && read_exactly(fd_, buf, n, static_cast<uint64_t>(start))) {
      const FileBytes chunk_bytes{buf, n, static_cast<uint64_t>(start)};
      try {
        ChunkDecoder decoder(chunk_bytes, leaf, meta, rows, options_.verify_checksums);
        return decoder.decode();
      } catch (const DataError&) {
        // decoded again below, from the whole file
      }
    }
  }
  ChunkDecoder decoder(bytes_, leaf, meta, rows, options_.verify_checksums);
  return decoder.decode();
}

void ParquetReader::read_chunk(int chunk, const std::vector<int>& columns, std::vector<Batch>& out) const {
  Batch batch;
  batch.num_rows = chunk_rows(chunk);
  batch.columns.reserve(columns.size());
  for (int c : columns) batch.columns.push_back(read_column(chunk, c));
  out.push_back(std::move(batch));
}

}  // namespace kpic::parquet
