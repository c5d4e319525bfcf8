// The schema of a data source: what `kpic schema` prints and what the type checker resolves columns against.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/column/value_type.h"

namespace kpic {

struct Field {
  std::string name;
  ValueType type = ValueType::Int;
  bool nullable = true;
  // Set for columns kpic cannot evaluate (nested, repeated, or of an unsupported physical type):
  // they are listed, and using one is an error that quotes this reason.
  std::string unsupported;
  // Set by a reader that infers types, for a column read as string although values before one did parse
  // as another type: why (`line 3 holds `abc`, not a float`), for the type checker's message.
  std::string inferred_why;
};

struct Schema {
  std::vector<Field> fields;
  int64_t num_rows = -1;  // -1 when unknown (a declared schema)

  // Index of the column named `name` (exact match), or -1.
  int find(const std::string& name) const;
};

}  // namespace kpic
