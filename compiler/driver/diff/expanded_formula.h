// A checked metric written back in the language's own syntax, with every `fn` template expanded: what
// `kpic diff` shows as a metric's old and new formula, and what it compares to decide whether a
// metric's meaning changed.
//
// The text comes from the typed program (compiler/sema), not from the source: comments, layout,
// parentheses that change nothing, the order of definitions and the names of template parameters are
// gone; operators are printed with the fewest parentheses that keep the tree (so two different trees
// never print the same). Columns of the metric's own source are unqualified; other metrics are named.
#pragma once

#include <string>

#include "compiler/sema/program.h"

namespace kpic::diff {

// One expression, e.g. `sum(amount where status == "paid") / count()`.
std::string formula_text(const sema::Program& p, const sema::Expr& e, int home_source = -1);

// The metric's definition: `FORMULA [where PRED] [by DIM, ...]` (dimensions as `EXPR as NAME` when the
// output name differs from the expression and is not a time bucket's own name: `month(ts)`).
std::string metric_formula(const sema::Program& p, const sema::Metric& m);

// Everything that decides the metric's values: its source, result type, dimensions (inherited ones
// too), `where`, formula, and — recursively — the meaning of every metric it uses (so a change inside
// an imported metric or template changes every metric built on it). Equal strings, equal meaning.
std::string metric_meaning(const sema::Program& p, int metric);

}  // namespace kpic::diff
