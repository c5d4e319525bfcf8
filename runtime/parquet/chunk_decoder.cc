// Page walking, decompression, definition levels and nulls. Value decoding is in value_decoder.cc.
#include "runtime/parquet/chunk_decoder.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <string>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "runtime/parquet/bit_unpack.h"
#include "runtime/parquet/decompress.h"
#include "runtime/parquet/parquet_error.h"
#include "runtime/parquet/rle_decoder.h"
#include "runtime/parquet/value_convert.h"

namespace kpic::parquet {
namespace {

// Largest decompressed page accepted without a plausible compression ratio (guards corrupt headers).
constexpr size_t kPlainPageLimit = size_t{64} << 20;
// Longest definition levels of a data page v1 decompressed straight into the column (a page without nulls
// has one RLE run: 4-byte length, run header, value; 6-9 bytes).
constexpr size_t kDirectLevels = 64;

uint32_t le32(const uint8_t* p) {
  return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
}

// Moves the `non_null` values packed at the front of base[0..n) to the rows whose level is 1, zeroing the
// others. Backwards, so that no value is overwritten before it moves; without a branch per row (nulls fall
// at random: a branch on each level mispredicted often). Row i reads the value of the last non-null row
// not yet placed (index 0 when none is left: the read is harmless, the row is null). The statistics check
// relies on the zeros (ParquetReader::check_values folds them in with the values).
template <typename T>
void spread(uint8_t* bytes, const uint8_t* levels, int64_t n, int64_t non_null) {
  int64_t j = non_null - 1;
  for (int64_t i = n - 1; i > j; --i) {
    const int64_t valid = levels[i];
    T v;
    std::memcpy(&v, bytes + static_cast<size_t>(j > 0 ? j : 0) * sizeof(T), sizeof(T));
    v = valid ? v : T{};
    std::memcpy(bytes + static_cast<size_t>(i) * sizeof(T), &v, sizeof(T));
    j -= valid;
  }
}

// Bit k set where b[k] is 0, for 64 bytes (SSE2: sixteen compared at a time).
inline uint64_t zero_bytes64(const uint8_t* b) {
  uint64_t bits = 0;
#ifdef __SSE2__
  const __m128i zero = _mm_setzero_si128();
  for (int q = 0; q < 4; ++q) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + 16 * q));
    bits |= uint64_t{static_cast<uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, zero)))} << (16 * q);
  }
#else
  for (int k = 0; k < 64; ++k) bits |= uint64_t{b[k] == 0} << k;
#endif
  return bits;
}

}  // namespace

thread_local std::vector<uint32_t> ChunkDecoder::u32_;
thread_local std::vector<uint8_t> ChunkDecoder::levels_;
thread_local int64_t ChunkDecoder::direct_pages_ = 0;

ChunkDecoder::ChunkDecoder(const FileBytes& file, const LeafColumn& leaf, const ColumnMetaData& meta,
                           int64_t num_rows, bool verify_checksums)
    : file_(file),
      leaf_(leaf),
      meta_(meta),
      num_rows_(num_rows),
      verify_(verify_checksums),
      width_(type_width(leaf.type)),
      phys_width_(physical_width(leaf)) {}

Column ChunkDecoder::decode() {
  if (meta_.type != leaf_.physical) corrupt("column chunk type differs from the schema");
  const int64_t start = meta_.first_page_offset();
  const uint64_t end = file_.offset + file_.size;  // positions below are the file's
  if (start < 4 || static_cast<uint64_t>(start) < file_.offset || static_cast<uint64_t>(start) >= end)
    corrupt("column chunk offset outside the file");
  if (num_rows_ < 0 || num_rows_ > INT32_MAX)
    fail(kUnsupported, "row groups over 2^31 rows are not supported");
  col_.type = leaf_.type;
  col_.length = num_rows_;
  // The buffer is sized up front when that is modest; beyond, it grows with the pages actually decoded, so a
  // corrupt row count in the footer cannot make the reader allocate gigabytes before any data is seen.
  size_t full = static_cast<size_t>(num_rows_) * width_;
  col_.values.resize(full <= (size_t{64} << 20) ? full : 0);
  if (leaf_.type == ValueType::String) strings_ = std::make_shared<Dictionary>();
  size_t pos = static_cast<size_t>(start);
  while (rows_done_ < num_rows_) {
    if (pos >= end)
      corrupt("column chunk ends after " + std::to_string(rows_done_) + " of " + std::to_string(num_rows_) +
              " values");
    size_t header_size = 0;
    const uint8_t* at = file_.data + (pos - file_.offset);
    PageHeader h = parse_page_header(at, end - pos, header_size);
    const uint8_t* data = at + header_size;
    size_t avail = end - pos - header_size;
    if (h.compressed_page_size < 0 || static_cast<size_t>(h.compressed_page_size) > avail)
      corrupt("page at offset " + std::to_string(pos) + " runs past the end of the file");
    if (h.uncompressed_page_size < 0) corrupt("page has a negative size");
    size_t size = static_cast<size_t>(h.compressed_page_size);
    if (verify_ && h.crc) {
      uint32_t crc = static_cast<uint32_t>(crc32(0L, data, static_cast<uInt>(size)));
      if (crc != static_cast<uint32_t>(*h.crc))
        fail(kChecksum, "page at offset " + std::to_string(pos) + " fails its CRC check (stored " +
                            std::to_string(static_cast<uint32_t>(*h.crc)) + ", computed " +
                            std::to_string(crc) + ")");
    }
    read_page(h, data, size);
    pos += header_size + size;
  }
  col_.values.resize(static_cast<size_t>(num_rows_) * width_);
  if (strings_) col_.dict = std::move(strings_);
  return std::move(col_);
}

