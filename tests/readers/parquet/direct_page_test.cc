// PLAIN pages of INT32/INT64/FLOAT/DOUBLE columns decompressed straight into the column (chunk_decoder.cc,
// read_v1_direct / read_v2_direct), on files built here page by page: several pages per chunk, pages with
// and without nulls, a dictionary-encoded page followed by plain pages (a writer's dictionary fallback),
// data page v1 and v2, Snappy, GZIP and ZSTD. Every value is compared with the generator that wrote it,
// and ChunkDecoder::direct_pages() shows which pages took the direct path.
#include <doctest/doctest.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <cmath>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "runtime/parquet/chunk_decoder.h"
#include "runtime/parquet/parquet_reader.h"
#include "tests/readers/parquet/compact_writer.h"

using kpic::Column;
using kpic::DataError;
using kpic::parquet::ChunkDecoder;
using kpic::parquet::ParquetReader;
using kpic::parquet::test::Compact;

namespace {

enum Phys { Int32 = 1, Int64 = 2, Float = 4, Double = 5 };
enum Codec { Snappy = 1, Gzip = 2, Zstd = 6 };
enum Kind { PlainV1, PlainV2, DictV1 };

struct Page {
  Kind kind;
  int rows;
  int null_every;  // row i of the page is null when i % null_every == 1; 0: no nulls
};

// The value of row `r` of the column, as the column holds it (int64 or double).
double value(Phys t, int64_t r) {
  switch (t) {
    case Int32: return static_cast<double>(static_cast<int32_t>(r * 2654435761u));  // wraps: negative too
    case Int64: return static_cast<double>(r * 1000003 - 5000000000);
    case Float: return static_cast<float>(r) / 8 - 50;
    default: return static_cast<double>(r) * 0.37 - 400;
  }
}

int width(Phys t) { return t == Int64 || t == Double ? 8 : 4; }

void put_value(std::vector<uint8_t>& out, Phys t, int64_t r) {
  double v = value(t, r);
  uint8_t b[8];
  if (t == Int32) {
    auto x = static_cast<int32_t>(v);
    std::memcpy(b, &x, 4);
  } else if (t == Int64) {
    auto x = static_cast<int64_t>(v);
    std::memcpy(b, &x, 8);
  } else if (t == Float) {
    auto x = static_cast<float>(v);
    std::memcpy(b, &x, 4);
  } else {
    std::memcpy(b, &v, 8);
  }
  out.insert(out.end(), b, b + width(t));
}

bool is_null(const Page& p, int i) { return p.null_every && i % p.null_every == 1; }

// RLE/bit-packed hybrid of 0/1 levels at bit width 1: one RLE run when all are 1, else bit-packed groups.
std::vector<uint8_t> levels(const Page& p) {
  Compact w;
  if (!p.null_every) {
    w.uleb(static_cast<uint64_t>(p.rows) << 1);
    w.bytes.push_back(1);
    return w.bytes;
  }
  int groups = (p.rows + 7) / 8;
  w.uleb((static_cast<uint64_t>(groups) << 1) | 1);
  std::vector<uint8_t> bits(static_cast<size_t>(groups), 0);
  for (int i = 0; i < p.rows; ++i)
    if (!is_null(p, i)) bits[static_cast<size_t>(i / 8)] |= static_cast<uint8_t>(1 << (i % 8));
  w.bytes.insert(w.bytes.end(), bits.begin(), bits.end());
  return w.bytes;
}

std::vector<uint8_t> compress(Codec c, const std::vector<uint8_t>& in) {
  std::vector<uint8_t> out;
  if (c == Snappy) {
    std::string s;
    snappy::Compress(reinterpret_cast<const char*>(in.data()), in.size(), &s);
    out.assign(s.begin(), s.end());
  } else if (c == Gzip) {
    uLongf n = compressBound(in.size());
    out.resize(n);
    REQUIRE(compress2(out.data(), &n, in.data(), in.size(), 6) == Z_OK);
    out.resize(n);
  } else {
    out.resize(ZSTD_compressBound(in.size()));
    size_t n = ZSTD_compress(out.data(), out.size(), in.data(), in.size(), 3);
    REQUIRE(!ZSTD_isError(n));
    out.resize(n);
  }
  return out;
}

struct Built {
  std::vector<uint8_t> bytes;
  int64_t rows = 0;
};

// One column `x` of type `t` (optional unless `required`), one row group of the given pages. A DictV1
// page encodes its values with a dictionary of the page's own values (written first, as the chunk's
// dictionary page; only the chunk's first page may be DictV1).
// Footer statistics for build(): which fields carry the bounds, and whether column_orders is written.
struct StatsSpec {
  bool legacy = false;         // min/max (fields 2, 1)
  bool value = false;          // min_value/max_value (fields 6, 5)
  bool column_orders = false;  // FileMetaData.column_orders = [TYPE_DEFINED_ORDER]
  double lo = 0, hi = 0;
  int64_t nulls = 0;  // null_count
};

// The column's ConvertedType annotation (SchemaElement.converted_type), or none.
enum Converted { NoConverted = -1, Uint8 = 11, Uint16 = 12, Int8 = 15, Int16 = 16 };

Built build(Phys t, bool required, Codec codec, const std::vector<Page>& pages, const StatsSpec& st = {},
            Converted converted = NoConverted) {
  std::vector<uint8_t> data = {'P', 'A', 'R', '1'};
  int64_t start = 4, dict_offset = -1, data_offset = -1, usize_total = 0, row = 0;
  auto header = [&](int type, size_t usize, size_t csize, auto&& body) {
    Compact h;
    h.i32(1, type), h.i32(2, static_cast<int64_t>(usize)), h.i32(3, static_cast<int64_t>(csize));
    body(h);
    h.end();
    usize_total += static_cast<int64_t>(h.bytes.size() + usize);
    data.insert(data.end(), h.bytes.begin(), h.bytes.end());
  };
  for (const Page& p : pages) {
    REQUIRE((!required || !p.null_every));
    std::vector<uint8_t> defs = required ? std::vector<uint8_t>{} : levels(p);
    std::vector<uint8_t> values;
    for (int i = 0; i < p.rows; ++i)
      if (!is_null(p, i)) put_value(values, t, row + i);
    if (p.kind == DictV1) {  // dictionary: the page's values in order; indices 0..k-1, bit-packed at width 8
      REQUIRE(row == 0);
      int k = static_cast<int>(values.size()) / width(t);
      REQUIRE(k <= 255);
      auto cdict = compress(codec, values);
      dict_offset = static_cast<int64_t>(data.size());
      header(2, values.size(), cdict.size(), [&](Compact& h) {
        h.field(7, Compact::Struct), h.begin(), h.i32(1, k), h.i32(2, 0), h.end();
      });
      data.insert(data.end(), cdict.begin(), cdict.end());
      std::vector<uint8_t> idx = {8};
      Compact run;
      run.uleb((static_cast<uint64_t>((k + 7) / 8) << 1) | 1);
      idx.insert(idx.end(), run.bytes.begin(), run.bytes.end());
      for (int j = 0; j < (k + 7) / 8 * 8; ++j) idx.push_back(static_cast<uint8_t>(j < k ? j : 0));
      values = idx;
    }
    if (data_offset < 0) data_offset = static_cast<int64_t>(data.size());
    int encoding = p.kind == DictV1 ? 8 : 0;
    if (p.kind == PlainV2) {
      auto cvalues = compress(codec, values);
      int nulls = 0;
      for (int i = 0; i < p.rows; ++i) nulls += is_null(p, i);
      header(3, defs.size() + values.size(), defs.size() + cvalues.size(), [&](Compact& h) {
        h.field(8, Compact::Struct), h.begin(), h.i32(1, p.rows), h.i32(2, nulls), h.i32(3, p.rows);
        h.i32(4, encoding), h.i32(5, static_cast<int64_t>(defs.size())), h.i32(6, 0), h.end();
      });
      data.insert(data.end(), defs.begin(), defs.end());
      data.insert(data.end(), cvalues.begin(), cvalues.end());
    } else {
      std::vector<uint8_t> page;
      if (!required) {
        auto n = static_cast<uint32_t>(defs.size());
        for (int b = 0; b < 4; ++b) page.push_back(static_cast<uint8_t>(n >> (8 * b)));
        page.insert(page.end(), defs.begin(), defs.end());
      }
      page.insert(page.end(), values.begin(), values.end());
      auto cpage = compress(codec, page);
      header(0, page.size(), cpage.size(), [&](Compact& h) {
        h.field(5, Compact::Struct), h.begin(), h.i32(1, p.rows), h.i32(2, encoding), h.i32(3, 3), h.i32(4, 3);
        h.end();
      });
      data.insert(data.end(), cpage.begin(), cpage.end());
    }
    row += p.rows;
  }
  int64_t chunk_size = static_cast<int64_t>(data.size()) - start;
  Compact w;
  w.i32(1, 1);
  w.field(2, Compact::List), w.list(2, Compact::Struct);
  w.begin(), w.field(4, Compact::Binary), w.binary("schema"), w.i32(5, 1), w.end();
  w.begin(), w.i32(1, t), w.i32(3, required ? 0 : 1), w.field(4, Compact::Binary), w.binary("x");
  if (converted != NoConverted) w.i32(6, converted);
  w.end();
  w.i64(3, row);
  w.field(4, Compact::List), w.list(1, Compact::Struct);
  w.begin();
  w.field(1, Compact::List), w.list(1, Compact::Struct);
  w.begin();
  w.i64(2, start);
  w.field(3, Compact::Struct);
  w.begin();
  w.i32(1, t);
  w.field(2, Compact::List), w.list(2, Compact::I32), w.varint(0), w.varint(3);
  w.field(3, Compact::List), w.list(1, Compact::Binary), w.binary("x");
  w.i32(4, codec);
  w.i64(5, row);
  w.i64(6, usize_total);
  w.i64(7, chunk_size);
  w.i64(9, data_offset);
  if (dict_offset >= 0) w.i64(11, dict_offset);
  if (st.legacy || st.value) {
    auto bound = [&](double v) {
      std::vector<uint8_t> b;
      put_value(b, t, 0);  // sized for the type, then overwritten
      if (t == Int64) {
        auto x = static_cast<int64_t>(v);
        std::memcpy(b.data(), &x, 8);
      } else if (t == Int32) {
        auto x = static_cast<int32_t>(v);
        std::memcpy(b.data(), &x, 4);
      } else if (t == Float) {
        auto x = static_cast<float>(v);
        std::memcpy(b.data(), &x, 4);
      } else {
        std::memcpy(b.data(), &v, 8);
      }
      return std::string(b.begin(), b.end());
    };
    w.field(12, Compact::Struct), w.begin();
    if (st.legacy) w.field(1, Compact::Binary), w.binary(bound(st.hi)), w.field(2, Compact::Binary), w.binary(bound(st.lo));
    w.i64(3, st.nulls);
    if (st.value) w.field(5, Compact::Binary), w.binary(bound(st.hi)), w.field(6, Compact::Binary), w.binary(bound(st.lo));
    w.end();
  }
  w.end();
  w.end();
  w.i64(2, usize_total);
  w.i64(3, row);
  w.end();
  if (st.column_orders) {
    w.field(7, Compact::List), w.list(1, Compact::Struct);
    w.begin(), w.field(1, Compact::Struct), w.begin(), w.end(), w.end();
  }
  w.end();
  data.insert(data.end(), w.bytes.begin(), w.bytes.end());
  auto len = static_cast<uint32_t>(w.bytes.size());
  for (int i = 0; i < 4; ++i) data.push_back(static_cast<uint8_t>(len >> (8 * i)));
  data.insert(data.end(), {'P', 'A', 'R', '1'});
  return {data, row};
}

// Reads the column and compares every row with the generator; returns the pages read the direct way.
int64_t check(Phys t, bool required, Codec codec, const std::vector<Page>& pages) {
  Built b = build(t, required, codec, pages);
  auto r = ParquetReader::open_memory("t.parquet", b.bytes);
  REQUIRE(r->num_chunks() == 1);
  int64_t before = ChunkDecoder::direct_pages();
  Column c = r->read_column(0, 0);
  int64_t direct = ChunkDecoder::direct_pages() - before;
  REQUIRE(c.length == b.rows);
  int64_t row = 0, bad = 0;
  for (const Page& p : pages)
    for (int i = 0; i < p.rows; ++i, ++row) {
      if (is_null(p, i)) {
        bad += c.is_valid(row);
        continue;
      }
      double want = value(t, row);
      double have = t == Int32 || t == Int64 ? static_cast<double>(c.data<int64_t>()[row]) : c.data<double>()[row];
      if (!c.is_valid(row) || have != want) {
        if (bad++ < 3) FAIL_CHECK("row " << row << ": want " << want << ", have " << have);
      }
    }
  CHECK(bad == 0);
  return direct;
}

}  // namespace

