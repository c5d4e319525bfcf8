// Deterministic fuzzing of the Parquet reader: seeded mutations (truncation, byte flips, corrupted length
// and offset fields, footer damage) of every corpus file. Each mutant must either read or fail with a
// DataError; a crash, hang or other exception fails the test (and ASan/UBSan builds check memory safety).
// Bounded: a fixed number of mutants per file, stopped early after ~10 s. For a longer local run:
// KPIC_FUZZ_SEED=n KPIC_FUZZ_SECONDS=s parquet_fuzz (same seed, same mutants).
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <vector>

#include "runtime/parquet/parquet_reader.h"

using kpic::DataError;
using kpic::parquet::ParquetOptions;
using kpic::parquet::ParquetReader;

namespace {

std::vector<uint8_t> slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

// Reads everything a consumer could ask for; returns false when a DataError stopped it.
bool read_all(const std::string& name, std::vector<uint8_t> bytes, bool verify) {
  try {
    auto r = ParquetReader::open_memory(name, std::move(bytes), ParquetOptions{verify});
    for (int g = 0; g < r->num_chunks(); ++g) {
      for (int c = 0; c < static_cast<int>(r->schema().fields.size()); ++c) {
        (void)r->stats(g, c);
        try {
          (void)r->read_column(g, c);
        } catch (const DataError& e) {
          if (e.code < 701 || e.code > 707 || e.message.empty()) throw;
        }
      }
    }
    return true;
  } catch (const DataError& e) {
    if (e.code < 701 || e.code > 707 || e.message.find(name) == std::string::npos) throw;
    return false;
  }
}

void mutate(std::vector<uint8_t>& b, std::mt19937_64& rng) {
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % (n ? n : 1)); };
  if (b.size() < 16) {  // already cut short: flip a byte at most
    if (!b.empty()) b[pick(b.size())] ^= 0x55;
    return;
  }
  uint32_t footer_len = 0;
  if (b.size() >= 12) std::memcpy(&footer_len, b.data() + b.size() - 8, 4);
  size_t footer_start = footer_len + 8 < b.size() ? b.size() - 8 - footer_len : 0;
  switch (rng() % 6) {
    case 0:
      b.resize(pick(b.size()));
      break;  // truncation
    case 1:
      for (int i = 0, n = 1 + static_cast<int>(rng() % 8); i < n; ++i)
        b[pick(b.size())] ^= static_cast<uint8_t>(1 + rng() % 255);
      break;
    case 2:
      for (int i = 0, n = 1 + static_cast<int>(rng() % 4); i < n; ++i)  // footer bytes
        b[footer_start + pick(b.size() - footer_start)] = static_cast<uint8_t>(rng());
      break;
    case 3: {  // a varint-looking length field made huge
      size_t at = pick(b.size() - 4);
      const uint8_t huge[] = {0xFF, 0xFF, 0xFF, 0x7F};
      std::memcpy(b.data() + at, huge, 4);
      break;
    }
    case 4: {  // the footer length itself
      uint32_t v = static_cast<uint32_t>(rng());
      if (b.size() >= 8) std::memcpy(b.data() + b.size() - 8, &v, 4);
      break;
    }
    default: {  // a page region byte: headers and level/RLE data
      size_t at = 4 + pick(footer_start > 4 ? footer_start - 4 : 1);
      if (at < b.size()) b[at] = static_cast<uint8_t>(rng());
    }
  }
}

}  // namespace

TEST_CASE("fuzz: corrupted corpus files never crash") {
  std::vector<std::filesystem::path> files;
  for (auto& e : std::filesystem::directory_iterator(std::string(KPIC_SHARED_DIR) + "/parquet-testing"))
    if (e.path().extension() == ".parquet") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  REQUIRE(!files.empty());
  const char* seed_env = std::getenv("KPIC_FUZZ_SEED");
  const char* seconds_env = std::getenv("KPIC_FUZZ_SECONDS");
  const int seconds = seconds_env ? std::atoi(seconds_env) : 10;
  const int rounds = seconds_env ? 1 << 30 : 400;
  auto start = std::chrono::steady_clock::now();
  int mutants = 0, survived = 0;
  std::mt19937_64 rng(seed_env ? std::strtoull(seed_env, nullptr, 10) : 20261123);
  for (int round = 0; round < rounds; ++round) {
    for (const auto& f : files) {
      std::vector<uint8_t> bytes = slurp(f);
      if (bytes.size() > (4u << 20)) continue;
      for (int m = 0, k = 1 + static_cast<int>(rng() % 3); m < k; ++m) mutate(bytes, rng);
      std::string name = f.filename().string();
      INFO(name << " round " << round);
      survived += read_all(name, std::move(bytes), round % 2 == 1);
      ++mutants;
    }
    if (std::chrono::steady_clock::now() - start > std::chrono::seconds(seconds)) break;
  }
  MESSAGE(mutants << " mutants, " << survived << " read without error");
  CHECK(mutants > 0);
}
