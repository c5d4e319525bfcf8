// Each Parquet encoding on hand-built byte sequences (the examples of Encodings.md and hand-checked ones),
// bit unpacking at every width, the value conversions and the codec framings.
#include <doctest/doctest.h>
#include <lz4.h>
#include <snappy.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "runtime/column/table_reader.h"
#include "runtime/parquet/bit_unpack.h"
#include "runtime/parquet/decompress.h"
#include "runtime/parquet/delta_decoders.h"
#include "runtime/parquet/rle_decoder.h"
#include "runtime/parquet/value_convert.h"

using namespace kpic::parquet;

TEST_CASE("RLE/bit-packing hybrid: Encodings.md example and runs") {
  // One bit-packed group of 0..7 at width 3 (Encodings.md), then an RLE run of five 4s.
  std::vector<uint8_t> b = {0x03, 0x88, 0xC6, 0xFA, 0x0A, 0x04};
  RleDecoder d(b.data(), b.size(), 3);
  std::vector<uint32_t> out(13);
  d.decode(out.data(), 3);  // split reads across the buffered group
  d.decode(out.data() + 3, 10);
  CHECK(out == std::vector<uint32_t>{0, 1, 2, 3, 4, 5, 6, 7, 4, 4, 4, 4, 4});
  uint32_t extra;
  CHECK_THROWS_AS(d.decode(&extra, 1), kpic::DataError);
}

TEST_CASE("RLE: a value wider than one byte, and width 0") {
  std::vector<uint8_t> b = {0x06, 0x34, 0x12};  // 3 x 0x1234 at width 13
  RleDecoder d(b.data(), b.size(), 13);
  std::vector<uint32_t> out(3);
  d.decode(out.data(), 3);
  CHECK(out == std::vector<uint32_t>{0x1234, 0x1234, 0x1234});
  std::vector<uint8_t> z = {0x03};  // one bit-packed group at width 0: eight zeros, no bytes
  RleDecoder dz(z.data(), z.size(), 0);
  std::vector<uint32_t> zeros(8, 9);
  dz.decode(zeros.data(), 8);
  CHECK(zeros == std::vector<uint32_t>(8, 0));
}

TEST_CASE("bit unpacking: every width 1..32 against a reference packer") {
  std::mt19937_64 rng(42);
  for (int bw = 1; bw <= 32; ++bw) {
    size_t n = 203;
    std::vector<uint32_t> values(n);
    std::vector<uint8_t> packed((n * bw + 7) / 8, 0);
    for (size_t i = 0; i < n; ++i) {
      values[i] = static_cast<uint32_t>(rng()) & (bw == 32 ? 0xffffffffu : ((1u << bw) - 1));
      for (int k = 0; k < bw; ++k)
        if ((values[i] >> k) & 1) packed[(i * bw + k) / 8] |= static_cast<uint8_t>(1u << ((i * bw + k) % 8));
    }
    std::vector<uint32_t> out(n);
    unpack32(packed.data(), packed.size(), bw, out.data(), n);  // AVX2 for widths <= 16 where the CPU has it
    CHECK_MESSAGE(out == values, "width " << bw);
    std::vector<uint32_t> portable(n);
    unpack32_portable(packed.data(), packed.size(), bw, portable.data(), n);
    CHECK_MESSAGE(portable == values, "width " << bw << " (portable)");
    for (size_t from : {size_t{8}, size_t{64}}) {  // starting later in the stream, fewer values
      std::vector<uint32_t> part(n - from - 5);
      size_t off = from / 8 * static_cast<size_t>(bw);
      unpack32(packed.data() + off, packed.size() - off, bw, part.data(), part.size());
      CHECK_MESSAGE(part == std::vector<uint32_t>(values.begin() + static_cast<long>(from), values.end() - 5),
                    "width " << bw << " from " << from);
    }
    std::vector<uint64_t> out64(n);
    unpack64(packed.data(), packed.size(), bw, out64.data(), n);
    CHECK(std::vector<uint32_t>(out64.begin(), out64.end()) == values);
  }
}

