// DuckDB-written fixtures (tests/readers/parquet/fixtures, made by tests/tools/make_parquet_fixtures.mjs):
// every codec, dictionary on/off, several row-group and page sizes, every column type, with nulls. Each
// file's aggregates are compared with the ones DuckDB computed when it wrote them (expected.json beside
// them).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "tests/readers/parquet/column_summary.h"

TEST_CASE("DuckDB fixtures read to DuckDB's aggregates") {
  std::string dir = std::string(KPIC_SOURCE_DIR) + "/tests/readers/parquet/fixtures/";
  std::ifstream in(dir + "expected.json");
  REQUIRE(in.good());
  nlohmann::json expected = nlohmann::json::parse(in)["files"];
  REQUIRE(expected.size() >= 10);
  for (auto& [file, entry] : expected.items()) {
    INFO(file);
    auto reader = kpic::parquet::ParquetReader::open(dir + file);
    CHECK(reader->schema().num_rows == entry["rows"].get<int64_t>());
    if (entry.contains("row_groups")) CHECK(reader->num_chunks() == entry["row_groups"].get<int>());
    for (auto& [name, want] : entry["columns"].items()) {
      int col = reader->schema().find(name);
      REQUIRE_MESSAGE(col >= 0, name);
      CHECK(kpic::type_name(reader->schema().fields[col].type) == want["kpic_type"].get<std::string>());
      auto s = kpic::parquet::test::summarize(*reader, col);
      kpic::parquet::test::check_column(file + " column " + name, s, want);
    }
  }
}

TEST_CASE("read_chunk from several threads gives what one thread reads") {
  std::string path =
      std::string(KPIC_SOURCE_DIR) + "/tests/readers/parquet/fixtures/rowgroups_v2_gzip.parquet";
  auto reader = kpic::parquet::ParquetReader::open(path);
  REQUIRE(reader->num_chunks() > 1);
  std::vector<int> cols;
  for (int c = 0; c < static_cast<int>(reader->schema().fields.size()); ++c) cols.push_back(c);
  std::vector<std::vector<kpic::Batch>> serial(reader->num_chunks()), parallel(reader->num_chunks());
  for (int g = 0; g < reader->num_chunks(); ++g) reader->read_chunk(g, cols, serial[g]);
  std::vector<std::thread> threads;
  for (int g = 0; g < reader->num_chunks(); ++g)
    threads.emplace_back([&, g] { reader->read_chunk(g, cols, parallel[g]); });
  for (auto& t : threads) t.join();
  for (int g = 0; g < reader->num_chunks(); ++g) {
    REQUIRE(parallel[g].size() == serial[g].size());
    for (size_t b = 0; b < serial[g].size(); ++b) {
      for (size_t c = 0; c < cols.size(); ++c) {
        const kpic::Column& x = serial[g][b].columns[c];
        const kpic::Column& y = parallel[g][b].columns[c];
        CHECK(x.values == y.values);
        CHECK(x.validity == y.validity);
      }
    }
  }
}