const uint8_t* ChunkDecoder::decompress_to_scratch(const uint8_t* data, size_t size, size_t out_size) {
  if (meta_.codec == Codec::Uncompressed) {
    if (out_size > size) corrupt("uncompressed page shorter than its declared size");
    return data;
  }
  if (out_size > kPlainPageLimit && out_size / 1024 > size) corrupt("implausible decompressed page size");
  // One buffer per thread, reused across pages and chunks: no allocation or page faults per page.
  // A page's bytes are consumed before the next page is decompressed.
  static thread_local std::vector<uint8_t> scratch;
  if (scratch.size() < out_size) scratch.resize(out_size);
  decompress(meta_.codec, data, size, scratch.data(), out_size);
  return scratch.data();
}

void ChunkDecoder::read_page(const PageHeader& h, const uint8_t* data, size_t size) {
  size_t usize = static_cast<size_t>(h.uncompressed_page_size);
  switch (h.type) {
    case PageType::DictionaryPage: {
      if (!h.dictionary_page) corrupt("dictionary page without its header");
      read_dictionary(h, decompress_to_scratch(data, size, usize), usize);
      return;
    }
    case PageType::DataPage: {
      if (!h.data_page) corrupt("data page without its header");
      const DataPageHeader& d = *h.data_page;
      if (read_v1_direct(d, data, size, usize)) return;
      const uint8_t* page = decompress_to_scratch(data, size, usize);
      read_data(d.num_values, d.encoding, page, usize, true, d.definition_level_encoding, page, usize);
      return;
    }
    case PageType::DataPageV2: {
      if (!h.data_page_v2) corrupt("data page v2 without its header");
      const DataPageHeaderV2& d = *h.data_page_v2;
      if (d.definition_levels_byte_length < 0 || d.repetition_levels_byte_length < 0)
        corrupt("negative level length");
      size_t levels = static_cast<size_t>(d.definition_levels_byte_length) +
                      static_cast<size_t>(d.repetition_levels_byte_length);
      if (levels > size || levels > usize) corrupt("data page v2 levels longer than the page");
      const uint8_t* def = data + d.repetition_levels_byte_length;
      const uint8_t* values = data + levels;
      size_t values_usize = usize - levels;
      if (d.is_compressed && read_v2_direct(d, def, values, size - levels, values_usize)) return;
      if (d.is_compressed)
        values = decompress_to_scratch(values, size - levels, values_usize);
      else if (values_usize > size - levels)
        corrupt("data page v2 shorter than its declared size");
      read_data(d.num_values, d.encoding, def, static_cast<size_t>(d.definition_levels_byte_length), false,
                Encoding::Rle, values, values_usize);
      return;
    }
    default:
      return;  // index pages and unknown page types carry no values
  }
}

void ChunkDecoder::read_data(int64_t num_values, Encoding enc, const uint8_t* levels, size_t levels_size,
                             bool v1_levels, Encoding level_enc, const uint8_t* values, size_t values_size) {
  if (num_values < 0 || num_values > num_rows_ - rows_done_)
    corrupt("page holds more values than the row group has rows");
  int64_t non_null = num_values;
  if (leaf_.max_def > 0) {
    int64_t consumed = decode_levels(num_values, levels, levels_size, v1_levels, level_enc);
    if (v1_levels) {
      values += consumed;
      values_size -= static_cast<size_t>(consumed);
    }
    if (!all_valid_) {
      non_null = 0;
      for (int64_t i = 0; i < num_values; ++i) non_null += levels_[i];
    }
  }
  uint8_t* out = reserve_page(num_values);
  if (non_null > 0) decode_values(enc, values, values_size, non_null, out);
  if (non_null < num_values) spread_nulls(num_values, non_null);
  rows_done_ += num_values;
}

