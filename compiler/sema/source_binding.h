// Turns the declared sources of a Unit plus the schemas of bound data into the Program's sources.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "compiler/sema/frontend.h"

namespace kpic::sema {

// `unknown_ok[s]` is set when source s has neither data nor a schema block and `allow_unknown` is set.
// A declared schema that disagrees with the bound data is reported.
std::vector<Source> bind_sources(const Unit& unit, const std::map<std::string, Schema>& data, bool allow_unknown,
                                 std::vector<bool>& unknown_ok, Diagnostics& diags);

}  // namespace kpic::sema
