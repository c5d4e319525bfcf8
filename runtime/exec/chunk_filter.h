// Row-group skipping: a chunk whose column statistics (TableReader::stats) show that no row can pass a
// pass's prune terms is not scanned by that pass (and not read at all when no pass of the stage needs
// it). The terms are conjuncts the pass's rows must all satisfy, of the form `column OP constant` (or,
// for Eq with several values, `column in [constants]`); the engine derives them from the plan's
// `where` and leaves out whatever it cannot express, which only keeps more chunks.
#pragma once

#include <vector>

#include "runtime/column/table_reader.h"
#include "runtime/column/value.h"

namespace kpic::exec {

enum class PruneOp { Eq, Lt, Le, Gt, Ge };

struct PruneTerm {
  int column = -1;  // schema index
  PruneOp op = PruneOp::Eq;
  std::vector<Value> values;  // one value, or (Eq) the `in` list: the row passes when it equals any
};

bool chunk_excluded(const std::vector<PruneTerm>& terms, const TableReader& reader, int chunk);

}  // namespace kpic::exec