TEST_CASE("BIT_PACKED (deprecated, MSB first): Encodings.md example") {
  std::vector<uint8_t> b = {0x05, 0x39, 0x77};
  std::vector<uint32_t> out(8);
  unpack_msb_first(b.data(), b.size(), 3, out.data(), 8);
  CHECK(out == std::vector<uint32_t>{0, 1, 2, 3, 4, 5, 6, 7});
}

TEST_CASE("PLAIN booleans: LSB first") {
  std::vector<uint8_t> b = {0x0D, 0x01};  // 1,0,1,1,0,0,0,0, 1
  std::vector<uint8_t> out(9);
  unpack_bools(b.data(), out.data(), 9);
  CHECK(out == std::vector<uint8_t>{1, 0, 1, 1, 0, 0, 0, 0, 1});
  // Every byte value, bit by bit, and lengths that end inside a byte.
  std::vector<uint8_t> all(256);
  for (int v = 0; v < 256; ++v) all[static_cast<size_t>(v)] = static_cast<uint8_t>(v);
  for (size_t n : {size_t{2048}, size_t{2043}, size_t{5}}) {
    std::vector<uint8_t> got(n, 7);
    unpack_bools(all.data(), got.data(), n);
    bool same = true;
    for (size_t i = 0; i < n; ++i) same &= got[i] == ((all[i / 8] >> (i % 8)) & 1);
    CHECK_MESSAGE(same, n << " values");
  }
}

TEST_CASE("DELTA_BINARY_PACKED: Encodings.md examples") {
  // 1,2,3,4,5: every delta equals the minimum, so all miniblocks have width 0.
  std::vector<uint8_t> a = {0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0, 0, 0, 0};
  std::vector<int64_t> out(5);
  const uint8_t* end = decode_delta_binary_packed(a.data(), a.size(), out.data(), 5);
  CHECK(out == std::vector<int64_t>{1, 2, 3, 4, 5});
  CHECK(end == a.data() + a.size());
  // 7,5,3,1,2,3,4,5: min delta -2, relative deltas 0,0,0,3,3,3,3 at width 2.
  std::vector<uint8_t> b = {0x80, 0x01, 0x04, 0x08, 0x0E, 0x03, 2, 0, 0, 0, 0xC0, 0xFF, 0, 0, 0, 0, 0, 0};
  std::vector<int64_t> out2(8);
  decode_delta_binary_packed(b.data(), b.size(), out2.data(), 8);
  CHECK(out2 == std::vector<int64_t>{7, 5, 3, 1, 2, 3, 4, 5});
  // Asking for more values than the stream holds is corrupt.
  std::vector<int64_t> out3(9);
  CHECK_THROWS_AS(decode_delta_binary_packed(b.data(), b.size(), out3.data(), 9), kpic::DataError);
}

TEST_CASE("DELTA_LENGTH_BYTE_ARRAY: Hello World Foobar ABCDEF") {
  std::vector<uint8_t> b = {0x80, 0x01, 0x04, 0x04, 0x0A, 0x00, 1, 0, 0, 0, 0x02, 0, 0, 0};
  std::string data = "HelloWorldFoobarABCDEF";
  b.insert(b.end(), data.begin(), data.end());
  ByteArrays out;
  decode_delta_length_byte_array(b.data(), b.size(), 4, out);
  REQUIRE(out.values.size() == 4);
  CHECK(out.values[0] == "Hello");
  CHECK(out.values[1] == "World");
  CHECK(out.values[2] == "Foobar");
  CHECK(out.values[3] == "ABCDEF");
}

TEST_CASE("DELTA_BYTE_ARRAY: axis axle babble babyhood") {
  std::vector<uint8_t> b = {0x80, 0x01, 0x04, 0x04, 0x00, 0x03, 3, 0,    0,    0,    0x44, 0x01, 0,    0, 0,
                            0,    0,    0,    0,    0,    0,    0, 0x80, 0x01, 0x04, 0x04, 0x08, 0x03, 3, 0,
                            0,    0,    0x70, 0x00, 0,    0,    0, 0,    0,    0,    0,    0,    0,    0};
  std::string data = "axislebabbleyhood";
  b.insert(b.end(), data.begin(), data.end());
  ByteArrays out;
  decode_delta_byte_array(b.data(), b.size(), 4, out);
  REQUIRE(out.values.size() == 4);
  CHECK(out.values[0] == "axis");
  CHECK(out.values[1] == "axle");
  CHECK(out.values[2] == "babble");
  CHECK(out.values[3] == "babyhood");
}

