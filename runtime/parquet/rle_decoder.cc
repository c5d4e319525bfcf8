#include "runtime/parquet/rle_decoder.h"

#include <algorithm>

#include "runtime/parquet/bit_unpack.h"
#include "runtime/parquet/parquet_error.h"

namespace kpic::parquet {

uint64_t read_uleb(const uint8_t*& p, const uint8_t* end) {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (p >= end) corrupt("varint runs past the end of the page");
    uint8_t b = *p++;
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) return v;
  }
  corrupt("over-long varint in page data");
}

RleDecoder::RleDecoder(const uint8_t* data, size_t size, int bit_width)
    : p_(data), end_(data + size), bw_(bit_width) {
  if (bit_width < 0 || bit_width > 32)
    corrupt("RLE bit width " + std::to_string(bit_width) + " out of range");
}

bool RleDecoder::next_run() {
  if (p_ >= end_) return false;
  uint64_t header = read_uleb(p_, end_);
  if (header & 1) {
    uint64_t groups = header >> 1;
    size_t avail = static_cast<size_t>(end_ - p_);
    size_t bytes = groups * bw_ <= avail ? groups * bw_ : avail;
    truncated_ = truncated_ || bytes < groups * bw_;  // tolerated by decode: the values present still read
    // A truncated final run still yields the values whose bits are present.
    packed_left_ = bw_ == 0 ? groups * 8 : std::min<size_t>(groups * 8, bytes * 8 / bw_);
    packed_ = p_;
    p_ += bytes;
  } else {
    int nbytes = (bw_ + 7) / 8;
    if (end_ - p_ < nbytes) corrupt("RLE run value runs past the end of the page");
    uint32_t v = 0;
    for (int i = 0; i < nbytes; ++i) v |= static_cast<uint32_t>(p_[i]) << (8 * i);
    p_ += nbytes;
    uint64_t count = header >> 1;
    rle_left_ = count > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(count);
    rle_value_ = v;
  }
  return true;
}

void RleDecoder::decode(uint32_t* out, size_t n) {
  while (n > 0) {
    if (buf_pos_ < buf_len_) {
      size_t k = std::min<size_t>(n, buf_len_ - buf_pos_);
      std::copy(buf_ + buf_pos_, buf_ + buf_pos_ + k, out);
      buf_pos_ += static_cast<uint32_t>(k);
      out += k;
      n -= k;
    } else if (rle_left_ > 0) {
      size_t k = std::min<size_t>(n, rle_left_);
      std::fill(out, out + k, rle_value_);
      rle_left_ -= static_cast<uint32_t>(k);
      out += k;
      n -= k;
    } else if (packed_left_ >= 8 && n >= 8) {
      size_t k = std::min(n, packed_left_) & ~size_t{7};
      size_t bytes = k / 8 * bw_;
      // The whole remaining buffer is readable: let the unpacker use its fast loads up to the run's end.
      unpack32(packed_, static_cast<size_t>(end_ - packed_), bw_, out, k);
      packed_ += bytes;
      packed_left_ -= k;
      out += k;
      n -= k;
    } else if (packed_left_ > 0) {
      size_t k = std::min<size_t>(8, packed_left_);
      unpack32(packed_, static_cast<size_t>(end_ - packed_), bw_, buf_, k);
      packed_ += std::min<size_t>(bw_, static_cast<size_t>(p_ - packed_));
      packed_left_ -= k;
      buf_pos_ = 0;
      buf_len_ = static_cast<uint32_t>(k);
    } else if (!next_run()) {
      corrupt("RLE data ends before all values were read");
    }
  }
}

}  // namespace kpic::parquet
