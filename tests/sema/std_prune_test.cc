// Pruning the standard library (sema/std_prune.h): what a file uses survives with everything it reaches,
// attributes stay with their definitions, and offsets do not move.
#include <doctest/doctest.h>

#include <algorithm>

#include "compiler/sema/definitions.h"
#include "compiler/sema/frontend.h"
#include "compiler/sema/std_modules.h"
#include "compiler/sema/std_prune.h"

using namespace kpic;

namespace {

// The templates and metrics a module defines, from its parsed (unpruned) text.
std::vector<std::string> defined_in(const std::string& module) {
  SourceManager sm;
  Diagnostics diags;
  sema::Unit unit = sema::load_text(sm, "main.kpi", "import " + module + "\n", diags);
  std::vector<std::string> names;
  for (const auto& f : unit.files)
    if (f.module == module)
      for (const auto& st : f.ast.stmts) {
        if (st.kind == ast::StmtKind::Fn && st.fn) names.push_back(st.fn->name);
        if (st.kind == ast::StmtKind::Metric && st.metric) names.push_back(st.metric->name);
      }
  return names;
}

}  // namespace

TEST_CASE("std_prune: every definition of every module survives with what it calls, and nothing else breaks") {
  int checked = 0;
  for (const std::string& module : sema::std_module_names()) {
    for (const std::string& name : defined_in(module)) {
      sema::StdPruner prune({name});
      sema::LoadOptions opts;
      opts.prune_std = &prune;
      SourceManager sm;
      Diagnostics diags;
      sema::Unit unit = sema::load_text(sm, "main.kpi", "import " + module + "\n", diags, opts);
      sema::Definitions defs(unit, diags);
      defs.check_template_calls(diags);
      INFO(module, " keeping ", name);
      CHECK(!diags.has_errors());
      CHECK((defs.find_fn(name) != nullptr || defs.find_metric(name) >= 0));
      ++checked;
    }
  }
  CHECK(checked > 50);
}

TEST_CASE("std_prune: unused definitions are blanked, lines and attributes kept") {
  const std::string module = "std.engagement";
  std::string text = sema::std_module_without_tests(*sema::std_module_source(module));
  sema::StdPruner prune({"stickiness"});
  std::string pruned = prune.prune(text);
  REQUIRE(pruned.size() == text.size());
  CHECK(std::count(pruned.begin(), pruned.end(), '\n') == std::count(text.begin(), text.end(), '\n'));
  // stickiness calls dau and mau; wau is used by nothing kept.
  CHECK(pruned.find("fn stickiness(") == text.find("fn stickiness("));
  CHECK(pruned.find("fn dau(user, ts)") != std::string::npos);
  CHECK(pruned.find("fn mau(user, ts)") != std::string::npos);
  CHECK(pruned.find("fn wau(") == std::string::npos);
  CHECK(pruned.size() > 0);
  // Each kept definition keeps its attribute line directly above it.
  size_t at = pruned.find("fn stickiness(");
  CHECK(pruned.rfind("@unit(percent)", at) != std::string::npos);
  // Nothing needed: no definition is left, and the text still parses cleanly.
  sema::StdPruner none;
  sema::LoadOptions opts;
  opts.prune_std = &none;
  SourceManager sm;
  Diagnostics diags;
  sema::Unit unit = sema::load_text(sm, "main.kpi", "import std\n", diags, opts);
  CHECK(!diags.has_errors());
  for (const auto& f : unit.files)
    if (!f.is_main)
      for (const auto& st : f.ast.stmts) CHECK((st.kind != ast::StmtKind::Fn && st.kind != ast::StmtKind::Metric));
}

TEST_CASE("std_prune: names in strings and comments do not count; backquoted names do") {
  std::vector<std::string> names;
  sema::names_in("x = sum(`order id`) # mau\ny = \"wau\" + dau", names);
  CHECK(names == std::vector<std::string>{"x", "sum", "order id", "y", "dau"});
}
