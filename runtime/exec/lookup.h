// Lookup columns: a column of another source seen from each row of a referencing source through
// `references` (a LEFT JOIN on the referenced source's key, many-to-one). Each hop's join index (for
// every row of the referencing source, the matching row of the referenced one, or -1) is built once
// per chain of hops and shared by every lookup column that follows it; the key of a referenced source
// is checked unique (KP0720 names the source and a duplicated value); null keys and null references
// match nothing.
#pragma once

#include <vector>

#include "runtime/exec/scanner.h"

namespace kpic::exec {

// Computes every plan.lookups column (reads the referencing, key and value columns once each).
bool materialize_lookups(ScanContext& ctx, ScanError& err);

}  // namespace kpic::exec
