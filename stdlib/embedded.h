// The standard library's .kpi modules, embedded in the binary at build time (stdlib/CMakeLists.txt
// generates the table from stdlib/*.kpi), so `import std.revenue` works from any directory with no
// install path. Module names: "std" (stdlib/std.kpi, which imports all the others) and "std.<area>"
// (stdlib/<area>.kpi).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace kpic::stdlib {

// The text of module `module` ("std", "std.revenue", ...), or nullopt when no such module exists.
// The view points at static storage: it stays valid for the whole run.
std::optional<std::string_view> module_source(std::string_view module);

// Every embedded module name, sorted ("std", "std.adoption", ...).
std::vector<std::string_view> module_names();

// The path of a module's file inside the repository ("stdlib/revenue.kpi"), for diagnostics and docs;
// nullopt for an unknown module.
std::optional<std::string_view> module_file(std::string_view module);

}  // namespace kpic::stdlib