TEST_CASE("optional INT64, Snappy v1: a dictionary page, then plain pages with and without nulls") {
  // The dictionary-encoded page and the pages with nulls take the page buffer; the two plain pages
  // without nulls after the first go straight into the column (their levels over the previous page's end).
  CHECK(check(Int64, false, Snappy,
              {{DictV1, 100, 0}, {PlainV1, 1000, 0}, {PlainV1, 777, 3}, {PlainV1, 513, 0}, {PlainV1, 9, 5}}) == 2);
}

TEST_CASE("optional INT64, v1: the chunk's first page has no room for its levels") {
  // Snappy writes them apart; other codecs use the page buffer for that page.
  CHECK(check(Int64, false, Snappy, {{PlainV1, 300, 0}, {PlainV1, 300, 0}, {PlainV1, 1, 0}}) == 3);
  CHECK(check(Int64, false, Gzip, {{PlainV1, 300, 0}, {PlainV1, 300, 0}}) == 1);
  CHECK(check(Double, false, Snappy, {{PlainV1, 70000, 0}}) == 1);
  // One null in 300 rows: usize - 300 * 8 = 35 bytes looks like levels, but the levels (bit-packed, 43
  // bytes) are longer: the page is put together again and read through the page buffer.
  CHECK(check(Int64, false, Snappy, {{PlainV1, 300, 1000}, {PlainV1, 300, 0}}) == 1);
}

