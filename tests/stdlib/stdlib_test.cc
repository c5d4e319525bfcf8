// The standard library as data: every module is embedded and parses cleanly, `std` imports all the others,
// the signatures fixed by spec/metrics.md are exactly as given, and every template has a description, a
// unit and at least one test block of its module that calls it.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "compiler/syntax/parser.h"
#include "stdlib/doc/catalog.h"
#include "stdlib/embedded.h"

namespace {

using namespace kpic;

struct Module {
  std::string name;
  ast::File file;
};

std::vector<Module> parse_all(SourceManager& sm, Diagnostics& diags) {
  std::vector<Module> out;
  for (std::string_view name : stdlib::module_names()) {
    FileId id = sm.add(std::string(*stdlib::module_file(name)), std::string(*stdlib::module_source(name)));
    out.push_back({std::string(name), syntax::parse(sm, id, diags)});
  }
  return out;
}

// spec/metrics.md, "Signatures the library must offer": names and parameter orders.
const std::map<std::string, std::vector<std::string>> kFixed = {
    {"nps", {"score"}},
    {"csat", {"rating"}},
    {"osat", {"rating"}},
    {"arpu", {"revenue", "user"}},
    {"arppu", {"revenue", "user"}},
    {"mrr", {"amount"}},
    {"net_new_mrr", {"m_new", "m_expansion", "m_churned"}},
    {"cac", {"m_spend", "m_new_customers"}},
    {"ltv", {"m_avg_purchase_value", "m_purchases_per_year", "m_lifetime_years"}},
    {"ltv_cac_ratio", {"m_ltv", "m_cac"}},
    {"retention_rate", {"customer", "active", "is_new"}},
    {"churn_rate", {"customer", "active", "churned"}},
    {"repeat_purchase_rate", {"customer"}},
    {"dau", {"user", "ts"}},
    {"wau", {"user", "ts"}},
    {"mau", {"user", "ts"}},
    {"stickiness", {"user", "ts"}},
    {"avg_session_duration", {"duration"}},
    {"sessions_per_user", {"session", "user"}},
    {"per_session", {"x", "session"}},
    {"bounce_rate", {"bounced"}},
    {"conversion_rate", {"converted"}},
    {"feature_adoption_rate", {"user", "used_feature"}},
    {"time_to_value", {"start", "reached"}},
    {"growth_rate", {"m_x"}},
};

}  // namespace

TEST_CASE("every module is embedded under its name") {
  std::vector<std::string> names;
  for (auto n : stdlib::module_names()) names.emplace_back(n);
  CHECK(names == std::vector<std::string>{"std", "std.adoption", "std.conversion", "std.delivery", "std.engagement",
                                          "std.quality", "std.retention", "std.revenue", "std.satisfaction"});
  CHECK(stdlib::module_file("std.revenue") == std::optional<std::string_view>("stdlib/revenue.kpi"));
  CHECK(stdlib::module_file("std") == std::optional<std::string_view>("stdlib/std.kpi"));
  CHECK_FALSE(stdlib::module_source("std.revenu"));
  CHECK_FALSE(stdlib::module_source(""));
  CHECK_FALSE(stdlib::module_source("revenue"));
  REQUIRE(stdlib::module_source("std.satisfaction"));
  CHECK(stdlib::module_source("std.satisfaction")->find("fn nps(score)") != std::string_view::npos);
}

TEST_CASE("modules parse cleanly and std imports all the others") {
  SourceManager sm;
  Diagnostics diags;
  auto modules = parse_all(sm, diags);
  CHECK(diags.size() == 0);
  std::set<std::string> imported;
  for (const auto& m : modules)
    if (m.name == "std")
      for (const auto& s : m.file.stmts)
        if (s.kind == ast::StmtKind::Import) imported.insert(s.import->module);
  for (const auto& m : modules)
    if (m.name != "std") CHECK_MESSAGE(imported.count(m.name), m.name << " is not imported by std");
}

TEST_CASE("the fixed signatures are exactly as spec/metrics.md gives them") {
  SourceManager sm;
  Diagnostics diags;
  std::map<std::string, std::vector<std::string>> found;
  for (const auto& m : parse_all(sm, diags))
    for (const auto& s : m.file.stmts)
      if (s.kind == ast::StmtKind::Fn) found[s.fn->name] = s.fn->params;
  for (const auto& [name, params] : kFixed) {
    INFO(name);
    REQUIRE(found.count(name));
    CHECK(found[name] == params);
  }
}

TEST_CASE("every template has a description, a unit and a test, and names are unique") {
  SourceManager sm;
  Diagnostics diags;
  std::map<std::string, std::string> module_of;
  int templates = 0;
  for (const auto& m : parse_all(sm, diags)) {
    auto tested = stdlib::template_test_counts(m.file);
    for (const auto& s : m.file.stmts) {
      if (s.kind != ast::StmtKind::Fn) continue;
      const auto& f = *s.fn;
      INFO(m.name << " " << f.name);
      ++templates;
      CHECK_MESSAGE(module_of.emplace(f.name, m.name).second, "also defined in " << module_of[f.name]);
      CHECK(f.doc.text.size() > 20);
      CHECK(f.doc.text.find("Formula:") != std::string::npos);
      bool unit = false;
      for (const auto& a : f.attributes) unit |= a.name == "unit";
      CHECK(unit);
      CHECK(tested[f.name] >= 1);
    }
  }
  CHECK(templates >= 70);
}

TEST_CASE("the catalog of the standard library lists every template with its signature") {
  SourceManager sm;
  Diagnostics diags;
  stdlib::Catalog cat = stdlib::stdlib_catalog(sm, diags);
  CHECK(diags.size() == 0);
  CHECK(cat.sections.size() == 8);
  std::string md = stdlib::render_markdown(cat);
  CHECK(md.find("### nps\n\n`nps(score)` · unit: score") != std::string::npos);
  CHECK(md.find("fn arpu(revenue, user) = sum(revenue) / count_distinct(user)") != std::string::npos);
  std::string html = stdlib::render_html(cat);
  CHECK(html.find("<code>retention_rate(customer, active, is_new)</code>") != std::string::npos);
  CHECK(html.find("count_distinct(customer where active) - count_distinct") != std::string::npos);
}