uint8_t* ChunkDecoder::reserve_page(int64_t num_values) {
  size_t need = static_cast<size_t>(rows_done_ + num_values) * width_;
  if (col_.values.size() < need)
    col_.values.resize(
        std::max(need, std::min(col_.values.size() * 2, static_cast<size_t>(num_rows_) * width_)));
  return col_.values.data() + rows_done_ * width_;
}

bool ChunkDecoder::direct_plain(Encoding enc) const {
  return enc == Encoding::Plain && meta_.codec != Codec::Uncompressed && converts_in_place(leaf_) &&
         (leaf_.physical == PhysicalType::Int32 || leaf_.physical == PhysicalType::Int64 ||
          leaf_.physical == PhysicalType::Float || leaf_.physical == PhysicalType::Double);
}

// A data page v1 holds [definition levels][values] in one compressed block. Without nulls the values are
// num_values * phys_width_ bytes at its end, so the levels are the first usize - that many bytes: the
// block is decompressed so that the values land where the converted values end up (the same place when
// the widths agree; else the upper part of the page's place, converted forward in place) and the levels
// just before, over the previous page's last value bytes, which are saved and put back. When there are no
// bytes before it (the chunk's first page of 8-byte values: a DuckDB-written chunk is one page of an
// optional column), Snappy writes the levels apart (snappy_decompress_split) and other codecs use the page
// buffer. Anything else (nulls, levels that do not take
// exactly those bytes, a damaged page) is handed, whole, to the general path (read_data), which reports
// errors as before. False when the page does not qualify and nothing was done.
bool ChunkDecoder::read_v1_direct(const DataPageHeader& d, const uint8_t* data, size_t size, size_t usize) {
  if (!direct_plain(d.encoding)) return false;
  const int64_t nv = d.num_values;
  if (nv <= 0 || nv > num_rows_ - rows_done_) return false;
  const size_t p = static_cast<size_t>(phys_width_), w = static_cast<size_t>(width_);
  const size_t value_bytes = static_cast<size_t>(nv) * p;
  if (usize < value_bytes || (usize > kPlainPageLimit && usize / 1024 > size)) return false;
  const size_t lv = usize - value_bytes;  // the definition levels' bytes, if the page has no nulls
  if (lv > kDirectLevels || (leaf_.max_def == 0) != (lv == 0)) return false;
  const bool room = lv <= static_cast<size_t>(rows_done_) * w + static_cast<size_t>(nv) * (w - p);
  if (!room && meta_.codec != Codec::Snappy) return false;
  uint8_t* out = reserve_page(nv);
  uint8_t* values = out + static_cast<size_t>(nv) * (w - p);
  uint8_t head[kDirectLevels];
  if (room) {
    uint8_t* dst = values - lv;
    size_t keep = dst < out ? static_cast<size_t>(out - dst) : 0;  // the previous page's last value bytes
    uint8_t saved[kDirectLevels];
    if (keep) std::memcpy(saved, dst, keep);
    decompress(meta_.codec, data, size, dst, usize);
    if (lv) std::memcpy(head, dst, lv);
    if (keep) std::memcpy(dst, saved, keep);
  } else {  // no bytes before the page's place: Snappy writes the levels apart
    snappy_decompress_split(data, size, head, lv, values, usize);
  }
  if (leaf_.max_def > 0) {
    const Encoding enc = d.definition_level_encoding;
    bool exact = enc == Encoding::Rle ? lv >= 4 && 4 + size_t{le32(head)} == lv
                                      : enc == Encoding::BitPacked && static_cast<size_t>((nv + 7) / 8) == lv;
    bool valid = false;
    if (exact) {
      decode_levels(nv, head, lv, true, enc);
      valid = all_valid_;
      if (!valid) {
        int64_t non_null = 0;
        for (int64_t i = 0; i < nv; ++i) non_null += levels_[i];
        valid = non_null == nv;
      }
    }
    if (!valid) {  // the page as it was, through the general path
      static thread_local std::vector<uint8_t> page;
      if (page.size() < usize) page.resize(usize);
      std::memcpy(page.data(), head, lv);
      std::memcpy(page.data() + lv, values, value_bytes);
      read_data(nv, d.encoding, page.data(), usize, true, enc, page.data(), usize);
      return true;
    }
  }
  convert_values_in_place(leaf_, values, nv, out);
  rows_done_ += nv;
  ++direct_pages_;
  return true;
}

