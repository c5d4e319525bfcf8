// The RFC 4180 tokenizer, the chunk scanner that must agree with it, and delimiter detection.
#include <doctest/doctest.h>

#include "runtime/column/table_reader.h"
#include "runtime/csv/csv_reader.h"
#include "runtime/csv/csv_scanner.h"
#include "runtime/csv/csv_tokenizer.h"
#include "runtime/csv/delimiter_detection.h"

using namespace kpic;
using namespace kpic::csv;

namespace {

const std::string kPath = "t.csv";

// All records of `text` as vectors of unescaped values, with quoted values marked by <>.
std::vector<std::vector<std::string>> tokenize(const std::string& text, char delim = ',') {
  RecordTokenizer tok(text, 0, static_cast<int64_t>(text.size()), delim, 1, kPath);
  std::vector<std::vector<std::string>> out;
  std::vector<CsvField> fields;
  std::string scratch;
  while (tok.next(fields)) {
    out.emplace_back();
    for (const auto& f : fields) {
      std::string v(f.value(scratch));
      out.back().push_back(f.quoted ? "<" + v + ">" : v);
    }
  }
  return out;
}

std::string error_of(const std::string& text) {
  try {
    tokenize(text);
  } catch (const DataError& e) {
    CHECK(e.code == 704);
    CHECK(e.path == kPath);
    return e.message;
  }
  return "no error";
}

using Rows = std::vector<std::vector<std::string>>;

}  // namespace

TEST_CASE("plain records, LF and CRLF") {
  CHECK(tokenize("a,b\n1,2\n") == Rows{{"a", "b"}, {"1", "2"}});
  CHECK(tokenize("a,b\r\n1,2\r\n") == Rows{{"a", "b"}, {"1", "2"}});
  CHECK(tokenize("a,b\r\n1,2") == Rows{{"a", "b"}, {"1", "2"}});
  CHECK(tokenize("a,b\n1,\n") == Rows{{"a", "b"}, {"1", ""}});
  CHECK(tokenize("a,b\n,\n") == Rows{{"a", "b"}, {"", ""}});
  CHECK(tokenize("a,b\n1,2,") == Rows{{"a", "b"}, {"1", "2", ""}});
}

TEST_CASE("blank lines are skipped") {
  CHECK(tokenize("\na\n\n1\r\n\r\n2\n\n") == Rows{{"a"}, {"1"}, {"2"}});
}

TEST_CASE("quoted fields, escaped quotes and embedded newlines") {
  CHECK(tokenize("\"a,b\",c\n") == Rows{{"<a,b>", "c"}});
  CHECK(tokenize("\"say \"\"hi\"\"\",x\n") == Rows{{"<say \"hi\">", "x"}});
  CHECK(tokenize("\"line1\nline2\",x\r\n\"\"\n") == Rows{{"<line1\nline2>", "x"}, {"<>"}});
  CHECK(tokenize("\"crlf\r\ninside\"\r\n") == Rows{{"<crlf\r\ninside>"}});
  CHECK(tokenize("x,\"\"\"\"\n") == Rows{{"x", "<\">"}});
  // A quote inside an unquoted field is an ordinary character.
  CHECK(tokenize("12\" pipe,a\"b\n") == Rows{{"12\" pipe", "a\"b"}});
}

TEST_CASE("line numbers count embedded newlines") {
  std::string text = "h\n\"a\nb\nc\"\n\n\"unterminated\n";
  CHECK(error_of(text) == "line 6: unterminated quoted field 1 (the closing quote is missing)");
  CHECK(error_of("a,b\n1,\"2\"x\n") == "line 2: unexpected text after the closing quote of field 2");
  CHECK(error_of("a,b\n1,\"2\n") == "line 2: unterminated quoted field 2 (the closing quote is missing)");
}

TEST_CASE("the scanner splits at record boundaries and counts rows like the tokenizer") {
  std::string text;
  for (int i = 0; i < 300; ++i) {
    text += std::to_string(i) + ",\"q" + std::to_string(i) + "\nx,\"\"y\"\"\",z\"w";
    text += (i % 3 == 0) ? "\r\n" : "\n";
    if (i % 7 == 0) text += "\n";
  }
  for (int64_t chunk_bytes : {1, 16, 100, 1000, 1 << 20}) {
    CAPTURE(chunk_bytes);
    auto chunks = scan_chunks(text, 0, ',', 1, chunk_bytes, kPath);
    int64_t total = 0, expect_begin = 0;
    for (const auto& c : chunks) {
      CHECK(c.begin == expect_begin);
      expect_begin = c.end;
      RecordTokenizer tok(text, c.begin, c.end, ',', c.first_line, kPath);
      std::vector<CsvField> fields;
      int64_t rows = 0;
      while (tok.next(fields)) {
        CHECK(fields.size() == 3);
        // Record i starts on line 1 + 2*i + (blank lines before it) and holds i in its first field.
        int i = std::stoi(std::string(fields[0].raw()));
        CHECK(tok.record_line() == 1 + 2 * i + (i + 6) / 7);
        ++rows;
      }
      CHECK(rows == c.rows);
      total += rows;
    }
    CHECK(expect_begin == static_cast<int64_t>(text.size()));
    CHECK(total == 300);
  }
}

TEST_CASE("the scanner reports unterminated quotes with their line") {
  std::string text = "1,2\n3,\"4\n5,6\n";
  try {
    scan_chunks(text, 0, ',', 2, 1 << 20, kPath);
    FAIL("no error");
  } catch (const DataError& e) {
    CHECK(e.message == "line 3: unterminated quoted field (the closing quote is missing)");
  }
}

TEST_CASE("delimiter detection") {
  CHECK(detect_delimiter("a,b,c\n1,2,3\n", "x.csv") == ',');
  CHECK(detect_delimiter("a;b;c\n1,5;2,5;3\n", "x.csv") == ';');
  CHECK(detect_delimiter("a\tb\n1\t2\n", "x.csv") == '\t');
  CHECK(detect_delimiter("a|b\n1|2\n", "x.txt") == '|');
  CHECK(detect_delimiter("a,b\n\"x;y\",2\n", "x.csv") == ',');
  CHECK(detect_delimiter("single\n1\n", "x.csv") == ',');
  CHECK(detect_delimiter("single\n1\n", "x.tsv") == '\t');
  // Most fields wins: ';' splits the header in 3, ',' in 2 but inconsistently.
  CHECK(detect_delimiter("a;b,c;d\n1;2;3\n", "x.csv") == ';');
  // A ragged row does not hide the delimiter (the row is reported when parsed).
  CHECK(detect_delimiter("a;b\n1;2\n3\n4;5\n", "x.csv") == ';');
}
