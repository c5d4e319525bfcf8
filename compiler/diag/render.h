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

}  // namespace kpic
