// The schemas of the data files bound to a program's sources (`DATA`, `NAME=DATA`, default paths), read
// from the files' metadata without scanning them. Shared by `kpic check` and `kpic debug program`.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/sema/data_args.h"
#include "compiler/sema/frontend.h"
#include "runtime/column/table_reader.h"

namespace kpic::driver {

// Binds `args` to `unit`'s sources (sema::bind_data_args) and reads each bound file's schema into
// `out`. Default paths whose file does not exist are skipped (checking works without data). Unreadable
// data is reported to `diags`. Returns false after printing "kpic COMMAND: ..." for a usage error.
// With `only_undeclared`, sources that have a `source` schema block are skipped (their block types them).
// `project` is the data kpic.toml binds (project_bindings.h), in place of the default paths.
bool read_bound_schemas(const sema::Unit& unit, const std::vector<std::string>& args, const char* command,
                        std::map<std::string, Schema>& out, Diagnostics& diags, bool only_undeclared = false,
                        const sema::ProjectBindings& project = {});

// The diagnostic for data bound to `source` that cannot be opened (`bound_path` when the error names no
// file); a declared column the file lacks points at its line in the `source` block. `kpic check` and
// `kpic run` report the same thing this way; `kpic schema` too, with no source (empty, `info` null).
// Data bound by kpic.toml (`bound_at` valid: the binding's key) gets a note pointing at that line.
Diagnostic data_error_diagnostic(const DataError& e, const std::string& bound_path, const std::string& source,
                                 const sema::SourceInfo* info, SourceRange bound_at = {});

}  // namespace kpic::driver
