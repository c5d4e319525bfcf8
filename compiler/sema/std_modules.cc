#include "compiler/sema/std_modules.h"

#include "stdlib/embedded.h"

namespace kpic::sema {

std::optional<std::string_view> std_module_source(std::string_view name) {
  return kpic::stdlib::module_source(name);
}

std::vector<std::string> std_module_names() {
  std::vector<std::string> out;
  for (std::string_view n : kpic::stdlib::module_names()) out.emplace_back(n);
  return out;
}

std::string std_module_defining(std::string_view name) {
  std::string line = "fn " + std::string(name) + "(";
  for (std::string_view module : kpic::stdlib::module_names()) {
    auto text = kpic::stdlib::module_source(module);
    if (!text) continue;
    for (size_t at = text->find(line); at != std::string_view::npos; at = text->find(line, at + 1))
      if (at == 0 || (*text)[at - 1] == '\n') return std::string(module);
  }
  return "";
}

// std_module_without_tests: see std_modules.h (a scanner of comments, strings and braces only).
std::string std_module_without_tests(std::string_view text) {
  std::string out(text);
  size_t i = 0, n = out.size();
  int depth = 0;
  size_t test_start = std::string::npos;  // offset of the `test` keyword of the block being blanked
  bool line_start = true;
  while (i < n) {
    char c = out[i];
    if (c == '#') {  // comment to the end of the line
      while (i < n && out[i] != '\n') ++i;
      continue;
    }
    if (c == '"' || c == '`') {  // string literal or backquoted name (never spans lines)
      for (++i; i < n && out[i] != c && out[i] != '\n'; ++i)
        if (out[i] == '\\' && i + 1 < n && out[i + 1] != '\n') ++i;
      if (i < n && out[i] == c) ++i;
      line_start = false;
      continue;
    }
    if (c == '\n') {
      line_start = true;
      ++i;
      continue;
    }
    if (line_start && depth == 0 && test_start == std::string::npos && out.compare(i, 4, "test") == 0) {
      size_t j = i + 4;
      while (j < n && (out[j] == ' ' || out[j] == '\t')) ++j;
      if (j > i + 4 && j < n && out[j] == '"') test_start = i;  // `test "name" {`, not a name `test...`
    }
    if (c != ' ' && c != '\t' && c != '\r') line_start = false;
    if (c == '{') ++depth;
    if (c == '}' && depth > 0 && --depth == 0 && test_start != std::string::npos) {
      for (size_t k = test_start; k <= i; ++k)
        if (out[k] != '\n') out[k] = ' ';
      test_start = std::string::npos;
    }
    ++i;
  }
  return out;
}


}  // namespace kpic::sema
