// The one place where sema looks up embedded standard-library modules (`import std.revenue`).
// Backed by stdlib/embedded.h (the modules embedded in the binary).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kpic::sema {

// The text of module `name` ("std", "std.revenue", ...), or nullopt when there is no such module.
std::optional<std::string_view> std_module_source(std::string_view name);
// The modules that exist (for "did you mean" suggestions).
std::vector<std::string> std_module_names();

// The standard module (`std.satisfaction`) whose text defines template `name` (a line `fn name(`), or "":
// for the help of an unknown function that the file did not import.
std::string std_module_defining(std::string_view name);

// The text of a standard module with its top-level `test "..." { ... }` blocks blanked out (newlines
// kept, so every offset, line and column is unchanged). Only the tests of the main file run, so an
// imported module's tests are never used, and they are half of the standard library's text: not
// lexing and parsing them is most of the cost of an import. Strings, backquoted names and comments
// are skipped so that braces inside them do not count.
std::string std_module_without_tests(std::string_view text);

}  // namespace kpic::sema
