// The CSV reader end to end: header, inference, nulls, BOM, gzip, declared schemas, chunked parsing,
// dictionaries, and every malformed-row error with its line.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "runtime/csv/csv_reader.h"
#include "runtime/readers/open_table.h"
#include "tests/readers/csv/csv_test_files.h"

using namespace kpic;
using namespace kpic::csv;
using kpic::test::TempFile;
using kpic::test::rows_of;

namespace {

using Rows = std::vector<std::string>;

std::string types_of(const Schema& s) {
  std::string out;
  for (const auto& f : s.fields) out += (out.empty() ? "" : " ") + f.name + ":" + std::string(type_name(f.type));
  return out;
}

// The DataError message of reading every row of `text` (with `opts`), or "no error".
std::string error_of(const std::string& text, CsvOptions opts = {}, int* code = nullptr) {
  TempFile f(text);
  try {
    CsvReader r(f.path(), opts);
    rows_of(r);
  } catch (const DataError& e) {
    CHECK(e.path == f.path());
    if (code) *code = e.code;
    return e.message;
  }
  return "no error";
}

// Options declaring `fields` (kept alive by `schema`).
CsvOptions declaring(Schema& schema, std::vector<Field> fields) {
  schema.fields = std::move(fields);
  CsvOptions opts;
  opts.declared = &schema;
  return opts;
}

}  // namespace

TEST_CASE("header, inferred types and values") {
  TempFile f(
      "id,name,amount,day,at,ok\n"
      "1,\"Smith, J\",3.5,2024-01-02,2024-01-01T10:00:00Z,true\n"
      "2,\"say \"\"hi\"\"\",NA,2024-02-03,2024-01-01 00:00:01.5+01:00,false\n"
      "3,\"multi\nline\",7,,,TRUE\r\n");
  CsvReader r(f.path());
  CHECK(types_of(r.schema()) == "id:int name:string amount:float day:date at:timestamp ok:bool");
  CHECK(r.schema().num_rows == 3);
  CHECK(r.layout().delimiter == ',');
  CHECK(r.layout().whole_file_sampled);
  CHECK_FALSE(r.schema().fields[0].nullable);
  CHECK(r.schema().fields[2].nullable);
  const int64_t jan1 = 1704067200LL * 1000000;
  CHECK(rows_of(r) == Rows{"1|'Smith, J'|3.5|d19724|t" + std::to_string(jan1 + 36000LL * 1000000) + "|true",
                           "2|'say \"hi\"'|null|d19756|t" + std::to_string(jan1 + 1500000 - 3600LL * 1000000) + "|false",
                           "3|'multi\nline'|7|null|null|true"});
}

TEST_CASE("null tokens; NA and a quoted value of a string column are text") {
  TempFile f("s,n\nNA,NA\n\"NA\",\"\"\nnull,NULL\n\"\",1\n,2\n");
  CsvReader r(f.path());
  CHECK(types_of(r.schema()) == "s:string n:int");
  CHECK(rows_of(r) == Rows{"'NA'|null", "'NA'|null", "null|null", "''|1", "null|2"});
}

TEST_CASE("each delimiter") {
  for (std::string d : {",", ";", "\t", "|"}) {
    CAPTURE(d);
    TempFile f("a" + d + "b\n1" + d + "x y\n2" + d + "\"q" + d + "\"\n", d == "\t" ? ".tsv" : ".csv");
    CsvReader r(f.path());
    CHECK(r.layout().delimiter == d[0]);
    CHECK(rows_of(r) == Rows{"1|'x y'", "2|'q" + d + "'"});
  }
}

TEST_CASE("UTF-8 BOM and CRLF") {
  TempFile f("\xEF\xBB\xBFid,v\r\n1,a\r\n2,b\r\n");
  CsvReader r(f.path());
  CHECK(r.layout().bom);
  CHECK(r.layout().crlf);
  CHECK(r.schema().fields[0].name == "id");
  CHECK(rows_of(r) == Rows{"1|'a'", "2|'b'"});
}

TEST_CASE("gzip, including concatenated members") {
  std::string a = "id,v\n1,x\n", b = "2,y\n3,x\n";
  TempFile f(test::gzip(a) + test::gzip(b), ".csv.gz");
  auto r = open_table(f.path());
  CHECK(r->schema().num_rows == 3);
  CHECK(rows_of(*r) == Rows{"1|'x'", "2|'y'", "3|'x'"});
  CHECK(dynamic_cast<CsvReader&>(*r).layout().gzip);

  std::string z = test::gzip(a + b);
  TempFile truncated(z.substr(0, z.size() - 12), ".csv.gz");
  try {
    open_table(truncated.path());
    FAIL("no error");
  } catch (const DataError& e) {
    CHECK(e.code == 704);
    CHECK(e.message.find("corrupt gzip stream") == 0);
  }
}

TEST_CASE("header names: empty and duplicate names are made unique") {
  TempFile f("a,,a,a\n1,2,3,4\n");
  CsvReader r(f.path());
  CHECK(types_of(r.schema()) == "a:int column2:int a_2:int a_3:int");
}

TEST_CASE("a header without rows") {
  TempFile f("a,b\n");
  CsvReader r(f.path());
  CHECK(r.schema().num_rows == 0);
  CHECK(types_of(r.schema()) == "a:string b:string");
  CHECK(rows_of(r).empty());
}