TEST_CASE("conversions: FLOAT16, big-endian decimals, INT96, timestamps") {
  CHECK(half_to_double(0x3C00) == 1.0);
  CHECK(half_to_double(0xC000) == -2.0);
  CHECK(half_to_double(0x0001) == doctest::Approx(5.960464477539063e-08));
  CHECK(std::isinf(half_to_double(0x7C00)));
  uint8_t neg[] = {0xFF, 0x85};  // -123
  CHECK(big_endian_decimal(neg, 2, 100) == doctest::Approx(-1.23));
  uint8_t wide[16] = {};  // 16-byte decimal 300
  wide[14] = 0x01;
  wide[15] = 0x2C;
  CHECK(big_endian_decimal(wide, 16, 1) == 300);

  LeafColumn ts;
  ts.physical = PhysicalType::Int96;
  ts.conversion = Conversion::Int96ToTimestamp;
  ts.type = kpic::ValueType::Timestamp;
  // 2009-01-01 00:01:00: Julian day 2454833, 60 s of nanoseconds.
  uint8_t int96[12] = {};
  uint64_t nanos = 60000000000ull;
  for (int i = 0; i < 8; ++i) int96[i] = static_cast<uint8_t>(nanos >> (8 * i));
  uint32_t jd = 2454833;
  for (int i = 0; i < 4; ++i) int96[8 + i] = static_cast<uint8_t>(jd >> (8 * i));
  int64_t us = 0;
  convert_values(ts, int96, 1, reinterpret_cast<uint8_t*>(&us));
  CHECK(us == 1230768060000000LL);

  LeafColumn nanosleaf;
  nanosleaf.physical = PhysicalType::Int64;
  nanosleaf.conversion = Conversion::TimestampNanos;
  nanosleaf.type = kpic::ValueType::Timestamp;
  int64_t raw = -1500;  // floors to -2 µs
  convert_values(nanosleaf, reinterpret_cast<uint8_t*>(&raw), 1, reinterpret_cast<uint8_t*>(&us));
  CHECK(us == -2);

  LeafColumn u64;
  u64.physical = PhysicalType::Int64;
  u64.conversion = Conversion::UInt64ToInt;
  uint64_t big = 1ull << 63;
  CHECK_THROWS_AS(convert_values(u64, reinterpret_cast<uint8_t*>(&big), 1, reinterpret_cast<uint8_t*>(&us)),
                  kpic::DataError);
}

TEST_CASE("codecs: LZ4 Hadoop framing and raw block, concatenated GZIP members") {
  std::string text(1000, 'x');
  for (size_t i = 0; i < text.size(); i += 7) text[i] = static_cast<char>('a' + i % 26);
  std::vector<char> block(LZ4_compressBound(static_cast<int>(text.size())));
  int n = LZ4_compress_default(text.data(), block.data(), static_cast<int>(text.size()),
                               static_cast<int>(block.size()));
  REQUIRE(n > 0);
  std::vector<uint8_t> raw(block.begin(), block.begin() + n);
  std::vector<uint8_t> hadoop;
  auto be32 = [&](uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) hadoop.push_back(static_cast<uint8_t>(v >> s));
  };
  be32(static_cast<uint32_t>(text.size()));
  be32(static_cast<uint32_t>(n));
  hadoop.insert(hadoop.end(), raw.begin(), raw.end());
  std::string out(text.size(), '\0');
  for (auto* input : {&raw, &hadoop}) {
    decompress(Codec::Lz4, input->data(), input->size(), reinterpret_cast<uint8_t*>(out.data()), out.size());
    CHECK(out == text);
  }
  decompress(Codec::Lz4Raw, raw.data(), raw.size(), reinterpret_cast<uint8_t*>(out.data()), out.size());
  CHECK(out == text);

  // Two gzip members, each half of the text.
  std::vector<uint8_t> gz;
  for (int half = 0; half < 2; ++half) {
    z_stream zs{};
    REQUIRE(deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    std::vector<uint8_t> buf(2000);
    zs.next_in = reinterpret_cast<Bytef*>(text.data() + half * 500);
    zs.avail_in = 500;
    zs.next_out = buf.data();
    zs.avail_out = static_cast<uInt>(buf.size());
    REQUIRE(deflate(&zs, Z_FINISH) == Z_STREAM_END);
    gz.insert(gz.end(), buf.begin(), buf.begin() + (buf.size() - zs.avail_out));
    deflateEnd(&zs);
  }
  decompress(Codec::Gzip, gz.data(), gz.size(), reinterpret_cast<uint8_t*>(out.data()), out.size());
  CHECK(out == text);
  CHECK_THROWS_AS(
      decompress(Codec::Snappy, gz.data(), gz.size(), reinterpret_cast<uint8_t*>(out.data()), out.size()),
      kpic::DataError);
}