TEST_CASE("optional FLOAT and INT32, v1: widened in place, so the first page goes direct too") {
  CHECK(check(Float, false, Snappy, {{PlainV1, 4096, 0}, {PlainV1, 100, 2}, {PlainV1, 3000, 0}}) == 2);
  CHECK(check(Int32, false, Zstd, {{PlainV1, 5, 0}, {PlainV1, 2000, 0}, {PlainV1, 1, 0}, {PlainV1, 33, 7}}) == 3);
}

TEST_CASE("required DOUBLE and INT32, v1: every page, no levels") {
  CHECK(check(Double, true, Gzip, {{PlainV1, 1000, 0}, {PlainV1, 1, 0}, {PlainV1, 2500, 0}}) == 3);
  CHECK(check(Int32, true, Snappy, {{PlainV1, 7, 0}, {PlainV1, 4000, 0}}) == 2);
}

TEST_CASE("data page v2: levels apart, so pages with nulls go direct too") {
  CHECK(check(Int64, false, Zstd, {{PlainV2, 1000, 0}, {PlainV2, 800, 2}, {PlainV2, 64, 1000}}) == 3);
  CHECK(check(Float, false, Snappy, {{PlainV2, 999, 4}, {PlainV2, 1, 0}, {PlainV2, 2000, 0}}) == 3);
  CHECK(check(Double, true, Gzip, {{PlainV2, 1500, 0}, {PlainV2, 1500, 0}}) == 2);
}