TEST_CASE("declared types win over inferred ones") {
  TempFile f("zip,amount\n01234,5\n99999,6\n");
  Schema declared;
  CsvReader r(f.path(), declaring(declared, {Field{"zip", ValueType::String, true, {}},
                                             Field{"amount", ValueType::Float, true, {}}}));
  CHECK(types_of(r.schema()) == "zip:string amount:float");
  CHECK(rows_of(r) == Rows{"'01234'|5", "'99999'|6"});
}

TEST_CASE("a value that does not parse as its declared type names file, line and column") {
  Schema declared;
  CsvOptions opts = declaring(declared, {Field{"n", ValueType::Int, true, {}}});
  int code = 0;
  CHECK(error_of("s,n\na,1\nb,2\n\nc,3.5\n", opts, &code) ==
        "line 5, column `n`: `3.5` is not a valid int (the declared type)");
  CHECK(code == 704);
}

TEST_CASE("a declared column the file lacks") {
  Schema declared;
  CsvOptions opts = declaring(declared, {Field{"missing", ValueType::Int, true, {}}});
  int code = 0;
  CHECK(error_of("a,b\n1,2\n", opts, &code) == "the declared column `missing` is not in the file (its columns: a, b)");
  CHECK(code == 706);
}

TEST_CASE("malformed rows are errors with their line, never shifted columns") {
  CHECK(error_of("a,b\n1,2\n3,4,5\n") == "line 3: expected 2 fields (as in the header), found 3");
  CHECK(error_of("a,b\n1,2\n\n3\n") == "line 4: expected 2 fields (as in the header), found 1");
  CHECK(error_of("a,b\n1,\"2\n3,4\n") == "line 2: unterminated quoted field (the closing quote is missing)");
  CHECK(error_of("a,b\n1,\"2\"3\n") == "line 2: unexpected text after a closing quote");
  CHECK(error_of("") == "the file is empty (a CSV file starts with a header row)");
  CHECK(error_of("\r\n\n") == "the file is empty (a CSV file starts with a header row)");
}

TEST_CASE("a later value outside the sampled type is an error that says how to fix it") {
  std::string text = "n\n";
  for (int i = 0; i < 50; ++i) text += std::to_string(i) + "\n";
  text += "oops\n";
  CsvOptions opts;
  opts.sample_rows = 10;
  opts.sample_chunks = 0;
  CHECK(error_of(text, opts) ==
        "line 52, column `n`: `oops` is not a valid int (the type was inferred from 10 sampled rows; declare the "
        "column's type in a `source` block)");
}

TEST_CASE("small chunks give the same rows as one chunk, each with its own dictionary") {
  std::string text = "k,v,s\n";
  for (int i = 0; i < 1000; ++i)
    text += std::to_string(i) + "," + (i % 5 ? std::to_string(i * 0.5) : "") + ",\"s" + std::to_string(i % 7) +
            (i % 11 ? "" : "\n") + "\"\n";
  TempFile f(text);
  CsvReader whole(f.path());
  CsvOptions small;
  small.chunk_bytes = 512;
  CsvReader chunked(f.path(), small);
  CHECK(whole.num_chunks() == 1);
  CHECK(chunked.num_chunks() > 10);
  CHECK(chunked.schema().num_rows == 1000);
  CHECK(types_of(chunked.schema()) == "k:int v:float s:string");
  CHECK(rows_of(whole) == rows_of(chunked));
  // Dictionaries hold distinct values only.
  std::vector<Batch> batches;
  whole.read_chunk(0, {2}, batches);
  REQUIRE(batches.size() == 1);
  CHECK(batches[0].columns[0].dict->size() == 14);  // s0..s6, with and without a trailing newline
  CHECK(batches[0].columns[0].data<int32_t>()[0] == batches[0].columns[0].data<int32_t>()[77]);
}

TEST_CASE("projection reads only the asked columns, in the asked order") {
  TempFile f("a,b,c\n1,x,2.5\n2,y,3.5\n");
  CsvReader r(f.path());
  std::vector<Batch> batches;
  r.read_chunk(0, {2, 0}, batches);
  REQUIRE(batches.size() == 1);
  REQUIRE(batches[0].columns.size() == 2);
  CHECK(batches[0].columns[0].type == ValueType::Float);
  CHECK(batches[0].columns[0].data<double>()[1] == 3.5);
  CHECK(batches[0].columns[1].data<int64_t>()[1] == 2);
}

TEST_CASE("open_table: formats and missing files") {
  auto code_of = [](const std::string& path) {
    try {
      open_table(path);
    } catch (const DataError& e) {
      return e.code;
    }
    return 0;
  };
  CHECK(code_of("/nonexistent/x.csv") == 701);
  // A folder is a table of its data files (multi_file_table.h); one without any is 701.
  std::string empty = std::filesystem::temp_directory_path() / ("kpic_empty_" + std::to_string(::getpid()));
  std::filesystem::create_directory(empty);
  CHECK(code_of(empty) == 701);
  std::filesystem::remove(empty);
  TempFile unknown("a,b\n1,2\n", ".xlsx");
  CHECK(code_of(unknown.path()) == 701);
  TempFile txt("a|b\n1|2\n", ".txt");
  CHECK(code_of(txt.path()) == 0);
  CHECK(detect_format(txt.path()) == TableFormat::Csv);
  TempFile par("PAR1 not really", ".bin");
  CHECK(detect_format(par.path()) == TableFormat::Parquet);
}
