// Randomised mutation test of the parser (a deterministic, bounded stand-in for fuzzing): every .kpi file
// of the repository and every ```kpi snippet of the language contract is mutated — bytes and token-sized
// slices deleted, inserted, duplicated, replaced; deep nesting spliced in; the file repeated into a large
// input — and parsed. The parser must never crash, throw or hang, and its result must be coherent:
// either no diagnostic, or at least one syntax (KP01xx) diagnostic; every range inside the file; the
// same input always giving the same result.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "compiler/diag/render.h"
#include "compiler/syntax/ast_dump.h"
#include "compiler/syntax/parser.h"

using namespace kpic;
namespace fs = std::filesystem;

namespace {

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> corpus() {
  std::vector<std::string> out;
  for (const char* dir : {"tests", "examples", "stdlib"}) {
    fs::path root = fs::path(KPIC_SOURCE_DIR) / dir;
    if (!fs::exists(root)) continue;
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
      if (e.is_regular_file() && e.path().extension() == ".kpi") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());  // deterministic order
    for (const auto& f : files) out.push_back(read_all(f));
  }
  std::string spec = read_all(fs::path(KPIC_SHARED_DIR) / "spec" / "language.md");
  for (size_t pos = 0; (pos = spec.find("```kpi\n", pos)) != std::string::npos;) {
    size_t end = spec.find("```", pos + 7);
    if (end == std::string::npos) break;
    out.push_back(spec.substr(pos + 7, end - pos - 7));
    pos = end + 3;
  }
  // Inline snippets of the contract written in single backquotes, e.g. `nps = nps(score)`.
  for (size_t pos = 0; (pos = spec.find('`', pos)) != std::string::npos;) {
    size_t end = spec.find('`', pos + 1);
    if (end == std::string::npos) break;
    std::string s = spec.substr(pos + 1, end - pos - 1);
    if (s.find(" = ") != std::string::npos) out.push_back(s + "\n");
    pos = end + 1;
  }
  return out;
}

const char* const kFragments[] = {
    "(", ")", "[", "]", "{", "}", ",", "=", "==", "<", ">=", "+", "-", "*", "/", "%", ".", ":", "@", "#", "##",
    "\"", "`", "\n", " ", "and", "or", "not", "in", "is", "null", "if", "then", "else", "where", "by", "per",
    "as", "fn", "import", "source", "test", "given", "expect", "true", "1", "2.5e3", "99999999999999999999",
    "x", "sum(", "count()", "\"s\"", "\\", "$", "\xff", "\xc3\xa9", "\0", "\t", "\r\n"};