TEST_CASE("dictionary fallback to plain, v2 and v1 mixed") {
  CHECK(check(Double, false, Snappy, {{DictV1, 200, 3}, {PlainV2, 1000, 0}, {PlainV1, 1000, 0}, {PlainV2, 50, 2}}) == 3);
}

TEST_CASE("statistics: min_value/max_value only with the footer's column_orders") {
  // Rows 0..99 of INT64: r * 1000003 - 5000000000, so -5000000000 .. -4900999703.
  const double lo = -5000000000.0, hi = 99 * 1000003.0 - 5000000000.0;
  auto bounds = [&](StatsSpec st) {
    st.lo = lo, st.hi = hi;
    auto r = ParquetReader::open_memory("t.parquet", build(Int64, true, Snappy, {{PlainV1, 100, 0}}, st).bytes);
    auto s = r->stats(0, 0);
    REQUIRE(s);
    CHECK(s->null_count == 0);
    CHECK(r->read_column(0, 0).length == 100);  // the values agree with the statistics
    return s->has_min_max ? std::make_pair(s->min_num, s->max_num) : std::make_pair(1.0, -1.0);
  };
  CHECK(bounds({false, true, true}) == std::make_pair(lo, hi));
  CHECK(bounds({false, true, false}) == std::make_pair(1.0, -1.0));  // undefined order: no bounds
  CHECK(bounds({true, false, false}) == std::make_pair(lo, hi));     // signed INT64: the legacy order is right
  CHECK(bounds({true, true, false}) == std::make_pair(lo, hi));
}

