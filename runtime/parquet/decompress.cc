#include "runtime/parquet/decompress.h"

#include <brotli/decode.h>
#include <lz4.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <string>

#include "runtime/parquet/parquet_error.h"

namespace kpic::parquet {
namespace {

[[noreturn]] void bad(Codec codec, const std::string& why) {
  corrupt(std::string(to_string(codec)) + " page does not decompress: " + why);
}

void gzip_decompress(const uint8_t* in, size_t n, uint8_t* out, size_t out_size) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 32) != Z_OK) bad(Codec::Gzip, "zlib init");
  zs.next_in = const_cast<Bytef*>(in);
  zs.avail_in = static_cast<uInt>(n);
  zs.next_out = out;
  zs.avail_out = static_cast<uInt>(out_size);
  for (;;) {
    int rc = inflate(&zs, Z_FINISH);
    if (rc == Z_STREAM_END) {
      // Concatenated members: continue with the next one while input remains.
      if (zs.avail_in > 0 && zs.avail_out > 0 && inflateReset(&zs) == Z_OK) continue;
      break;
    }
    inflateEnd(&zs);
    bad(Codec::Gzip, zs.msg ? zs.msg : "truncated stream");
  }
  size_t produced = out_size - zs.avail_out;
  inflateEnd(&zs);
  if (produced != out_size) bad(Codec::Gzip, "wrong length");
}

void zstd_decompress(const uint8_t* in, size_t n, uint8_t* out, size_t out_size) {
  size_t rc = ZSTD_decompress(out, out_size, in, n);
  if (ZSTD_isError(rc)) bad(Codec::Zstd, ZSTD_getErrorName(rc));
  if (rc != out_size) bad(Codec::Zstd, "wrong length");
}

void brotli_decompress(const uint8_t* in, size_t n, uint8_t* out, size_t out_size) {
  size_t len = out_size;
  if (BrotliDecoderDecompress(n, in, &len, out) != BROTLI_DECODER_RESULT_SUCCESS || len != out_size)
    bad(Codec::Brotli, "invalid stream");
}

bool lz4_block(const uint8_t* in, size_t n, uint8_t* out, size_t out_size) {
  if (n > INT32_MAX || out_size > INT32_MAX) return false;
  int rc = LZ4_decompress_safe(reinterpret_cast<const char*>(in), reinterpret_cast<char*>(out),
                               static_cast<int>(n), static_cast<int>(out_size));
  return rc >= 0 && static_cast<size_t>(rc) == out_size;
}

uint32_t be32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

// Hadoop's LZ4 codec: frames of [raw size][compressed size][LZ4 block], each frame possibly several blocks.
bool lz4_hadoop(const uint8_t* in, size_t n, uint8_t* out, size_t out_size) {
  size_t ip = 0, op = 0;
  while (ip < n) {
    if (n - ip < 8) return false;
    uint32_t raw = be32(in + ip), comp = be32(in + ip + 4);
    ip += 8;
    if (raw > out_size - op || comp > n - ip) return false;
    if (!lz4_block(in + ip, comp, out + op, raw)) return false;
    ip += comp;
    op += raw;
  }
  return op == out_size;
}

}  // namespace

// Short copies assemble their repeating bytes as little-endian 64-bit words (as PLAIN values land in the
// column as they are).
static_assert(std::endian::native == std::endian::little, "kpic's Parquet reader expects a little-endian host");

