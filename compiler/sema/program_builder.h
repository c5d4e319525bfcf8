// Builds the typed Program from the definitions: chooses each metric's source, builds the metric
// graph (cycles, evaluation order), computes dimensions (explicit `by`, inherited from used metrics,
// `--by` extras), and checks every expression with ExprChecker.
#pragma once

#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/sema/definitions.h"
#include "compiler/sema/expr_checker.h"
#include "compiler/sema/program.h"

namespace kpic::sema {

// A `--by` dimension given on the command line, parsed.
struct ExtraDim {
  const ast::Expr* expr = nullptr;
  std::string alias;
};

class ProgramBuilder {
 public:
  // `sources`: the program's sources with their schemas; `unknown_ok[s]`: source s has no known schema
  // and its columns may be added with unknown type (kpic check).
  ProgramBuilder(const Definitions& defs, std::vector<Source> sources, std::vector<bool> unknown_ok,
                 Diagnostics& diags);

  void set_extra_dims(std::vector<ExtraDim> dims) { extra_dims_ = std::move(dims); }
  void set_extra_where(const ast::Expr* where) { extra_where_ = where; }

  // Analyzes the metrics reachable from `roots` (definition indices).
  Program build(const std::vector<int>& roots);

 private:
  struct Info {
    std::vector<ExprChecker::Use> names;
    std::map<int, SourceRange> qualified;
    bool has_aggregate = false;
    bool has_errors = false;  // the collecting pass met errors (an unknown function: aggregates unknown)
    std::map<int, SourceRange> metric_uses;
    std::map<int, SourceRange> scalar_uses;
    bool failed = false;
  };
  // Per program metric: each dimension's defining expression and alias (to group other sources by it).
  struct DimOrigin {
    std::vector<const ast::Expr*> ast;
    std::vector<std::string> alias;
  };

  void collect(int def);
  void find_cycles(const std::vector<int>& reachable);
  int choose_source(int def);
  std::set<int> lookup_bases(const Info& in) const;
  bool explicit_dims(int def, Metric& m);
  bool deps_dims_in(int def, Metric& m);
  bool inherited_dims(int def, Metric& m);
  void add_extra_dims(int def, Metric& m, unsigned mask, bool primary);
  void plan_splits(const std::vector<int>& order);
  bool has_extra_dim(int def, size_t x);
  void analyze_metric(int def, unsigned mask, bool primary);
  void apply_extra_where();
  void report_unknown_columns();
  bool try_dimension(int source, const ast::Expr& e, const std::string& alias, Dimension& out);
  CheckEnv env();

  const Definitions& defs_;
  Diagnostics& diags_;
  Program program_;
  std::vector<bool> unknown_ok_;
  std::vector<Info> info_;
  std::vector<int> def_to_program_;
  std::vector<DimOrigin> origin_;  // per program metric
  // `--by` splitting (one bit per extra dimension): split_[d] holds the dimensions definition d can be
  // split by, i.e. its own source has them and every metric it uses with data is split by them too.
  std::vector<int> source_of_;   // per definition: choose_source()
  std::vector<bool> has_data_;   // per definition: reads a source, directly or through metrics it uses
  std::vector<unsigned> split_;
  std::vector<std::string> extra_names_;  // the output name of each extra dimension
  std::vector<bool> failed_;
  std::vector<ExtraDim> extra_dims_;
  std::vector<bool> extra_unknown_;  // per --by dimension: no source has it (an error, no notes)
  const ast::Expr* extra_where_ = nullptr;
};

}  // namespace kpic::sema
