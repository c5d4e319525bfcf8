// Row-group skipping: a chunk whose column statistics (TableReader::stats) show that no row can pass a
// pass's metric-level `where` is not scanned by that pass (and not read at all when no pass of the
// stage needs it). Only conjuncts of the form `column OP constant`, `constant OP column` and
// `column in [constants]` are used; anything else keeps the chunk.
#pragma once

#include "compiler/plan/plan.h"
#include "runtime/column/table_reader.h"

namespace kpic::exec {

bool chunk_excluded(const plan::Pass& pass, const TableReader& reader, int chunk);

}  // namespace kpic::exec
