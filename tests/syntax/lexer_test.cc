// The hand-written lexer against the one ANTLR generates from Kpi.g4: the same token stream (type,
// channel, code-point start and stop, line, column, text) for every .kpi file of the repository, for
// edge cases of each rule, and for random strings over the characters where the rules meet.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "KpiLexer.h"
#include "compiler/syntax/lexer.h"
#include "compiler/syntax/source_text.h"

namespace {

using kpic::syntax::SourceText;

std::string describe(antlr4::Token* t) {
  std::ostringstream os;
  os << "type " << t->getType() << " channel " << t->getChannel() << " [" << t->getStartIndex() << ","
     << t->getStopIndex() << "] line " << t->getLine() << ":" << t->getCharPositionInLine() << " text `"
     << t->getText() << "`";
  return os.str();
}

std::vector<std::string> tokens(antlr4::TokenSource& source) {
  std::vector<std::string> out;
  for (;;) {
    std::unique_ptr<antlr4::Token> t = source.nextToken();
    out.push_back(describe(t.get()));
    if (t->getType() == antlr4::Token::EOF) break;
  }
  return out;
}

// Empty when both lexers agree, else the first difference.
std::string compare(const std::string& text) {
  SourceText a(text), b(text);
  kpic_grammar::KpiLexer generated(&a);
  generated.removeErrorListeners();
  kpic::syntax::Lexer hand(&b);
  std::vector<std::string> want = tokens(generated), got = tokens(hand);
  for (size_t i = 0; i < want.size() || i < got.size(); ++i) {
    std::string w = i < want.size() ? want[i] : "(none)", g = i < got.size() ? got[i] : "(none)";
    if (w != g) return "token " + std::to_string(i) + ": ANTLR " + w + ", hand-written " + g;
  }
  return "";
}

}  // namespace

TEST_CASE("the hand-written lexer matches ANTLR's on every .kpi file of the repository") {
  int files = 0;
  for (const char* dir : {"examples", "stdlib", "tests", "bench", "editors"}) {
    std::filesystem::path root = std::filesystem::path(KPIC_SOURCE_DIR) / dir;
    if (!std::filesystem::exists(root)) continue;
    for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
      if (!e.is_regular_file() || e.path().extension() != ".kpi") continue;
      std::ifstream in(e.path(), std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      INFO(e.path().string());
      CHECK(compare(ss.str()) == "");
      ++files;
    }
  }
  CHECK(files > 100);
}

TEST_CASE("the hand-written lexer matches ANTLR's on the edges of each rule") {
  const std::string cases[] = {
      "", " ", "\n\n", "\r\n\tx", "\f", "a", "_", "_1", "a1_b", "1a", "and", "andx", "calendar", "calendars",
      "source test given expect fn import", "if then else where by per as in is not or", "null true false",
      "1", "12", "1.5", "1.", "1.x", ".5", "1e5", "1E+5", "1e-5", "1e", "1e+", "1.5e", "1.5e+", "1.5e3",
      "1.5e3x", "1..2", "14 days", "14 day", "14 dayss", "14 days_x", "14 days1", "14\tdays", "14  weeks",
      "14 \n days", "1 second", "1 seconds", "2 minute", "2 minutes)", "3 hours", "3 hour,", "1 week", "1 weeks",
      "1 wee", "1 d", "1 days.x", "7 days#c", "1.5 days", "1e2 days", "14 daysé", "14 day\x80",
      "\"\"", "\"a\"", "\"a", "\"a\\\"b\"", "\"a\\\"", "\"a\\", "\"a\\\nb\"", "\"a\nb\"", "\"a\\\\\"", "\"\\n\"",
      "\"é\"", "\"a\rb\"", "``", "`a b`", "`a", "`a\nb`", "`a\\`", "#", "# c\nx", "## doc\r\ny", "#\r",
      "==", "=", "===", "!=", "!", "!!=", "<=", "<", "<<=", ">=", ">", "+-*/%", "()[]{},.:@", "a.b", "x$y", "é",
      "\xff", "\xc3", "\xe2\x82", "a\xff" "b", "\x01", std::string("a\0b", 3), "~^&|;?'\\",
      "m = pct(score >= 9) - pct(score <= 6)  # nps\n", "x = sum(amount where region in [\"a\", null]) by month(ts)",
  };
  for (const std::string& c : cases) {
    INFO("input: `" << c << "`");
    CHECK(compare(c) == "");
  }
  // A NUL inside a string and at the end.
  CHECK(compare(std::string("\"a\0b\"", 5)) == "");
  CHECK(compare(std::string("x\0", 2)) == "");
}

TEST_CASE("the hand-written lexer matches ANTLR's on random strings") {
  const std::string alphabet[] = {"a", "z", "_", "e", "E", "s", "d", "day", "week", "hour", "minute", "second",
                                  "and", "in", "if", "0", "7", ".", "+", "-", " ", "\t", "\n", "\r", "\"",
                                  "`", "\\", "#", "=", "!", "<", ">", "(", ")", "é", "\xff", "\xf0\x9f\x98\x80", "@"};
  std::mt19937 rng(20261207);
  std::uniform_int_distribution<size_t> pick(0, std::size(alphabet) - 1), len(0, 24);
  int failures = 0;
  for (int n = 0; n < 20000 && failures < 5; ++n) {
    std::string s;
    for (size_t k = len(rng); k > 0; --k) s += alphabet[pick(rng)];
    std::string diff = compare(s);
    if (!diff.empty()) {
      ++failures;
      INFO("input: `" << s << "`");
      CHECK(diff == "");
    }
  }
  CHECK(failures == 0);
}
