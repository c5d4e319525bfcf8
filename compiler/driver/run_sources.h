// Which sources a run reads, so that data no selected metric needs is not required: a source whose
// default data file is missing fails `kpic run` only when a metric being evaluated scans it.
#pragma once

#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/sema/program.h"

namespace kpic::driver {

// read[s] is true when source s is scanned by a metric of `only_metrics` (all the main file's metrics
// when empty) or by a metric they use, directly or not. Unknown names in `only_metrics` are ignored
// (the engine reports them).
std::vector<bool> sources_read(const sema::Program& program, const std::vector<std::string>& only_metrics);

// `--where` filters the sources that have its columns, and only those. A main-file metric that reads
// (itself or through the metrics it uses) a filtered source and an unfiltered one would mix filtered and
// unfiltered rows: each is a KP0803 error in `withheld` naming the metric and the unfiltered source, and
// is no longer a main-file metric (it is not printed; the others are). A note in `notes` names each
// source the filter does not reach that a printed metric reads. Returns the names of the withheld metrics.
// Only the metrics of `only_metrics` are considered when it is not empty.
std::vector<std::string> withhold_mixed_where(sema::Program& program, const std::vector<std::string>& only_metrics,
                                              Diagnostics& withheld, Diagnostics& notes);

}  // namespace kpic::driver
