// Single-byte changes of a Parquet footer (issue #12): every mutant of the footer of a small file must read
// exactly as the original (column names and types, rows, every value; statistics that hold for the
// values) or be refused with a DataError; never a silently different table.
//
// One kind of change cannot be told from a sound file: a column's annotation (its converted type, or its
// field id standing in for it) replaced by another valid one that its values also fit, e.g. DATE by INT_32
// or TIME_MILLIS. Parquet footers carry no checksum, so nothing in the file contradicts the new meaning.
// Those mutants are counted apart, checked to differ from the original in nothing but annotations, and
// must stay rare; any other difference fails the test.
//
// The run is exhaustive (every byte of the footer, its length and the magic, set to each of the 255 other
// values: 127,245 mutants of marketing.parquet, about 10 s); KPIC_FOOTER_FILE names another file to mutate
// and KPIC_FOOTER_VERBOSE=1 lists the mutants that are not refused or read as before.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <vector>

#include "runtime/parquet/parquet_reader.h"

using kpic::Column;
using kpic::DataError;
using kpic::ValueType;
using kpic::parquet::ParquetReader;

namespace {

std::vector<uint8_t> slurp(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

void print_column(std::ostringstream& out, const Column& c) {
  out << " type " << static_cast<int>(c.type) << " len " << c.length << ":";
  int width = kpic::type_width(c.type);
  for (int64_t i = 0; i < c.length; ++i) {
    if (!c.is_valid(i)) {
      out << " null";
      continue;
    }
    if (c.type == ValueType::String) {
      out << " '" << c.dict->at(c.data<int32_t>()[i]) << "'";
      continue;
    }
    out << ' ';
    for (int b = 0; b < width; ++b) out << static_cast<int>(c.values[static_cast<size_t>(i * width + b)]) << '.';
  }
  out << '\n';
}

// Everything a run can see of the file: schema, rows per chunk, every value. Statistics are not part of it
// (they are only used to skip chunks), but must hold for the values: checked by the reader on each read.
std::string fingerprint(const ParquetReader& r) {
  std::ostringstream out;
  const auto& fields = r.schema().fields;
  out << "rows " << r.schema().num_rows << " chunks " << r.num_chunks() << '\n';
  // Not the nullability: a column without nulls declared required instead of optional reads the same.
  for (const auto& f : fields) out << f.name << ' ' << static_cast<int>(f.type) << ' ' << f.unsupported << '\n';
  for (int g = 0; g < r.num_chunks(); ++g) {
    out << "chunk " << g << " rows " << r.chunk_rows(g) << '\n';
    for (int c = 0; c < static_cast<int>(fields.size()); ++c) print_column(out, r.read_column(g, c));
  }
  return out.str();
}

// Statistics of the mutant must not exclude values of the original (a chunk would be skipped wrongly).
bool stats_hold(const ParquetReader& original, const ParquetReader& mutant) {
  for (int g = 0; g < mutant.num_chunks(); ++g)
    for (int c = 0; c < static_cast<int>(mutant.schema().fields.size()); ++c) {
      auto m = mutant.stats(g, c);
      if (!m) continue;
      auto o = original.stats(g, c);
      if (m->null_count >= 0 && (!o || o->null_count != m->null_count)) return false;
      if (!m->has_min_max) continue;
      if (!o || !o->has_min_max) return false;
      if (m->min_num > o->min_num || m->max_num < o->max_num || m->min_str > o->min_str || m->max_str < o->max_str)
        return false;
    }
  return true;
}

// Whether two footers differ in nothing but their columns' annotations.
bool only_annotations_differ(const kpic::parquet::FileMetaData& a, const kpic::parquet::FileMetaData& b) {
  if (a.schema.size() != b.schema.size() || a.num_rows != b.num_rows || a.row_groups.size() != b.row_groups.size())
    return false;
  for (size_t i = 0; i < a.schema.size(); ++i) {
    const auto &x = a.schema[i], &y = b.schema[i];
    if (x.type != y.type || x.type_length != y.type_length || x.repetition != y.repetition || x.name != y.name ||
        x.num_children != y.num_children)
      return false;
  }
  for (size_t g = 0; g < a.row_groups.size(); ++g) {
    const auto &x = a.row_groups[g], &y = b.row_groups[g];
    if (x.num_rows != y.num_rows || x.columns.size() != y.columns.size()) return false;
    for (size_t c = 0; c < x.columns.size(); ++c) {
      const auto &m = *x.columns[c].meta_data, &n = *y.columns[c].meta_data;
      if (m.type != n.type || m.path_in_schema != n.path_in_schema || m.codec != n.codec ||
          m.num_values != n.num_values || m.data_page_offset != n.data_page_offset ||
          m.dictionary_page_offset != n.dictionary_page_offset || m.total_compressed_size != n.total_compressed_size)
        return false;
    }
  }
  return true;
}

struct FlipResult {
  long mutants = 0, refused = 0, same = 0, annotation_swaps = 0, different = 0;
};

FlipResult flip_footer(const std::string& path, bool verbose) {
  std::vector<uint8_t> bytes = slurp(path);
  REQUIRE(bytes.size() > 12);
  uint32_t footer_len;
  std::memcpy(&footer_len, bytes.data() + bytes.size() - 8, 4);
  size_t footer = bytes.size() - 8 - footer_len;
  auto original = ParquetReader::open_memory("original.parquet", bytes);
  std::string want = fingerprint(*original);
  FlipResult res;
  for (size_t at = footer; at < bytes.size(); ++at)
    for (int v = 0; v < 256; ++v) {
      if (v == bytes[at]) continue;
      std::vector<uint8_t> mutant = bytes;
      mutant[at] = static_cast<uint8_t>(v);
      ++res.mutants;
      try {
        auto r = ParquetReader::open_memory("mutant.parquet", std::move(mutant));
        std::string got = fingerprint(*r);
        if (got == want && stats_hold(*original, *r)) {
          ++res.same;
        } else if (only_annotations_differ(original->metadata(), r->metadata())) {
          ++res.annotation_swaps;
          if (verbose) std::cerr << "annotation: byte " << at - footer << " of the footer = " << v << '\n';
        } else {
          ++res.different;
          if (verbose) std::cerr << "different: byte " << at - footer << " of the footer = " << v << '\n';
        }
      } catch (const DataError& e) {
        CHECK_MESSAGE((e.code == 702 || e.code == 703 || e.code == 707), e.message);
        ++res.refused;
      }
    }
  return res;
}

}  // namespace

TEST_CASE("footer flips: every single-byte change reads as before or is refused") {
  const char* file_env = std::getenv("KPIC_FOOTER_FILE");
  std::string path = file_env ? file_env : std::string(KPIC_SHARED_DIR) + "/datasets/small/marketing.parquet";
  const char* verbose = std::getenv("KPIC_FOOTER_VERBOSE");
  FlipResult r = flip_footer(path, verbose && std::strcmp(verbose, "1") == 0);
  MESSAGE(path << ": " << r.mutants << " mutants: " << r.refused << " refused, " << r.same << " read as before, "
               << r.annotation_swaps << " with another valid annotation, " << r.different << " read differently");
  CHECK(r.different == 0);
  CHECK(r.refused > 0);
  CHECK(r.annotation_swaps * 10000 <= r.mutants);  // marketing.parquet: 6 of 127,245
}

// A reader opened on a file reads each column chunk's declared bytes into a buffer; a footer that
// understates a chunk's size leaves pages outside it, and that chunk is decoded again from the whole file
// (parquet_reader.cc, decode_chunk). Such footers come from single-byte changes of total_compressed_size.
TEST_CASE("a chunk whose footer understates its size reads as before from a file") {
  std::string path = std::string(KPIC_SHARED_DIR) + "/datasets/small/marketing.parquet";
  std::vector<uint8_t> bytes = slurp(path);
  uint32_t footer_len;
  std::memcpy(&footer_len, bytes.data() + bytes.size() - 8, 4);
  size_t footer = bytes.size() - 8 - footer_len;
  auto original = ParquetReader::open(path);
  std::string want = fingerprint(*original);
  const auto& rgs = original->metadata().row_groups;
  std::string tmp = std::string("/tmp/kpic_short_chunk_") + std::to_string(::getpid()) + ".parquet";
  int understated = 0;
  for (size_t at = footer; at < bytes.size() - 8; ++at)
    for (int delta : {-1, -16, -64}) {
      std::vector<uint8_t> mutant = bytes;
      mutant[at] = static_cast<uint8_t>(mutant[at] + delta);
      std::unique_ptr<ParquetReader> m;
      try {
        m = ParquetReader::open_memory("mutant.parquet", mutant);
      } catch (const DataError&) {
        continue;
      }
      bool shorter = false, other = false;
      const auto& mg = m->metadata().row_groups;
      if (mg.size() != rgs.size()) continue;
      for (size_t g = 0; g < rgs.size(); ++g)
        for (size_t c = 0; c < rgs[g].columns.size() && c < mg[g].columns.size(); ++c) {
          const auto &o = *rgs[g].columns[c].meta_data, &n = *mg[g].columns[c].meta_data;
          shorter |= n.total_compressed_size < o.total_compressed_size;
          other |= n.data_page_offset != o.data_page_offset || n.dictionary_page_offset != o.dictionary_page_offset;
        }
      if (!shorter || other) continue;
      std::ofstream(tmp, std::ios::binary | std::ios::trunc)
          .write(reinterpret_cast<const char*>(mutant.data()), static_cast<std::streamsize>(mutant.size()));
      auto from_file = ParquetReader::open(tmp);
      CHECK_MESSAGE(fingerprint(*from_file) == want, "byte " << at - footer << " of the footer " << delta);
      ++understated;
    }
  std::remove(tmp.c_str());
  CHECK(understated > 0);
  MESSAGE(understated << " footers understating a chunk's size");
}

// Readers keep their file open to read chunks with pread, at most 256 at once: beyond, a reader closes
// its descriptor and reads through its mapping, so a folder of thousands of files cannot run out of them.
TEST_CASE("readers hold at most 256 descriptors, and every reader reads the same table") {
  std::string path = std::string(KPIC_SHARED_DIR) + "/datasets/small/marketing.parquet";
  const auto open_fds = [] {
    int n = 0;
    for (const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) n += e.exists() ? 1 : 0;
    return n;
  };
  const int before = open_fds();
  std::string want = fingerprint(*ParquetReader::open(path));
  {
    std::vector<std::unique_ptr<ParquetReader>> readers;
    for (int i = 0; i < 300; ++i) readers.push_back(ParquetReader::open(path));
    CHECK(open_fds() - before == 256);
    CHECK(fingerprint(*readers.front()) == want);  // read with pread
    CHECK(fingerprint(*readers.back()) == want);   // through the mapping alone
  }
  CHECK(open_fds() == before);  // every descriptor closed with its reader
  CHECK(fingerprint(*ParquetReader::open(path)) == want);
}
