// Unit tests of incremental parsing (compiler/syntax/parse_cache.h): with a cache, parse() gives exactly
// the AST, ranges, comments and diagnostics of a parse without it, whether pieces are parsed, reused at
// another offset, or the file falls back to a whole parse.
#include <doctest/doctest.h>

#include <filesystem>
#include <random>
#include <fstream>
#include <sstream>

#include "compiler/diag/render.h"
#include "compiler/syntax/ast_dump.h"
#include "compiler/syntax/parse_cache.h"

using namespace kpic;

namespace {

// The dump (with ranges) and the rendered diagnostics of one parse of `text`.
std::string parse_result(const std::string& text, syntax::ParseCache* cache) {
  SourceManager sm;
  Diagnostics diags;
  FileId id = sm.add("t.kpi", text);
  ast::File f;
  if (cache != nullptr) {
    syntax::ParseCache::Use use(*cache);
    f = syntax::parse(sm, id, diags);
  } else {
    f = syntax::parse(sm, id, diags);
  }
  return syntax::dump(f, sm) + render_all(sm, diags);
}

void check_same(const std::string& text, syntax::ParseCache& cache) {
  INFO(text);
  CHECK(parse_result(text, &cache) == parse_result(text, nullptr));
}

const char* const kFile = R"(# header comment
import std.revenue

## Orders.
source orders "data/orders.parquet" {
  amount: float,   # trailing
  status: string,
}

## Revenue.
@unit(usd)
@owner("sales")
revenue = sum(amount where status == "paid") by region as r, month(ts)
a = 1 b = 2
fn share(x, y) = x / y * 100
## Not a doc: a blank line follows.

c = share(a,
  # inside
  b)
test "t" {
  given orders { amount: [1, 2], status: ["paid", "paid"] }
  local = a + 1
  expect revenue == 3
}
)";

}  // namespace

TEST_CASE("a cached parse equals a whole parse: cold, warm, after edits that move the statements") {
  syntax::ParseCache cache;
  check_same(kFile, cache);
  size_t before = cache.reused();
  check_same(kFile, cache);
  CHECK(cache.reused() > before);
  check_same(std::string("x = 1\n\n") + kFile, cache);                  // every piece moved down
  check_same(std::string(kFile).replace(0, 16, "#"), cache);           // moved up
  std::string edited = kFile;
  edited.replace(edited.find("\"paid\")"), 6, "\"open\"");
  check_same(edited, cache);
  check_same(std::string(kFile) + "d = count(", cache);                 // an unclosed call at the end
}

TEST_CASE("syntax errors read as without the cache (the whole file is parsed)") {
  syntax::ParseCache cache;
  check_same(kFile, cache);
  check_same("x = a +\ny = 2\nz = 3\n", cache);                          // the error spans two pieces
  check_same("x = 1\n@unit(usd)\n\ny = = 2\nz = 1 < 2 < 3\n", cache);
  check_same(std::string(kFile) + "w = sum(amount\nv = 1\n", cache);
  check_same("test \"t\" {\n  expect a == 1 and 2\n}\nq = 1\n", cache);
  check_same("s = \"unterminated\nr = 1\n", cache);
}

TEST_CASE("random edits of a file parse the same with the cache as without it") {
  syntax::ParseCache cache;
  std::mt19937 rng(12);
  const std::string pool = "ab=+(){}[]\"`#@,\n \t.<not and ";
  std::string text = kFile;
  for (int i = 0; i < 400; ++i) {
    std::string edited = text;
    size_t at = rng() % (edited.size() + 1);
    switch (rng() % 3) {
      case 0: edited.insert(at, 1, pool[rng() % pool.size()]); break;
      case 1: if (at < edited.size()) edited.erase(at, 1 + rng() % 3); break;
      default: edited.insert(at, "\nz = 1\n"); break;
    }
    check_same(edited, cache);
    if (i % 4 == 0) text = edited;  // drift, as an editing session does
  }
}

TEST_CASE("pieces not used by the last scopes are forgotten") {
  syntax::ParseCache cache;
  for (int i = 0; i < 10; ++i) check_same("m" + std::to_string(i) + " = 1\nk = 2\n", cache);
  CHECK(cache.size() <= 12);
}

TEST_CASE("every .kpi file of the repository parses the same with the cache, cold, warm and moved") {
  namespace fs = std::filesystem;
  syntax::ParseCache cache;
  int files = 0;
  for (const char* dir : {"tests", "stdlib", "examples", "bench"}) {
    fs::path root = fs::path(KPIC_SOURCE_DIR) / dir;
    if (!fs::exists(root)) continue;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
      if (e.path().extension() != ".kpi") continue;
      std::ifstream in(e.path(), std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      check_same(ss.str(), cache);
      check_same(ss.str(), cache);
      check_same("\n" + ss.str(), cache);
      ++files;
    }
  }
  CHECK(files > 100);
}
