// Loading only the part of the standard library a program uses.
//
// Parsing dominates a cold `kpic run` or `kpic check`, and most of it is the imported standard modules
// (`import std.revenue` brings ~80 definitions, a file uses a handful). StdPruner keeps, of each module,
// the metric and template definitions that the program's own files may refer to, directly or through
// other kept definitions, and blanks the rest (spaces; newlines kept, so every offset, line and column is
// unchanged) before it is parsed. Every other statement (sources, imports, attributes' metrics, anything
// it does not recognise) is kept.
//
// "May refer to" is decided on the text: every name in the files outside strings and comments, so a
// name in a comment keeps a definition it did not need, never the reverse. The pruned program can only
// lack a definition the analysis would have found: callers that see any error load again with the whole
// library (session.cc), so diagnostics never depend on pruning. Commands that show imported definitions
// (`kpic doc`, the language server) do not prune.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace kpic::sema {

class StdPruner {
 public:
  // `names`: names needed beyond the files' own (`--metric`, `--by`, `--where`).
  explicit StdPruner(const std::vector<std::string>& names = {});

  // The names `text` (a file of the program that is not a standard module) refers to become needed,
  // with the definitions they reach across every standard module.
  void add_file(std::string_view text);

  // `text` (a standard module, tests blanked) with the definitions nothing needs blanked.
  std::string prune(std::string_view text) const;

  bool needs(const std::string& name) const { return needed_.count(name) > 0; }

 private:
  void reach(std::vector<std::string> names);
  std::unordered_set<std::string> needed_;
};

// The names `text` refers to: every plain or backquoted name outside strings and comments.
void names_in(std::string_view text, std::vector<std::string>& out);

}  // namespace kpic::sema