std::string mutate(const std::string& in, std::mt19937& rng) {
  std::string s = in;
  auto pick = [&](size_t n) { return n == 0 ? size_t{0} : std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  int steps = 1 + static_cast<int>(pick(4));
  for (int k = 0; k < steps; ++k) {
    size_t at = pick(s.size() + 1);
    size_t len = 1 + pick(std::min<size_t>(12, s.size() + 1));
    switch (pick(9)) {
      case 0: s.erase(std::min(at, s.size()), 1); break;                                      // delete a byte
      case 1: s.erase(std::min(at, s.size()), len); break;                                    // delete a slice
      case 2: s.insert(std::min(at, s.size()), 1, static_cast<char>(pick(256))); break;       // random byte
      case 3: s.insert(std::min(at, s.size()), kFragments[pick(std::size(kFragments))]); break;  // a token
      case 4: s.insert(std::min(at, s.size()), s.substr(std::min(at, s.size()), len)); break;    // duplicate
      case 5:
        if (!s.empty()) s[std::min(at, s.size() - 1)] = static_cast<char>(pick(128));
        break;
      case 6: {  // deep nesting of one kind
        const char* open[] = {"(", "[", "-", "not ", "if a then ", "{", "f("};
        std::string o = open[pick(std::size(open))];
        size_t depth = 50 + pick(400);
        std::string nest;
        for (size_t i = 0; i < depth; ++i) nest += o;
        s.insert(std::min(at, s.size()), nest);
        break;
      }
      case 7: {  // a long operator chain
        std::string chain;
        for (size_t i = 0, n = 100 + pick(400); i < n; ++i) chain += " + a";
        s.insert(std::min(at, s.size()), chain);
        break;
      }
      default: {  // move a slice
        std::string piece = s.substr(std::min(at, s.size()), len);
        s.erase(std::min(at, s.size()), len);
        s.insert(pick(s.size() + 1), piece);
      }
    }
  }
  return s;
}

bool in_file(SourceRange r, size_t size) { return !r.valid() || (r.begin <= r.end && r.end <= size); }

void check_expr(const ast::Expr* e, size_t size, int depth) {
  REQUIRE(e != nullptr);
  REQUIRE(depth < 1000);
  CHECK(in_file(e->range, size));
  for (const auto& a : e->args) check_expr(a.get(), size, depth + 1);
  for (const auto& a : e->list) check_expr(a.get(), size, depth + 1);
  for (const auto& a : e->per) check_expr(a.get(), size, depth + 1);
  if (e->filter) check_expr(e->filter.get(), size, depth + 1);
}

// Parses `text` and checks the result; returns the dump and rendered diagnostics (to compare runs).
std::string parse_and_check(const std::string& text) {
  SourceManager sm;
  Diagnostics diags;
  FileId id = sm.add("fuzz.kpi", text);
  ast::File file = syntax::parse(sm, id, diags);
  for (const auto& d : diags.list()) {
    CHECK(static_cast<int>(d.code) / 100 == 1);  // syntax codes only
    CHECK(in_file(d.range, text.size()));
    CHECK(!d.message.empty());
  }
  for (const auto& s : file.stmts) {
    CHECK(in_file(s.range(), text.size()));
    if (s.metric) {
      check_expr(s.metric->expr.get(), text.size(), 0);
      if (s.metric->where) check_expr(s.metric->where.get(), text.size(), 0);
    }
    if (s.fn) check_expr(s.fn->body.get(), text.size(), 0);
  }
  for (const auto& c : file.comments) CHECK(in_file(c.range, text.size()));
  // An expression option parses too, with the same guarantees.
  Diagnostics ediags;
  ast::ExprPtr e = syntax::parse_expression(sm, id, ediags);
  CHECK((e != nullptr) != ediags.has_errors());
  if (e) check_expr(e.get(), text.size(), 0);
  return syntax::dump(file, sm) + render_all(sm, diags);
}

}  // namespace

TEST_CASE("mutated inputs never crash the parser and give coherent results") {
  std::vector<std::string> seeds = corpus();
  REQUIRE(seeds.size() >= 5);
  std::mt19937 rng(20240131);  // fixed seed: the same inputs on every run
  const int kRounds = 2500;
  for (int i = 0; i < kRounds; ++i) {
    const std::string& seed = seeds[static_cast<size_t>(i) % seeds.size()];
    std::string text = mutate(seed, rng);
    INFO("round " << i);
    std::string first = parse_and_check(text);
    if (i % 50 == 0) CHECK(parse_and_check(text) == first);  // deterministic
  }
}

TEST_CASE("every unmutated corpus file parses without crashing, and large inputs stay bounded") {
  std::vector<std::string> seeds = corpus();
  std::string all;
  for (const auto& s : seeds) {
    parse_and_check(s);
    all += s + "\n";
  }
  // A large input (about 1 MiB) made of the corpus repeated.
  std::string big;
  while (big.size() < (1u << 20)) big += all;
  parse_and_check(big);
  // Pathological shapes.
  parse_and_check(std::string(1 << 20, '('));
  parse_and_check(std::string(1 << 20, '"'));
  parse_and_check(std::string(1 << 20, '#'));
  parse_and_check(std::string(1 << 18, '\xff'));
  std::string stmts;
  for (int i = 0; i < 20000; ++i) stmts += "x" + std::to_string(i) + " = sum(a where b per c) by d\n";
  parse_and_check(stmts);
}
