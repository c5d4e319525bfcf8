// MultiFileTable internals: chunks of several files, folder keys as typed constant columns (read without
// touching the file when only keys are asked for), and their statistics (min = max = the key's value).
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "runtime/readers/multi_file_table.h"
#include "runtime/readers/open_table.h"

using namespace kpic;
namespace fs = std::filesystem;

namespace {

struct Lake {
  fs::path root = fs::temp_directory_path() / ("kpic_lake_" + std::to_string(::getpid()));
  Lake() { fs::create_directories(root); }
  ~Lake() { fs::remove_all(root); }
  void write(const std::string& rel, const std::string& text) {
    fs::create_directories((root / rel).parent_path());
    std::ofstream(root / rel) << text;
  }
};

}  // namespace

TEST_CASE("a folder of Hive partitions is one table with typed key columns") {
  Lake lake;
  lake.write("k=7/a.csv", "v\n1\n2\n");
  lake.write("k=9/b.csv", "v\n5\n");
  lake.write("k=9/.b.csv.crc", "not data");
  auto t = open_table(lake.root.string());
  REQUIRE(t->schema().fields.size() == 2);
  CHECK(t->schema().fields[0].name == "v");
  CHECK(t->schema().fields[1].name == "k");
  CHECK(t->schema().fields[1].type == ValueType::Int);
  CHECK(t->schema().num_rows == 3);
  REQUIRE(t->num_chunks() == 2);

  // Only the key: the rows of the chunk, each holding the folder's value.
  std::vector<Batch> out;
  t->read_chunk(0, {1}, out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].num_rows == 2);
  CHECK(out[0].columns[0].data<int64_t>()[0] == 7);
  CHECK(out[0].columns[0].data<int64_t>()[1] == 7);

  // Key and file column, in the order asked for.
  out.clear();
  t->read_chunk(1, {1, 0}, out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].columns[0].data<int64_t>()[0] == 9);
  CHECK(out[0].columns[1].data<int64_t>()[0] == 5);

  auto s = t->stats(1, 1);
  REQUIRE(s);
  CHECK(s->has_min_max);
  CHECK(s->min_num == 9);
  CHECK(s->max_num == 9);
  CHECK(s->null_count == 0);
}

TEST_CASE("folder keys: dates, strings, the Hive null and declared types") {
  Lake lake;
  lake.write("d=2024-01-31/r=EMEA/a.csv", "v\n1\n");
  lake.write("d=__HIVE_DEFAULT_PARTITION__/r=A%2FB/b.csv", "v\n2\n");
  auto t = open_table(lake.root.string());
  REQUIRE(t->schema().fields.size() == 3);
  CHECK(t->schema().fields[1].type == ValueType::Date);
  CHECK(t->schema().fields[2].type == ValueType::String);
  std::vector<Batch> out;
  t->read_chunk(1, {1, 2}, out);  // files sorted: d=2024-01-31 first
  REQUIRE(out.size() == 1);
  CHECK(!out[0].columns[0].is_valid(0));
  CHECK(out[0].columns[1].dict->at(out[0].columns[1].data<int32_t>()[0]) == "A/B");
  auto s = t->stats(1, 1);
  REQUIRE(s);
  CHECK(s->null_count == 1);

  Schema declared;
  declared.fields.push_back(Field{"d", ValueType::String, true, {}});
  OpenOptions opts;
  opts.declared = &declared;
  auto typed = open_table(lake.root.string(), opts);
  CHECK(typed->schema().fields[1].type == ValueType::String);
}

TEST_CASE("files that do not form one table are KP0708") {
  Lake lake;
  lake.write("a.csv", "v,w\n1,2\n");
  lake.write("b.csv", "v\n1\n");
  int code = 0;
  std::string message;
  try {
    open_table(lake.root.string());
  } catch (const DataError& e) {
    code = e.code;
    message = e.message;
  }
  CHECK(code == 708);
  CHECK(message.find("a.csv") != std::string::npos);
  CHECK(message.find("b.csv") != std::string::npos);
}
