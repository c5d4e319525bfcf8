// Unit tests of the line diff behind `kpic fmt --check` (compiler/format/unified_diff.h).
#include <doctest/doctest.h>

#include <string>

#include "compiler/format/unified_diff.h"

using kpic::format::DiffEdit;
using kpic::format::diff_lines;
using kpic::format::split_lines;
using kpic::format::unified_diff;

namespace {

// Applies an edit script to `a` and returns the resulting text (must equal `b`).
std::string apply(const std::string& a_text, const std::string& b_text) {
  auto a = split_lines(a_text);
  auto b = split_lines(b_text);
  std::string out;
  size_t deleted = 0, kept = 0, inserted = 0;
  for (const auto& e : diff_lines(a, b)) {
    if (e.kind == DiffEdit::Keep) {
      CHECK(a[e.old_line] == b[e.new_line]);
      out += a[e.old_line];
      ++kept;
    } else if (e.kind == DiffEdit::Insert) {
      out += b[e.new_line];
      ++inserted;
    } else {
      ++deleted;
    }
  }
  CHECK(kept + deleted == a.size());
  CHECK(kept + inserted == b.size());
  return out;
}

}  // namespace

TEST_CASE("split_lines keeps terminators and a last line without one") {
  auto l = split_lines("a\nbb\nc");
  REQUIRE(l.size() == 3);
  CHECK(l[0] == "a\n");
  CHECK(l[1] == "bb\n");
  CHECK(l[2] == "c");
  CHECK(split_lines("").empty());
  CHECK(split_lines("\n\n").size() == 2);
}

TEST_CASE("edit scripts rebuild the new text and are minimal on small cases") {
  const char* cases[][2] = {
      {"", ""},           {"", "a\n"},          {"a\n", ""},          {"a\nb\nc\n", "a\nc\n"},
      {"a\nc\n", "a\nb\nc\n"}, {"a\nb\nc\n", "c\nb\na\n"}, {"x\ny\n", "p\nq\nr\n"}, {"a\nb\n", "a\nb"},
  };
  for (const auto& c : cases) CHECK(apply(c[0], c[1]) == c[1]);
  // a b c a b b a -> c b a b a c: the classic example has an edit distance of 5
  auto a = split_lines("a\nb\nc\na\nb\nb\na\n");
  auto b = split_lines("c\nb\na\nb\na\nc\n");
  size_t changes = 0;
  for (const auto& e : diff_lines(a, b)) changes += e.kind != DiffEdit::Keep;
  CHECK(changes == 5);
}

TEST_CASE("equal texts give no diff") { CHECK(unified_diff("a\nb\n", "a\nb\n", "a/f", "b/f").empty()); }

TEST_CASE("one changed line in the middle: three lines of context each side") {
  std::string a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
  std::string b = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
  CHECK(unified_diff(a, b, "a/x.kpi", "b/x.kpi") ==
        "--- a/x.kpi\n+++ b/x.kpi\n"
        "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
}

TEST_CASE("changes far apart make separate hunks, near ones merge") {
  std::string a, b;
  for (int i = 1; i <= 20; ++i) {
    a += std::to_string(i) + "\n";
    b += (i == 2 || i == 18 ? "x" : std::to_string(i)) + "\n";
  }
  std::string d = unified_diff(a, b, "a/f", "b/f");
  CHECK(d ==
        "--- a/f\n+++ b/f\n"
        "@@ -1,5 +1,5 @@\n 1\n-2\n+x\n 3\n 4\n 5\n"
        "@@ -15,6 +15,6 @@\n 15\n 16\n 17\n-18\n+x\n 19\n 20\n");
  std::string c;
  for (int i = 1; i <= 20; ++i) c += (i == 5 || i == 11 ? "y" : std::to_string(i)) + "\n";
  std::string merged = unified_diff(a, c, "a/f", "b/f");
  CHECK(merged.find("@@ -2,13 +2,13 @@") != std::string::npos);
  size_t hunks = 0;
  for (size_t at = merged.find("\n@@"); at != std::string::npos; at = merged.find("\n@@", at + 1)) ++hunks;
  CHECK(hunks == 1);
}

TEST_CASE("insertions at the start, deletions at the end, counts of one and zero") {
  CHECK(unified_diff("b\n", "a\nb\n", "a/f", "b/f") == "--- a/f\n+++ b/f\n@@ -1 +1,2 @@\n+a\n b\n");
  CHECK(unified_diff("", "a\n", "a/f", "b/f") == "--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+a\n");
  CHECK(unified_diff("a\n", "", "a/f", "b/f") == "--- a/f\n+++ b/f\n@@ -1 +0,0 @@\n-a\n");
}

TEST_CASE("a missing final newline is shown") {
  CHECK(unified_diff("a\nb", "a\nb\n", "a/f", "b/f") ==
        "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n");
}

TEST_CASE("large inputs with many differences stay correct") {
  std::string a, b;
  for (int i = 0; i < 3000; ++i) {
    a += std::to_string(i * 7 % 1000) + "\n";
    b += std::to_string(i * 11 % 1000) + "\n";
  }
  CHECK(apply(a, b) == b);
}