// A data page v2 keeps its levels outside the compressed values: they are decoded first, so the values'
// size is known and they are decompressed to the end of the page's place in the column, converted forward
// in place and spread over the null rows.
bool ChunkDecoder::read_v2_direct(const DataPageHeaderV2& d, const uint8_t* def, const uint8_t* values,
                                  size_t values_size, size_t values_usize) {
  if (!direct_plain(d.encoding)) return false;
  const int64_t nv = d.num_values;
  if (nv <= 0 || nv > num_rows_ - rows_done_) return false;
  if (values_usize > kPlainPageLimit && values_usize / 1024 > values_size) return false;
  int64_t non_null = nv;
  if (leaf_.max_def > 0) {
    decode_levels(nv, def, static_cast<size_t>(d.definition_levels_byte_length), false, Encoding::Rle);
    if (!all_valid_) {
      non_null = 0;
      for (int64_t i = 0; i < nv; ++i) non_null += levels_[i];
    }
  }
  const size_t p = static_cast<size_t>(phys_width_), w = static_cast<size_t>(width_);
  if (values_usize != static_cast<size_t>(non_null) * p) return false;  // the general path says what is wrong
  uint8_t* out = reserve_page(nv);
  uint8_t* dst = out + static_cast<size_t>(nv) * w - values_usize;
  decompress(meta_.codec, values, values_size, dst, values_usize);
  ++direct_pages_;
  convert_values_in_place(leaf_, dst, non_null, out);
  if (non_null < nv) spread_nulls(nv, non_null);
  rows_done_ += nv;
  return true;
}

int64_t ChunkDecoder::decode_levels(int64_t n, const uint8_t* data, size_t size, bool v1, Encoding enc) {
  all_valid_ = false;
  int64_t consumed = 0;
  if (v1 && enc == Encoding::BitPacked) {
    size_t bytes = static_cast<size_t>((n + 7) / 8);
    if (bytes > size) corrupt("definition levels run past the end of the page");
    u32_.resize(static_cast<size_t>(n));
    unpack_msb_first(data, bytes, 1, u32_.data(), static_cast<size_t>(n));
    consumed = static_cast<int64_t>(bytes);
  } else if (enc == Encoding::Rle || !v1) {
    size_t len = size;
    if (v1) {
      if (size < 4) corrupt("definition levels run past the end of the page");
      len = le32(data);
      if (len > size - 4) corrupt("definition levels run past the end of the page");
      data += 4;
      consumed = 4 + static_cast<int64_t>(len);
    }
    // Fast path: one RLE run of "defined" covering the page (a column without nulls).
    const uint8_t* p = data;
    if (len >= 2 && !(p[0] & 1)) {
      uint64_t run = read_uleb(p, data + len);
      if (p < data + len && (run >> 1) >= static_cast<uint64_t>(n) && *p == 1) {
        all_valid_ = true;
        return consumed;
      }
    }
    u32_.resize(static_cast<size_t>(n));
    RleDecoder dec(data, len, 1);
    dec.decode(u32_.data(), static_cast<size_t>(n));
  } else {
    fail(kUnsupported, std::string("definition level encoding ") + to_string(enc) + " is not supported");
  }
  levels_.resize(static_cast<size_t>(n));
  uint32_t bad = 0;
  for (int64_t i = 0; i < n; ++i) {
    bad |= u32_[i] >> 1;
    levels_[i] = static_cast<uint8_t>(u32_[i] & 1);
  }
  if (bad) corrupt("definition level above the column's maximum");
  return consumed;
}

void ChunkDecoder::spread_nulls(int64_t n, int64_t non_null) {
  uint8_t* base = col_.values.data() + rows_done_ * width_;
  switch (width_) {
    case 1:
      spread<uint8_t>(base, levels_.data(), n, non_null);
      break;
    case 4:
      spread<uint32_t>(base, levels_.data(), n, non_null);
      break;
    default:
      spread<uint64_t>(base, levels_.data(), n, non_null);
      break;
  }
  if (col_.validity.empty()) col_.validity.assign(static_cast<size_t>((num_rows_ + 63) / 64), ~uint64_t{0});
  // The null rows' bits cleared a validity word at a time (the page may start inside a word).
  const uint8_t* lv = levels_.data();
  for (int64_t i = 0; i < n;) {
    const int64_t row = rows_done_ + i;
    const int shift = static_cast<int>(row & 63);
    const int64_t take = std::min<int64_t>(64 - shift, n - i);
    uint64_t nulls = 0;
    if (take == 64) {
      nulls = zero_bytes64(lv + i);
    } else {
      for (int64_t k = 0; k < take; ++k) nulls |= uint64_t{lv[i + k] == 0} << (shift + k);
    }
    col_.validity[static_cast<size_t>(row >> 6)] &= ~nulls;
    i += take;
  }
}

}  // namespace kpic::parquet