TEST_CASE("Snappy split into head and body: the library's output for every placement of the split") {
  // Streams from snappy::Compress over data that gives long and short literals, near and far copies,
  // runs with offsets below 8 and 16; every split point near the start, and every stream length up to a
  // few hundred bytes (the bulk loop's limits at the input's and output's end). Both bulk loops: 64-bit
  // ids in order (tags in a pattern: the branching loop) and ids repeated at random (a copy of a recent
  // id, or a new id's literal and zero bytes: the table loop).
  std::mt19937_64 rng(7);
  for (size_t n : {0, 1, 2, 7, 8, 15, 16, 17, 20, 21, 22, 23, 63, 64, 65, 100, 257, 1000, 4096, 70000}) {
    for (int kind = 0; kind < 4 + 15 + 2; ++kind) {
      std::vector<uint8_t> raw(n);
      if (kind >= 19) {
        std::vector<uint64_t> ids((n + 7) / 8);
        for (size_t i = 0; i < ids.size(); ++i) {
          if (kind == 19) ids[i] = 1000 + i;
          else ids[i] = i && rng() % 2 ? ids[i - 1 - rng() % std::min<size_t>(i, 40)] : rng() % 80000000;
        }
        if (n) std::memcpy(raw.data(), ids.data(), n);
      }
      for (size_t i = 0; i < n && kind < 19; ++i) {
        switch (kind) {
          case 0: raw[i] = static_cast<uint8_t>(rng()); break;                   // literals
          case 1: raw[i] = static_cast<uint8_t>(i % 3); break;                   // offset-3 runs
          case 2: raw[i] = static_cast<uint8_t>((i / 8) % 5 + (rng() % 16 == 0)); break;  // mixed
          case 3: raw[i] = static_cast<uint8_t>((i % 11) * 7 + (i % 100 == 0 ? rng() : 0)); break;
          default: {  // runs of every period 1..15 (offsets below 16), broken now and then
            const size_t period = static_cast<size_t>(kind - 3);
            raw[i] = static_cast<uint8_t>(i % period * 13 + 1 + (i % 97 == 96 ? rng() % 200 : 0));
            break;
          }
        }
      }
      std::string z;
      snappy::Compress(reinterpret_cast<const char*>(raw.data()), raw.size(), &z);
      for (size_t hs : {size_t{0}, size_t{1}, size_t{3}, size_t{8}, size_t{9}, size_t{33}, size_t{64}}) {
        if (hs > n) continue;
        std::vector<uint8_t> head(hs + 1, 0xAA), body(n - hs + 1, 0xAA);  // one guard byte each
        snappy_decompress_split(reinterpret_cast<const uint8_t*>(z.data()), z.size(), head.data(), hs, body.data(), n);
        INFO("n " << n << " kind " << kind << " head " << hs);
        CHECK(std::equal(raw.begin(), raw.begin() + static_cast<long>(hs), head.begin()));
        CHECK(std::equal(raw.begin() + static_cast<long>(hs), raw.end(), body.begin()));
        CHECK(head[hs] == 0xAA);
        CHECK(body[n - hs] == 0xAA);
        // Every truncation of the stream is refused, never read past.
        if (n == 1000 && hs == 8)
          for (size_t cut = 0; cut < z.size(); cut += 7)
            CHECK_THROWS_AS(snappy_decompress_split(reinterpret_cast<const uint8_t*>(z.data()), cut, head.data(), hs,
                                                    body.data(), n),
                            kpic::DataError);
      }
    }
  }
}
