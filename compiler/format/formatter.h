// `kpic fmt`'s engine: an ast::File and its comments -> the file's canonical text.
//
// The canonical layout (docs/cli.md, "kpic fmt", describes it for users):
//  - one statement per line; lines of at most 100 columns where breaking allows it;
//  - at most one blank line in a row; a blank line around every statement that carries doc
//    comments or attributes, around blocks (`source` with a schema, `test`) and after the imports;
//  - doc comments, then attributes (one per line) directly above their definition;
//  - spaces around binary operators and after commas, none inside brackets or before `(` in calls;
//  - a metric's `where` and `by` stay on its line while it fits, else move below with a hanging indent;
//  - schema blocks and test blocks: one column / one item per line, indented by two spaces;
//  - parentheses: the user's are kept (redundant ones too); none are added unless precedence needs them;
//  - numbers, strings and backquoted names keep their spelling;
//  - comments stay where they were: own-line comments above what follows them, trailing comments at
//    the end of their line (aligned when consecutive lines have one). A comment inside an expression
//    moves to its own line above the statement. No comment is ever dropped.
// Formatting is idempotent: format(parse(format(x))) == format(x).
#pragma once

#include <optional>
#include <string>

#include "compiler/diag/diagnostic.h"
#include "compiler/syntax/ast.h"

namespace kpic::format {

inline constexpr int kLineWidth = 100;

// The canonical text of `file` (parsed from `sm`, whose text supplies literal spellings).
std::string format_file(const SourceManager& sm, const ast::File& file);

// Parses file `id` of `sm` and formats it; nullopt when it has syntax errors (reported to `diags`).
std::optional<std::string> format_source(const SourceManager& sm, FileId id, Diagnostics& diags);

}  // namespace kpic::format
