// Seeded, deterministic mutation fuzzing of the CSV reader: the hand-written fixtures (plain and
// gzipped) are mutated (bytes flipped, quotes, delimiters and line breaks inserted, ranges deleted or
// repeated, truncation) and read completely with small chunks. Every input must either read or fail with
// a DataError; and the rows read must add up to the row count found at open (the chunk scanner and the
// tokenizer agree). Runs a fixed sequence of cases, stopping early after a time budget (~10 s).
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "runtime/csv/csv_reader.h"
#include "runtime/readers/open_table.h"
#include "tests/readers/csv/csv_test_files.h"

using namespace kpic;

namespace {

struct Rng {
  uint64_t s;
  uint64_t next() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
  }
  size_t below(size_t n) { return n ? next() % n : 0; }
};

std::string mutate(std::string in, Rng& rng) {
  static const char kSpecial[] = {'"', ',', ';', '\t', '|', '\n', '\r', '\0', 'N', 'A', '-', ':', '.', 'T', 'Z'};
  int steps = 1 + static_cast<int>(rng.below(4));
  for (int i = 0; i < steps; ++i) {
    size_t pos = rng.below(in.size() + 1);
    switch (rng.below(6)) {
      case 0:
        if (!in.empty()) in[rng.below(in.size())] = static_cast<char>(rng.next());
        break;
      case 1: in.insert(pos, 1, kSpecial[rng.below(sizeof kSpecial)]); break;
      case 2: in.erase(pos, rng.below(16)); break;
      case 3: {
        size_t len = rng.below(64);
        if (pos + len <= in.size()) in.insert(pos, in.substr(pos, len));
        break;
      }
      case 4: in.resize(pos); break;
      case 5:
        if (!in.empty()) in[rng.below(in.size())] = kSpecial[rng.below(sizeof kSpecial)];
        break;
    }
  }
  return in;
}

std::vector<std::string> seeds() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(KPIC_SOURCE_DIR "/tests/readers/csv/golden/data")) {
    std::ifstream f(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    out.push_back(ss.str());
  }
  std::sort(out.begin(), out.end());  // directory order is not deterministic
  return out;
}

// Reads `path` completely: it must read, or fail with a DataError.
void read_all(const std::string& path, int64_t chunk_bytes) {
  csv::CsvOptions opts;
  opts.chunk_bytes = chunk_bytes;
  opts.sample_rows = 8;
  opts.sample_chunks = 2;
  try {
    csv::CsvReader r(path, opts);
    std::vector<int> cols;
    for (size_t i = 0; i < r.schema().fields.size(); ++i) cols.push_back(static_cast<int>(i));
    int64_t rows = 0;
    for (int c = 0; c < r.num_chunks(); ++c) {
      std::vector<Batch> batches;
      r.read_chunk(c, cols, batches);
      for (const auto& b : batches) {
        rows += b.num_rows;
        for (const auto& col : b.columns) REQUIRE(col.length == b.num_rows);
      }
    }
    REQUIRE(rows == r.schema().num_rows);
  } catch (const DataError& e) {
    REQUIRE((e.code >= 701 && e.code <= 707));
    REQUIRE(!e.message.empty());
  }
}

}  // namespace

TEST_CASE("mutated CSV never crashes, hangs or miscounts") {
  auto corpus = seeds();
  REQUIRE(corpus.size() > 10);
  Rng rng{0x9E3779B97F4A7C15ull};
  auto start = std::chrono::steady_clock::now();
  int cases = 0;
  for (; cases < 30000; ++cases) {
    if (std::chrono::steady_clock::now() - start > std::chrono::seconds(10)) break;
    std::string input = mutate(corpus[rng.below(corpus.size())], rng);
    bool gz = rng.below(8) == 0;
    if (gz) {
      input = test::gzip(input);
      if (rng.below(2)) input = mutate(input, rng);
    }
    test::TempFile f(input, gz ? ".csv.gz" : ".csv");
    CAPTURE(cases);
    read_all(f.path(), 1 + static_cast<int64_t>(rng.below(64)));
  }
  MESSAGE(cases << " mutated inputs read");
}
