// The editor features of one analysed document, as LSP JSON: diagnostics, hover, completion,
// definition, symbols, semantic tokens, code actions, code lenses. Pure functions of an Analysis and a
// position; the server (server.cc) decides when to run them.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "compiler/lsp/analysis.h"
#include "compiler/lsp/text.h"

namespace kpic::lsp {

using json = nlohmann::json;

struct LensValues;

// The semantic token types and modifiers the server announces (the legend), in index order.
const std::vector<std::string>& token_types();
const std::vector<std::string>& token_modifiers();

class View {
 public:
  // `std_dir`: where standard modules are written (read-only) so that editors can open them.
  View(const Analysis& a, bool utf16, std::string std_dir);

  const Analysis& analysis() const { return a_; }
  std::string uri(FileId file) const;
  json range(FileId file, uint32_t begin, uint32_t end) const;
  json location(FileId file, uint32_t begin, uint32_t end) const { return {{"uri", uri(file)}, {"range", range(file, begin, end)}}; }
  uint32_t offset(Position p) const;  // in the main file
  const Ref* ref_at(Position p) const;

  json diagnostics() const;
  json hover(Position p) const;
  // `line_before`: the text of the cursor's line before the cursor.
  json completion(Position p, const std::string& line_before) const;
  json definition(Position p) const;
  json document_symbols() const;
  json semantic_tokens() const;
  json code_actions(Position from, Position to) const;
  json code_lenses(const LensValues* values) const;
  // The refs of `key` in this analysis as LSP locations ({uri, range} per ref).
  json locations(const std::string& key, bool include_decl) const;

 private:
  const LineIndex& index(FileId file) const;
  std::string hover_text(const Ref& r) const;

  const Analysis& a_;
  bool utf16_;
  std::string std_dir_;
  mutable std::map<FileId, LineIndex> indexes_;
};

// The metric or template named by `key` ("m:x", "f:x") can be renamed to `name`: "" when yes, else why not.
std::string rename_problem(const std::string& key, const std::string& name);
// Whether `text` is a name that needs no backquotes (and is no keyword).
bool plain_name(const std::string& text);
// The suggestion of a "did you mean `X`?" help, or "".
std::string suggestion(const std::string& help);

}  // namespace kpic::lsp