TEST_CASE("statistics: a chunk's values are checked against them, nulls left out") {
  // 200 rows of INT64 (row r: r * 1000003 - 5000000000, increasing), null when r % 3 == 1 (1, 4, ..., 199): 67 nulls, and
  // the last row (199) is one of them, so the largest valid value is row 198's. Four validity words, the
  // last with 8 rows. A null row holds no value (0 in the column): counted, it would exceed every bound.
  auto read = [&](double lo, double hi, int64_t nulls) -> std::string {
    StatsSpec st{false, true, true, lo, hi, nulls};
    auto r = ParquetReader::open_memory("t.parquet", build(Int64, false, Snappy, {{PlainV1, 200, 3}}, st).bytes);
    try {
      Column c = r->read_column(0, 0);
      return "read " + std::to_string(c.length);
    } catch (const DataError& e) {
      return e.message;
    }
  };
  const double first = value(Int64, 0), last_valid = value(Int64, 198), last = value(Int64, 199);
  CHECK(read(first, last_valid, 67) == "read 200");
  CHECK(read(first - 1, last, 67) == "read 200");  // bounds need only contain the values
  CHECK(read(first, last_valid - 1, 67).find("lie outside the column chunk's statistics") != std::string::npos);
  CHECK(read(first + 1, last_valid, 67).find("lie outside the column chunk's statistics") != std::string::npos);
  CHECK(read(first, last_valid, 66).find("holds 67 nulls, its statistics say 66") != std::string::npos);
  // Bounds around 0: the check folds the null rows' zeros in with the values (0 is within the bounds,
  // so they cannot fail it); a failure reports the valid values' own range, not 0 as the largest.
  CHECK(read(first, 0, 67) == "read 200");
  CHECK(read(first + 1, 0, 67).find("values -5e+09..-4801999406 lie outside") != std::string::npos);
}

