// Related sources: the `key` and `references` of source blocks, bound to the sources' schemas and
// checked (a reference needs a source with a key of the same type; references never form a cycle),
// and the path of references from a metric's source to a source whose columns it reads qualified.
#pragma once

#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/sema/frontend.h"
#include "compiler/sema/program.h"

namespace kpic::sema {

// Sets Source::key and Source::references from the declarations in `unit` (sources indexed alike),
// reporting KP0206, KP0620 and KP0621.
void bind_relations(const Unit& unit, std::vector<Source>& sources, Diagnostics& diags);

// The referencing columns that lead from source `from` to source `to` (the first a column of `from`),
// the shortest such path. Empty when `to` cannot be reached; `ambiguous` is set when two shortest paths
// exist (`from` references `to` through two columns).
std::vector<int> reference_path(const std::vector<Source>& sources, int from, int to, bool& ambiguous);

// `orders.customer_id->customers.acquired_channel`: a Lookup expression's path (dumps, plan keys).
std::string lookup_text(const std::vector<Source>& sources, const Expr& e);

// How to declare the reference from `from` to `to` (the help of KP0220).
std::string reference_help(const std::vector<Source>& sources, int from, int to);

}  // namespace kpic::sema