namespace {

// What a Snappy tag byte says, for the bulk loop, packed in 32 bits: bits 0-7 the bytes it produces, 8-15
// the bytes it takes (the tag, its offset bytes, a literal's bytes), 16-26 the offset's bits held in the tag
// itself (1-byte-offset copies; 8 for a literal, so that it passes the copy's offset check), bit 31 whether
// it is short: a literal or copy of at most 16 bytes (a literal's length held in the tag).
constexpr std::array<uint32_t, 256> make_tags() {
  std::array<uint32_t, 256> t{};
  for (uint32_t tag = 0; tag < 256; ++tag) {
    uint32_t length = 0, advance = 0, offset_high = 0;
    switch (tag & 3) {
      case 0:
        length = (tag >> 2) + 1;  // 61..64 mean longer literals: never short
        advance = 1 + length;
        offset_high = 8;
        break;
      case 1:
        length = 4 + ((tag >> 2) & 7);
        advance = 2;
        offset_high = (tag >> 5) << 8;
        break;
      default:
        length = (tag >> 2) + 1;
        advance = (tag & 3) == 2 ? 3 : 5;
        break;
    }
    t[tag] = length | advance << 8 | offset_high << 16 | uint32_t{length <= 16} << 31;
  }
  return t;
}
constexpr std::array<uint32_t, 256> kTags = make_tags();
// Bits 8-15 alone: the table loop finds the next tag one shift and mask sooner.
constexpr std::array<uint8_t, 256> make_tag_bytes() {
  std::array<uint8_t, 256> t{};
  for (size_t i = 0; i < 256; ++i) t[i] = static_cast<uint8_t>(kTags[i] >> 8);
  return t;
}
constexpr std::array<uint8_t, 256> kTagBytes = make_tag_bytes();
// The offset bytes after the tag, by kind (a literal has none).
constexpr uint32_t kOffsetMask[4] = {0, 0xff, 0xffff, 0xffffffff};

// The copy offset of the tag at ip, whose entry is e (8 for a literal), without a branch on its kind.
// Reads the 4 bytes after the tag: the caller leaves room for them.
inline uint32_t tag_offset(const uint8_t* ip, uint32_t e) {
  uint32_t w;
  std::memcpy(&w, ip + 1, 4);
  return (w & kOffsetMask[*ip & 3]) | ((e >> 16) & 0x7ff);
}

// Which bulk loop suits a stream, from its first 64 tags. Branching on each tag's kind (literal or copy,
// the copy's length and offset) costs nothing while the kinds follow a pattern (ascending ids: a literal
// of the low byte, then a copy of the rest) and lets the next tag be found without waiting for this one;
// the table loop always waits for the tag's entry but never mispredicts, which wins when kinds come in no
// order (ids that repeat at random: a copy of a recent value, or a new value's literal and zero bytes).
// A tag whose kind differs from both of the two before it counts as irregular; 1 (the table loop) when
// more than one in eight is.
int tags_irregular(const uint8_t* ip, const uint8_t* const ip_limit) {
  constexpr int kSample = 64;
  uint32_t k1 = ~0u, k2 = ~0u;
  int irregular = 0, seen = 0;
  for (; seen < kSample && ip < ip_limit; ++seen) {
    const uint8_t tag = *ip;
    const uint32_t e = kTags[tag];
    const uint32_t off = tag_offset(ip, e);
    const uint32_t length = e & 0xff;
    const uint32_t kind = (tag & 3) | (length > 8) << 2 | (length > 16) << 3 | (off >= 8) << 4 | (off >= 16) << 5;
    irregular += kind != k1 && kind != k2;
    k2 = k1;
    k1 = kind;
    ip += kTagBytes[tag];
    if ((tag & 3) == 0 && length > 16) break;  // a long literal's bytes follow: not a tag's length
  }
  return irregular * 8 > seen;
}

// The bulk of a stream (snappy_decompress_split's conditions), tag by tag from ip into d until a limit,
// a long literal or a copy reaching into the head; kTable chooses the loop (tags_irregular).
template <bool kTable>
void snappy_bulk(const uint8_t*& ip, uint8_t*& d, uint8_t* const body, const uint8_t* const ip_limit,
                 uint8_t* const d_limit) {
  while (ip < ip_limit && d <= d_limit) {
    const uint8_t tag = *ip;
    if constexpr (kTable) {
      // The common tag without a branch on its kind: a literal of at most 16 bytes, or a copy of at
      // most 16 bytes from 8 or more bytes back. Tags come in no predictable order (a repeated id is a
      // copy, a new one a literal and a copy of its zero bytes), and a branch per kind mispredicted
      // often. Two 8-byte moves, in order, also replicate a copy that overlaps its output (offset 8..15).
      const uint32_t e = kTags[tag];
      const uint64_t off = tag_offset(ip, e);
      // Short, and a literal or a copy from 8 to `produced` bytes back (at least 16 produced here).
      if ((e >> 31) & (off - 8 <= static_cast<uint64_t>(d - body) - 8)) {
        const uint8_t* src = (tag & 3) == 0 ? ip + 1 : d - off;
        uint64_t a, b;
        std::memcpy(&a, src, 8);
        std::memcpy(d, &a, 8);
        std::memcpy(&b, src + 8, 8);
        std::memcpy(d + 8, &b, 8);
        ip += kTagBytes[tag];
        d += e & 0xff;
        continue;
      }
    }
    size_t length, offset, tag_size;
    if ((tag & 3) == 0) {
      length = size_t{1} + (tag >> 2);
      if (length > 16) break;
      std::memcpy(d, ip + 1, 16);
      ip += 1 + length;
      d += length;
      continue;
    }
    if ((tag & 3) == 1) {
      length = 4 + ((tag >> 2) & 7);
      offset = (static_cast<size_t>(tag >> 5) << 8) | ip[1];
      tag_size = 2;
    } else if ((tag & 3) == 2) {
      length = static_cast<size_t>(tag >> 2) + 1;
      offset = size_t{ip[1]} | (size_t{ip[2]} << 8);
      tag_size = 3;
    } else {
      length = static_cast<size_t>(tag >> 2) + 1;
      offset = size_t{ip[1]} | (size_t{ip[2]} << 8) | (size_t{ip[3]} << 16) | (size_t{ip[4]} << 24);
      tag_size = 5;
    }
    if (offset == 0 || offset > static_cast<size_t>(d - body)) break;  // invalid, or from the head
    ip += tag_size;
    const uint8_t* src = d - offset;
    if (offset >= 16) {
      std::memcpy(d, src, 16);
      if (length > 16) {
        std::memcpy(d + 16, src + 16, 16);
        if (length > 32) {
          std::memcpy(d + 32, src + 32, 16);
          std::memcpy(d + 48, src + 48, 16);
        }
      }
    } else if (offset >= 8) {
      // The output repeats with period `offset`: d[i] = src[i % offset]. Copying 8 bytes at a time from
      // the overlapping source made each load past the first wait for the store before it (a load that
      // partly overlaps an earlier store cannot be forwarded); the pattern's first 16 bytes (lo, hi) are
      // built in registers from bytes already output, then stored every `offset` bytes (16 for 8).
      uint64_t lo;
      std::memcpy(&lo, src, 8);  // src + 8 <= d
      std::memcpy(d, &lo, 8);
      if (length > 8) {
        uint64_t hi = lo;
        if (offset > 8) {  // hi = src[8, offset) then src[0, 16 - offset)
          uint64_t tail;
          std::memcpy(&tail, d - 8, 8);  // src[offset - 8, offset)
          const unsigned shift = 8 * static_cast<unsigned>(offset - 8);
          hi = (tail >> (64 - shift)) | (lo << shift);
        }
        const size_t step = offset == 8 ? 16 : offset;
        for (size_t i = 0; i < length; i += step) {
          std::memcpy(d + i, &lo, 8);
          std::memcpy(d + i + 8, &hi, 8);
        }
      }
    } else {
      // A period below 8: its first 16 bytes built once, stored every multiple of the period.
      uint8_t pat[16];
      std::memcpy(pat, src, 8);  // src[0, offset) is output; the rest is replaced
      for (size_t i = offset; i < 16; ++i) pat[i] = pat[i - offset];
      static constexpr uint8_t kStep[8] = {0, 16, 16, 15, 16, 15, 12, 14};
      const size_t step = kStep[offset];  // 16 / offset * offset, without a division
      for (size_t i = 0; i < length; i += step) std::memcpy(d + i, pat, 16);
    }
    d += length;
  }
}

}  // namespace

