// Row-group skipping: a chunk whose column statistics (TableReader::stats) show that no row can pass a
// pass's prune terms is not scanned by that pass (and not read at all when no pass of the stage needs
// it). The terms are conjuncts the pass's rows must all satisfy, of the form `column OP constant` (for Eq
// with several values `column in [constants]`, for Ne `column not in [constants]`), `column is [not]
// null`, or a disjunction of such conjunctions (`any`: the row satisfies one of them); the engine derives
// them from the plan's `where` and leaves out whatever it cannot express, which only keeps more chunks.
//
// A chunk is excluded only when its statistics prove that no row passes: a comparison with null is never
// true, so rows that are null in the column never pass a comparison; `!=`/`not in` exclude only a chunk
// whose every non-null value is one constant in the list (never for float columns, whose NaN values the
// statistics leave out, nor for integers whose double bounds are inexact); dates and timestamps compare as
// instants (a date is midnight UTC).
#pragma once

#include <vector>

#include "runtime/column/table_reader.h"
#include "runtime/column/value.h"

namespace kpic::exec {

enum class PruneOp { Eq, Ne, Lt, Le, Gt, Ge, IsNull, NotNull, Any };

struct PruneTerm {
  int column = -1;  // schema index (not for Any)
  PruneOp op = PruneOp::Eq;
  std::vector<Value> values;  // one value, or the list: Eq passes when it equals any, Ne when it equals none
  std::vector<std::vector<PruneTerm>> any;  // Any: conjunctions, one of which the row satisfies
};

bool chunk_excluded(const std::vector<PruneTerm>& terms, const TableReader& reader, int chunk);

}  // namespace kpic::exec
