// Line diffs for `kpic fmt --check`: Myers' O(ND) algorithm over lines, rendered in the unified format
// of `diff -u` (`--- a/FILE`, `+++ b/FILE`, `@@ -l,n +l,n @@` hunks with context lines, and
// "\ No newline at end of file" where a side lacks its final newline).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kpic::format {

struct DiffEdit {
  enum Kind { Keep, Delete, Insert } kind;
  size_t old_line;  // 0-based index into the old lines (Keep, Delete)
  size_t new_line;  // 0-based index into the new lines (Keep, Insert)
};

// A shortest edit script turning `a` into `b`.
std::vector<DiffEdit> diff_lines(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b);

// Splits text into lines, each keeping its '\n' (the last one may lack it).
std::vector<std::string_view> split_lines(std::string_view text);

// The unified diff of two texts, "" when they are equal. `context` lines surround each change.
std::string unified_diff(std::string_view old_text, std::string_view new_text, const std::string& old_name,
                         const std::string& new_name, int context = 3);

}  // namespace kpic::format