void snappy_decompress_split(const uint8_t* in, size_t n, uint8_t* head, size_t hs, uint8_t* body,
                             size_t out_size) {
  const uint8_t* ip = in;
  const uint8_t* const end = in + n;
  uint64_t len = 0;
  for (int shift = 0;; shift += 7) {
    if (ip == end || shift > 28) bad(Codec::Snappy, "wrong length");
    uint8_t b = *ip++;
    len |= uint64_t{b & 0x7fu} << shift;
    if (!(b & 0x80)) break;
  }
  if (len != out_size || hs > out_size) bad(Codec::Snappy, "wrong length");
  const size_t body_size = out_size - hs;
  auto at = [&](size_t pos) -> uint8_t& { return pos < hs ? head[pos] : body[pos - hs]; };
  size_t op = 0;  // bytes of output produced
  int table = -1;  // the bulk loop's kind, chosen on its first entry (tags_irregular)
  while (ip < end) {
    if (op >= hs + 16 && end - ip > 21 && body_size - (op - hs) >= 80) {  // the inner loop's own conditions
      // The bulk: output in the body with room for 80 bytes and input for the longest tag and a 16-byte
      // literal, so short literals and copies move 16 bytes at a time past their end (later output
      // overwrites those bytes; a copy of 64 bytes with a short offset stores up to 79). Leaves at a long
      // literal, a copy reaching into the head, or the limits.
      uint8_t* d = body + (op - hs);
      uint8_t* const d_limit = body + body_size - 80;
      const uint8_t* const ip_limit = end - 21;
      if (table < 0) table = tags_irregular(ip, ip_limit);
      if (table) snappy_bulk<true>(ip, d, body, ip_limit, d_limit);
      else snappy_bulk<false>(ip, d, body, ip_limit, d_limit);
      op = hs + static_cast<size_t>(d - body);
      if (op > out_size) bad(Codec::Snappy, "invalid stream");
      if (ip >= ip_limit || d > d_limit) continue;  // the general steps finish
    }
    const uint8_t tag = *ip++;
    size_t length, offset;
    switch (tag & 3) {
      case 0: {  // literal
        length = tag >> 2;
        if (length >= 60) {
          size_t k = length - 59;
          if (static_cast<size_t>(end - ip) < k) bad(Codec::Snappy, "invalid stream");
          length = 0;
          for (size_t i = 0; i < k; ++i) length |= size_t{ip[i]} << (8 * i);
          ip += k;
        }
        length += 1;
        if (static_cast<size_t>(end - ip) < length || out_size - op < length) bad(Codec::Snappy, "invalid stream");
        if (op >= hs) {
          std::memcpy(body + (op - hs), ip, length);
        } else {
          size_t a = std::min(length, hs - op);
          std::memcpy(head + op, ip, a);
          std::memcpy(body, ip + a, length - a);
        }
        ip += length;
        op += length;
        continue;
      }
      case 1:
        if (end - ip < 1) bad(Codec::Snappy, "invalid stream");
        length = 4 + ((tag >> 2) & 7);
        offset = (static_cast<size_t>(tag >> 5) << 8) | ip[0];
        ip += 1;
        break;
      case 2:
        if (end - ip < 2) bad(Codec::Snappy, "invalid stream");
        length = static_cast<size_t>(tag >> 2) + 1;
        offset = size_t{ip[0]} | (size_t{ip[1]} << 8);
        ip += 2;
        break;
      default:
        if (end - ip < 4) bad(Codec::Snappy, "invalid stream");
        length = static_cast<size_t>(tag >> 2) + 1;
        offset = size_t{ip[0]} | (size_t{ip[1]} << 8) | (size_t{ip[2]} << 16) | (size_t{ip[3]} << 24);
        ip += 4;
        break;
    }
    if (offset == 0 || offset > op || out_size - op < length) bad(Codec::Snappy, "invalid stream");
    for (size_t i = 0; i < length; ++i) at(op + i) = at(op - offset + i);  // byte by byte: may overlap
    op += length;
  }
  if (op != out_size) bad(Codec::Snappy, "wrong length");
}

