// The named definitions a program sees: metrics and `fn` templates from the main file and its imports,
// with their attributes checked. Main-file definitions shadow imported ones; two imported files
// defining the same name, or one file defining it twice, is an error.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/sema/attributes.h"
#include "compiler/sema/frontend.h"

namespace kpic::sema {

struct MetricEntry {
  const ast::MetricDef* def = nullptr;
  bool from_main = true;
  Attributes attrs;
};

struct FnEntry {
  const ast::FnDef* def = nullptr;
  Attributes attrs;
};

class Definitions {
 public:
  Definitions(const Unit& unit, Diagnostics& diags);

  // A test block's local metric: shadows a file metric of the same name.
  void add_local(const ast::MetricDef& def, Diagnostics& diags);

  // Reports calls of unknown functions in template bodies, once, at the definition (a template is
  // otherwise only checked where it is expanded).
  void check_template_calls(Diagnostics& diags) const;

  int find_metric(const std::string& name) const;  // -1 when none
  const FnEntry* find_fn(const std::string& name) const;
  std::vector<std::string> metric_names() const;
  std::vector<std::string> fn_names() const;

  std::vector<MetricEntry> metrics;  // main file first (file order), then imports

 private:
  void add_metric(const ast::MetricDef& def, bool from_main, Diagnostics& diags);
  void add_fn(const ast::FnDef& def, bool from_main, Diagnostics& diags);

  std::map<std::string, int> metric_index_;
  std::map<std::string, FnEntry> fns_;
  std::map<std::string, bool> fn_from_main_;
};

}  // namespace kpic::sema
