// The one place where sema looks up embedded standard-library modules (`import std.revenue`).
// Backed by stdlib/embedded.h when the stdlib library is built; empty otherwise.
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

}  // namespace kpic::sema
