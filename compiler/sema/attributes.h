// Validation of `@unit(...)`, `@target(op number)` and `@owner("...")` on definitions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/sema/program.h"
#include "compiler/syntax/ast.h"

namespace kpic::sema {

struct Attributes {
  std::string unit;
  std::optional<Target> target;
  std::string owner;
};

// The closed list of units accepted by @unit, lower case (compiler/sema/units.def; docs/cli.md).
const std::vector<std::string>& known_units();

// Checks the attributes of one definition; malformed ones are reported and left out.
Attributes check_attributes(const std::vector<ast::Attribute>& attrs, Diagnostics& diags);

}  // namespace kpic::sema
