// DuckDB-written fixtures (tests/readers/parquet/fixtures, made by tests/tools/make_parquet_fixtures.mjs):
// every codec, dictionary on/off, several row-group and page sizes, every column type, with nulls. Each file's
// aggregates are compared with the ones DuckDB computed when it wrote them (expected.json beside them).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

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
