#include "runtime/parquet/decompress.h"

#include <brotli/decode.h>
#include <lz4.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <string>

#include "runtime/parquet/parquet_error.h"

namespace kpic::parquet {
namespace {

[[noreturn]] void bad(Codec codec, const std::string& why) {
  corrupt(std::string(to_string(codec)) + " page does not decompress: " + why);
}

void snappy_decompress(const uint8_t* in, size_t n, uint8_t* out, size_t out_size) {
  size_t len = 0;
  auto src = reinterpret_cast<const char*>(in);
  if (!snappy::GetUncompressedLength(src, n, &len) || len != out_size) bad(Codec::Snappy, "wrong length");
  if (!snappy::RawUncompress(src, n, reinterpret_cast<char*>(out))) bad(Codec::Snappy, "invalid stream");
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

void decompress(Codec codec, const uint8_t* in, size_t in_size, uint8_t* out, size_t out_size) {
  if (out_size == 0) return;  // empty pages may carry no stream at all (or an empty one)
  switch (codec) {
    case Codec::Uncompressed:
      if (in_size != out_size) corrupt("uncompressed page size mismatch");
      if (out_size) std::copy(in, in + in_size, out);
      return;
    case Codec::Snappy:
      return snappy_decompress(in, in_size, out, out_size);
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