TEST_CASE("statistics: the range check finds the extremes wherever they lie, with and without nulls") {
  // Int32 values are a multiplicative hash of the row (extremes at arbitrary rows), the others rise
  // steadily. Page 1 has no nulls (full validity words, folded 64 at a time), page 2 has every third row
  // null. The check must accept the exact bounds of the valid values and refuse bounds one step inside.
  for (Phys t : {Int32, Int64, Float, Double}) {
    for (bool required : {true, false}) {
      CAPTURE(t);
      CAPTURE(required);
      const std::vector<Page> pages = required ? std::vector<Page>{{PlainV1, 1000, 0}, {PlainV1, 999, 0}}
                                               : std::vector<Page>{{PlainV1, 1000, 0}, {PlainV1, 999, 3}};
      double lo = INFINITY, hi = -INFINITY;
      int64_t nulls = 0;
      for (int64_t r = 0; r < 1999; ++r) {
        if (!required && r >= 1000 && (r - 1000) % 3 == 1) {
          ++nulls;
          continue;
        }
        lo = std::min(lo, value(t, r)), hi = std::max(hi, value(t, r));
      }
      const double step = t == Int32 || t == Int64 ? 1 : 0.01;
      auto read = [&](double l, double h) -> std::string {
        StatsSpec st{false, true, true, l, h, nulls};
        auto r = ParquetReader::open_memory("t.parquet", build(t, required, Snappy, pages, st).bytes);
        try {
          return "read " + std::to_string(r->read_column(0, 0).length);
        } catch (const DataError& e) {
          return e.message;
        }
      };
      CHECK(read(lo, hi) == "read 1999");
      CHECK(read(lo + step, hi).find("lie outside the column chunk's statistics") != std::string::npos);
      CHECK(read(lo, hi - step).find("lie outside the column chunk's statistics") != std::string::npos);
    }
  }
}

TEST_CASE("an 8- or 16-bit integer annotation: a value that does not fit is refused, nulls left out") {
  // INT32 values are value(Int32, r): row 0 is 0, row 1 -1640531535, row 2 1013904226, row 3 -626627309
  // (hand-computed: r * 2654435761 mod 2^32, as int32). The check reports the chunk's extreme outside the
  // annotation's range (the low one when both are).
  auto read = [&](Converted annotation, bool required, const Page& page) -> std::string {
    auto r = ParquetReader::open_memory("t.parquet", build(Int32, required, Snappy, {page}, {}, annotation).bytes);
    try {
      Column c = r->read_column(0, 0);
      return "read " + std::to_string(c.length);
    } catch (const DataError& e) {
      return e.message;
    }
  };
  for (Converted a : {Int8, Uint8, Int16, Uint16}) {
    CAPTURE(static_cast<int>(a));
    CHECK(read(a, true, {PlainV1, 1, 0}) == "read 1");  // 0 fits every one
  }
  CHECK(read(Int8, true, {PlainV1, 2, 0}).find("value -1640531535 does not fit its INT_8 annotation") != std::string::npos);
  // An unsigned annotation reads the INT32 as unsigned: -1640531535 is 2654435761.
  CHECK(read(Uint16, true, {PlainV1, 2, 0}).find("value 2654435761 does not fit its UINT_16 annotation") !=
        std::string::npos);
  // Row 1 null (every third row from row 1): the low extreme is gone, row 2 is too large.
  CHECK(read(Int16, false, {PlainV1, 3, 3}).find("value 1013904226 does not fit its INT_16 annotation") !=
        std::string::npos);
  // Rows 1 and 4 of 5 null: rows 0, 2 and 3 are valid; row 3, unsigned 3668339987, is the high extreme.
  CHECK(read(Uint8, false, {PlainV1, 5, 3}).find("value 3668339987 does not fit its UINT_8 annotation") !=
        std::string::npos);
  // Without an annotation the same values are read.
  CHECK(read(NoConverted, true, {PlainV1, 5, 0}) == "read 5");
}
