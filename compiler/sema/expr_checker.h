// Checks the expressions of one metric: resolves names (columns, metrics, template parameters),
// expands `fn` templates at each call site, computes types and levels, and reports every problem.
//
// It runs twice per metric. In collect mode it only records what the metric uses (unqualified column
// names, qualified sources, metrics, whether it aggregates) so that the metric's source can be chosen
// (ProgramBuilder); its diagnostics are discarded. In check mode, with the source and the dimensions
// fixed, it builds the typed expressions.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/sema/definitions.h"
#include "compiler/sema/program.h"

namespace kpic::sema {

// What the checker needs to know about the program being built.
struct CheckEnv {
  Program& program;
  const Definitions& defs;
  const std::vector<bool>& unknown_columns_ok;  // per source: columns may be added with unknown type
  const std::vector<int>& def_to_program;       // definition index -> program metric index (-1: absent)
  const std::vector<bool>& metric_failed;       // per definition: could not be analyzed
};

class ExprChecker {
 public:
  ExprChecker(CheckEnv env, Diagnostics& diags, int metric_def, int source, bool collect);

  // The metric's value (aggregate level). `time_dim`: index of the time bucket among its dimensions.
  ExprPtr check_metric(const ast::Expr& e, int time_dim);
  // A row-level expression over the source (metric `where`, dimension, `--where`).
  ExprPtr check_row(const ast::Expr& e);
  // A `by` dimension: a column, a time bucket of the source, or a row-level expression named with `as`.
  bool check_dimension(const ast::Expr& e, const std::string& alias, SourceRange alias_range, Dimension& out);

  bool failed() const { return failed_; }

  // Collected in both modes.
  struct Use {
    std::string name;
    SourceRange range;
  };
  std::vector<Use> column_names;               // unqualified names used as columns (first use each)
  std::map<int, SourceRange> qualified;        // sources named by `src.col`
  bool has_aggregate = false;
  std::map<int, SourceRange> metric_uses;      // definition index -> first use as a metric value
  std::map<int, SourceRange> scalar_uses;      // definition index -> first use as a scalar in a row
  const FnEntry* top_template = nullptr;       // the template, when the whole value is one call

 private:
  struct Frame;
  struct Ctx {
    bool row = false;     // names are columns (inside an aggregate, where, by, per keys)
    bool in_per = false;  // inside the argument of an aggregate with `per`
  };

  ExprPtr check(const ast::Expr& e, Ctx c, const Frame* f);
  ExprPtr check_name(const ast::Expr& e, Ctx c, const Frame* f);
  ExprPtr check_column(const ast::Expr& e, const Frame* f);
  bool lookup_path(const ast::Expr& e, int src, std::vector<int>& via, const Frame* f);
  ExprPtr check_metric_name(const ast::Expr& e, Ctx c, const Frame* f);
  ExprPtr check_unary(const ast::Expr& e, Ctx c, const Frame* f);
  ExprPtr check_binary(const ast::Expr& e, Ctx c, const Frame* f);
  ExprPtr check_in(const ast::Expr& e, Ctx c, const Frame* f);
  ExprPtr check_if(const ast::Expr& e, Ctx c, const Frame* f);
  ExprPtr check_call(const ast::Expr& e, Ctx c, const Frame* f);
  ExprPtr check_template(const ast::Expr& e, const FnEntry& fn, Ctx c, const Frame* f);
  ExprPtr check_aggregate(const ast::Expr& e, const BuiltinInfo& b, Ctx c, const Frame* f);
  bool names_aggregate(const ast::Expr& e) const;
  ExprPtr check_ratio_of_aggregates(const ast::Expr& e, Ctx c, const Frame* f);
  ExprPtr check_scalar(const ast::Expr& e, const BuiltinInfo& b, Ctx c, const Frame* f);
  ExprPtr check_period(const ast::Expr& e, const BuiltinInfo& b, Ctx c, const Frame* f);
  ExprPtr check_funnel(const ast::Expr& e, const BuiltinInfo& b, Ctx c, const Frame* f);  // funnel.cc
  ExprPtr check_trailing(const ast::Expr& e, const BuiltinInfo& b, Ctx c, const Frame* f);  // trailing.cc
  ExprPtr check_cohort(const ast::Expr& e, const BuiltinInfo& b, const Frame* f);            // cohort.cc
  // The offset N of prev(X, N) / growth(X, N): a positive integer literal, as an Int Literal (period_offset.cc).
  ExprPtr period_offset(const ast::Expr& e, const BuiltinInfo& b, const Frame* f);
  // An argument that must be written as a literal (an offset, a window): a template parameter stands for
  // the caller's argument, so `fn yoy(m_x, n) = growth(m_x, n)` takes `yoy(revenue, 12)`. Returns the
  // expression the literal is read from and sets `f` to the frame it belongs to.
  static const ast::Expr& literal_argument(const ast::Expr& e, const Frame*& f);
  ExprPtr check_lag(const ast::Expr& e, const BuiltinInfo& b, Ctx c, const Frame* f);
  // The rules of a computed dimension `x` (checked): row level, no aggregate, named (computed_dimension.cc).
  bool check_computed_dimension(const Expr& x, const std::string& alias);
  ExprPtr temporal_literal(const ast::Expr& e, const BuiltinInfo& b, const Frame* f);
  // A constant for `in [...]` / comparisons: literal, negated number, date(...)/timestamp(...).
  bool coerce_string_to(ExprPtr& lit, ValueType want, const Frame* f);
  void require_type(const Expr& x, bool ok, DiagCode code, const std::string& what, const Frame* f);

  Diagnostic& error(DiagCode code, SourceRange r, std::string message, const Frame* f);
  ExprPtr invalid(SourceRange r);  // placeholder after an error: type unknown, never cascades
  ExprPtr too_large(const ast::Expr& e, const Frame* f);  // the expansion bound is passed (once an error)

  CheckEnv env_;
  Diagnostics& diags_;
  int metric_def_;
  int source_;
  bool collect_;
  bool failed_ = false;
  int time_dim_ = -1;
  long expanded_nodes_ = 0;  // nodes checked inside templates (bounded by kMaxExpandedNodes)
  bool expansion_reported_ = false;
  std::set<std::string> seen_names_;
};

// A deep copy of a typed expression (dimensions shared between metrics).
ExprPtr clone(const Expr& e);
// Whether `e` or a sub-expression satisfies `pred`.
bool contains(const Expr& e, bool (*pred)(const Expr&));
// Whether `e` is a cohort_retention(...) node (cohort.cc).
bool is_cohort(const Expr& e);
// A metric whose value is cohort_retention(...) gets the dimensions `cohort` (the bucket, a date) and
// `period` (Int) after its `by` and `--by` ones (the first `explicit_by` are its own), and the unit percent
// unless it has one; cohort_retention anywhere else in it, or a time bucket (or a dimension named `cohort`
// or `period`) in its `by`, is KP0511 (false); such a `--by` is left out (a KP0508 note when `primary`).
bool cohort_dimensions(Metric& m, size_t explicit_by, bool primary, Diagnostics& diags);
// Whether a `by` dimension is computed (neither a name nor a time bucket call): it needs `as NAME`.
bool is_computed_dimension(const ast::Expr& e);

}  // namespace kpic::sema
