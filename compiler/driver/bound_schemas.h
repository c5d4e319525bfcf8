// The schemas of the data files bound to a program's sources (`DATA`, `NAME=DATA`, default paths), read
// from the files' metadata without scanning them. Shared by `kpic check` and `kpic debug program`.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/sema/frontend.h"

namespace kpic::driver {

// Binds `args` to `unit`'s sources (sema::bind_data_args) and reads each bound file's schema into
// `out`. Default paths whose file does not exist are skipped (checking works without data). Unreadable
// data is reported to `diags`. Returns false after printing "kpic COMMAND: ..." for a usage error.
// With `only_undeclared`, sources that have a `source` schema block are skipped (their block types them).
bool read_bound_schemas(const sema::Unit& unit, const std::vector<std::string>& args, const char* command,
                        std::map<std::string, Schema>& out, Diagnostics& diags, bool only_undeclared = false);

}  // namespace kpic::driver
