// The RLE / bit-packing hybrid (Encodings.md "RLE"): definition levels, dictionary indices and RLE booleans.
// A stream is a sequence of runs, each a varint header: LSB 0 = a repeated value (header >> 1 times, the
// value in ceil(bit_width / 8) little-endian bytes), LSB 1 = (header >> 1) groups of 8 bit-packed values.
#pragma once

#include <cstddef>
#include <cstdint>

namespace kpic::parquet {

class RleDecoder {
 public:
  RleDecoder() = default;
  // `data` holds the runs only (no length prefix or bit-width byte). bit_width is 0..32.
  RleDecoder(const uint8_t* data, size_t size, int bit_width);

  // Decodes exactly `n` values; throws DataError (702) when the runs end first.
  void decode(uint32_t* out, size_t n);
  const uint8_t* position() const { return p_; }
  // Whether the values decoded so far end the data as writers end it: no run after the current one, no
  // value left in an RLE run, a bit-packed run not cut short (its groups may declare more values than are
  // used: DuckDB's do).
  bool ends_exactly() const { return p_ == end_ && !truncated_ && rle_left_ == 0; }

 private:
  bool next_run();

  const uint8_t* p_ = nullptr;
  const uint8_t* end_ = nullptr;
  int bw_ = 0;
  uint32_t rle_left_ = 0;
  uint32_t rle_value_ = 0;
  size_t packed_left_ = 0;           // bit-packed values left in the current run
  const uint8_t* packed_ = nullptr;  // next group of the current bit-packed run
  uint32_t buf_[8] = {};
  uint32_t buf_pos_ = 0, buf_len_ = 0;
  bool truncated_ = false;
};

// Reads a ULEB128 varint at `p` (advancing it); throws DataError at `end` or past 10 bytes.
uint64_t read_uleb(const uint8_t*& p, const uint8_t* end);

}  // namespace kpic::parquet
