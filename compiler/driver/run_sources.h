// Which sources a run reads, so that data no selected metric needs is not required: a source whose
// default data file is missing fails `kpic run` only when a metric being evaluated scans it.
#pragma once

#include <string>
#include <vector>

#include "compiler/sema/program.h"

namespace kpic::driver {

// read[s] is true when source s is scanned by a metric of `only_metrics` (all the main file's metrics
// when empty) or by a metric they use, directly or not. Unknown names in `only_metrics` are ignored
// (the engine reports them).
std::vector<bool> sources_read(const sema::Program& program, const std::vector<std::string>& only_metrics);

}  // namespace kpic::driver
