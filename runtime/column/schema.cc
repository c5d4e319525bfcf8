#include "runtime/column/schema.h"

namespace kpic {

int Schema::find(const std::string& name) const {
  for (size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == name) return static_cast<int>(i);
  return -1;
}

}  // namespace kpic
