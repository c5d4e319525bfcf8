// Conformance against ../shared/parquet-testing: every flat column of every file in expected.json must read
// to DuckDB's values (rows, non-null count, sum/min/max, distinct, true count, temporal min/max), and to the
// *_expect.csv files. Nested columns must fail with code 707 naming the file and the column. Files or
// columns kpic cannot read are listed in kExpectedFailures with the reason; nothing is skipped silently.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "runtime/parquet/parquet_reader.h"
#include "tests/readers/parquet/column_summary.h"

using kpic::DataError;
using kpic::ValueType;
using kpic::parquet::ParquetOptions;
using kpic::parquet::ParquetReader;
using namespace kpic::parquet::test;

namespace {

const std::string kCorpus = std::string(KPIC_SHARED_DIR) + "/parquet-testing/";

// (file, column) pairs kpic cannot read although they are flat, with the reason. Empty today: every flat
// column of the corpus reads.
const std::map<std::pair<std::string, std::string>, std::string> kExpectedFailures = {};

// Minimal CSV reader for the *_expect.csv files (quoted fields, no embedded newlines).
std::vector<std::vector<std::string>> read_csv(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> row;
    std::string cur;
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
      char c = line[i];
      if (quoted) {
        if (c == '"' && i + 1 < line.size() && line[i + 1] == '"')
          cur += '"', ++i;
        else if (c == '"')
          quoted = false;
        else
          cur += c;
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.push_back(cur);
        cur.clear();
      } else {
        cur += c;
      }
    }
    row.push_back(cur);
    rows.push_back(row);
  }
  return rows;
}

}  // namespace

TEST_CASE("parquet-testing: every flat column reads to expected.json") {
  std::ifstream in(kCorpus + "expected.json");
  REQUIRE(in.good());
  nlohmann::json expected = nlohmann::json::parse(in)["files"];
  REQUIRE(expected.size() > 30);
  int columns_checked = 0, nested_checked = 0;
  for (auto& [file, entry] : expected.items()) {
    INFO(file);
    auto reader = ParquetReader::open(kCorpus + file);
    CHECK(reader->schema().num_rows == entry["rows"].get<int64_t>());
    for (auto& [name, want] : entry["columns"].items()) {
      int col = reader->schema().find(name);
      REQUIRE_MESSAGE(col >= 0, "column " << name << " missing from " << file);
      if (want.value("nested", false)) {
        CHECK(!reader->schema().fields[col].unsupported.empty());
        try {
          summarize(*reader, col);
          FAIL("reading nested column " << name << " of " << file << " did not fail");
        } catch (const DataError& e) {
          CHECK(e.code == 707);
          CHECK(e.message.find(file) != std::string::npos);
          CHECK(e.message.find("'" + name + "'") != std::string::npos);
        }
        ++nested_checked;
        continue;
      }
      auto failure = kExpectedFailures.find({file, name});
      if (failure != kExpectedFailures.end()) {
        MESSAGE("expected failure: " << file << " column " << name << ": " << failure->second);
        CHECK_THROWS_AS(summarize(*reader, col), DataError);
        continue;
      }
      try {
        ColumnSummary s = summarize(*reader, col);
        CHECK(s.rows == entry["rows"].get<int64_t>());
        check_column(file + " column " + name, s, want);
        ++columns_checked;
      } catch (const DataError& e) {
        FAIL_CHECK("unexpected DataError " << e.code << ": " << e.message);
      }
    }
  }
  MESSAGE(columns_checked << " flat columns and " << nested_checked << " nested columns checked");
  CHECK(columns_checked > 150);
}

TEST_CASE("parquet-testing: *_expect.csv contents") {
  for (const char* base :
       {"delta_binary_packed", "delta_encoding_optional_column", "delta_encoding_required_column"}) {
    INFO(base);
    auto rows = read_csv(kCorpus + base + "_expect.csv");
    REQUIRE(rows.size() > 1);
    auto reader = ParquetReader::open(kCorpus + base + ".parquet");
    REQUIRE(reader->schema().fields.size() == rows[0].size());
    REQUIRE(static_cast<int64_t>(rows.size() - 1) == reader->schema().num_rows);
    for (size_t c = 0; c < rows[0].size(); ++c) {
      // The CSV rows are not in file order: compare each column's values as sorted lists of text.
      std::vector<std::string> want;
      for (size_t r = 1; r < rows.size(); ++r) want.push_back(rows[r][c]);
      std::vector<std::string> got = summarize(*reader, static_cast<int>(c)).texts;
      std::sort(want.begin(), want.end());
      std::sort(got.begin(), got.end());
      CHECK_MESSAGE(got == want, "column " << rows[0][c]);
    }
  }
}

TEST_CASE("checksums: verified on request, a mismatch is error 705") {
  ParquetOptions verify{true};
  for (const char* ok :
       {"datapage_v1-uncompressed-checksum.parquet", "datapage_v1-snappy-compressed-checksum.parquet",
        "plain-dict-uncompressed-checksum.parquet", "rle-dict-snappy-checksum.parquet"}) {
    INFO(ok);
    auto reader = ParquetReader::open(kCorpus + ok, verify);
    for (int c = 0; c < static_cast<int>(reader->schema().fields.size()); ++c)
      CHECK_NOTHROW(summarize(*reader, c));
  }
  auto bad = ParquetReader::open(kCorpus + "datapage_v1-corrupt-checksum.parquet", verify);
  try {
    summarize(*bad, 0);
    FAIL("corrupt checksum not detected");
  } catch (const DataError& e) {
    CHECK(e.code == 705);
    CHECK(e.message.find("datapage_v1-corrupt-checksum.parquet: column 'a', row group 0") !=
          std::string::npos);
  }
  // Without verification the file reads (the values in expected.json, checked above).
  auto lenient = ParquetReader::open(kCorpus + "datapage_v1-corrupt-checksum.parquet");
  CHECK_NOTHROW(summarize(*lenient, 0));
}

TEST_CASE("statistics: row-group min/max/null count decoded") {
  auto reader = ParquetReader::open(kCorpus + "alltypes_tiny_pages.parquet");
  int id = reader->schema().find("id");
  auto s = reader->stats(0, id);
  REQUIRE(s.has_value());
  CHECK(s->has_min_max);
  CHECK(s->min_num == 0);
  CHECK(s->max_num == 7299);
  CHECK(s->null_count == 0);
  auto str = reader->stats(0, reader->schema().find("string_col"));
  REQUIRE(str.has_value());
  if (str->has_min_max) {
    CHECK(str->min_str == "0");
    CHECK(str->max_str == "9");
  }
}
