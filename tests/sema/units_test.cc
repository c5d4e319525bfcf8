// The @unit list (compiler/sema/units.def) and the documentation must not drift: every unit named in
// docs/cli.md's display table is accepted by the checker, and every unit that is no currency is named there.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include "compiler/sema/attributes.h"

namespace {

std::string read(const std::string& path) {
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// The backquoted words of the first column of the table that starts with `| `@unit` | shown as |`.
std::vector<std::string> documented_units() {
  std::string doc = read(std::string(KPIC_SOURCE_DIR) + "/docs/cli.md");
  size_t at = doc.find("| `@unit` | shown as |");
  REQUIRE(at != std::string::npos);
  std::vector<std::string> out;
  std::istringstream lines(doc.substr(at));
  std::string line;
  std::getline(lines, line);  // header
  std::getline(lines, line);  // rule
  while (std::getline(lines, line) && line.rfind("| ", 0) == 0) {
    std::string first = line.substr(2, line.find(" |", 2) - 2);
    for (size_t b = first.find('`'); b != std::string::npos; b = first.find('`', b)) {
      size_t e = first.find('`', b + 1);
      if (e == std::string::npos) break;
      out.push_back(first.substr(b + 1, e - b - 1));
      b = e + 1;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("docs/cli.md names exactly the @unit list") {
  const auto& units = kpic::sema::known_units();
  auto documented = documented_units();
  CHECK(documented.size() >= 10);
  for (const auto& u : documented)
    CHECK_MESSAGE(std::find(units.begin(), units.end(), u) != units.end(), "documented but not accepted: " << u);
  for (const auto& u : units) {
    if (u.size() == 3 && u != "pct") continue;  // currency codes: "any other ISO 4217 currency code"
    CHECK_MESSAGE(std::find(documented.begin(), documented.end(), u) != documented.end(),
                  "accepted but not documented: " << u);
  }
}

TEST_CASE("every ISO 4217 code is a unit") {
  const auto& units = kpic::sema::known_units();
  for (const char* code : {"usd", "eur", "chf", "inr", "brl", "xof", "kwd", "vnd"})
    CHECK(std::find(units.begin(), units.end(), code) != units.end());
}
