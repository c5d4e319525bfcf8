// The project file's part in a command (docs/cli.md, "The project file"): the kpic.toml governing a .kpi
// file binds its sources to data, so run, explain, check, test, diff, report and the language server need
// no data arguments. Written once here; the session (session.h) and the few commands that bind data
// without a session (test, lsp) call it, and sema::bind_data_args applies the precedence: command-line
// bindings, then the target's, then [sources], then the `source NAME "path"` defaults.
#pragma once

#include <string>

#include "compiler/diag/diagnostic.h"
#include "compiler/diag/source_manager.h"
#include "compiler/sema/data_args.h"
#include "compiler/sema/frontend.h"

namespace kpic::driver {

// Finds the kpic.toml governing `kpi_file` (the nearest at or above its folder), reads it into `sm` (so
// diagnostics show its lines), checks that every source it binds is declared by `unit` or by a .kpi
// file under the project folder (KP0822), and sets `out` to the bindings in effect under `target`
// ("" = none: [sources], each overridden by the target's binding of the same source), with paths
// relative to kpic.toml's folder made relative to the working folder (or kept absolute).
// Returns 0 (no kpic.toml and no target: `out` empty), 1 with the errors in `diags` (the file's own
// KP0820..0822, KP0821 for an unknown target), or 2 after printing `kpic CMD: ...`: `--target` with no
// kpic.toml above the file, or a target with an `engine` when `engine` is null (the command reads files
// only). With `engine` set (run, sql), such a target is used: `*engine` becomes its URI and `out` holds
// only the target's own bindings, each a table reference as written (no [sources] file paths).
int project_bindings(const std::string& kpi_file, const std::string& target, const sema::Unit& unit,
                     const char* cmd, SourceManager& sm, Diagnostics& diags, sema::ProjectBindings& out,
                     std::string* engine = nullptr);

}  // namespace kpic::driver
