// Renders diagnostics for people:
//   file:line:col: error[KP0201]: unknown column `scroe`
//      3 | nps = pct(scroe >= 9)
//        |           ^^^^^
//   help: did you mean `score`?
#pragma once

#include <string>

#include "compiler/diag/diagnostic.h"

namespace kpic {

struct RenderOptions {
  bool color = false;
};

std::string render(const SourceManager& sm, const Diagnostic& d, const RenderOptions& opts = {});
std::string render_all(const SourceManager& sm, const Diagnostics& diags, const RenderOptions& opts = {});

// For machines (`kpic check --format json`): {"diagnostics": [{"severity", "code", "message", "file",
// "line", "column", "end_line", "end_column", "help", "notes": [{"message", "file", "line", "column"}]}],
// "errors": N, "warnings": N}, one diagnostic per line. Locations absent are null ("file" is the data
// file for data errors).
std::string render_json(const SourceManager& sm, const Diagnostics& diags);
// GitHub Actions workflow commands (`kpic check --format github`): one
// `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=KP0201::message` line per diagnostic
// (`::warning`, `::notice` for notes), the help appended after a newline (escaped as GitHub asks).
std::string render_github(const SourceManager& sm, const Diagnostics& diags);

}  // namespace kpic