void decompress(Codec codec, const uint8_t* in, size_t in_size, uint8_t* out, size_t out_size) {
  if (out_size == 0) return;  // empty pages may carry no stream at all (or an empty one)
  switch (codec) {
    case Codec::Uncompressed:
      if (in_size != out_size) corrupt("uncompressed page size mismatch");
      if (out_size) std::copy(in, in + in_size, out);
      return;
    case Codec::Snappy:
      return snappy_decompress_split(in, in_size, nullptr, 0, out, out_size);
    case Codec::Gzip:
      return gzip_decompress(in, in_size, out, out_size);
    case Codec::Zstd:
      return zstd_decompress(in, in_size, out, out_size);
    case Codec::Brotli:
      return brotli_decompress(in, in_size, out, out_size);
    case Codec::Lz4Raw:
      if (!lz4_block(in, in_size, out, out_size)) bad(codec, "invalid LZ4 block");
      return;
    case Codec::Lz4:
      if (lz4_hadoop(in, in_size, out, out_size) || lz4_block(in, in_size, out, out_size)) return;
      bad(codec, "neither Hadoop-framed nor raw LZ4");
    case Codec::Lzo:
      fail(kUnsupported, "LZO compression is not supported");
  }
  fail(kUnsupported, "unknown compression codec " + std::to_string(static_cast<int>(codec)));
}

}  // namespace kpic::parquet
