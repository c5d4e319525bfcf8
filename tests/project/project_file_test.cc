// kpic.toml: reading, precedence of a target over [sources], and located errors.
#include "compiler/project/project_file.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <fstream>

#include "compiler/diag/render.h"

namespace fs = std::filesystem;
using namespace kpic;
using kpic::project::ProjectFile;

namespace {

struct Parsed {
  SourceManager sm;
  Diagnostics diags;
  std::optional<ProjectFile> project;
};

Parsed parse(std::string text) {
  Parsed p;
  p.project = project::parse_project_file(p.sm, "kpic.toml", std::move(text), p.diags);
  return p;
}

// "line:col" of a diagnostic's range.
std::string where(const Parsed& p, const Diagnostic& d) {
  REQUIRE(d.range.valid());
  LineCol lc = p.sm.line_col(d.range.file, d.range.begin);
  return std::to_string(lc.line) + ":" + std::to_string(lc.col);
}

// The only diagnostic, which must be an error with `code`.
const Diagnostic& only_error(const Parsed& p, DiagCode code) {
  REQUIRE(p.diags.list().size() == 1);
  const Diagnostic& d = p.diags.list()[0];
  CHECK(d.severity == Severity::Error);
  CHECK(code_string(d.code) == code_string(code));
  return d;
}

const char* kContract = R"(# as docs/sql.md shows it
[sources]                                    # the default binding: local files
events = "data/events.parquet"
customers = "data/customers.csv"

[targets.prod]                               # kpic run saas.kpi --target prod
engine = "postgresql://analytics@db.internal/prod"
events = "analytics.events"
customers = "crm.customers"

[targets.staging]
events = "staging/events.parquet"
)";

}  // namespace

TEST_CASE("the contract's kpic.toml reads as written") {
  Parsed p = parse(kContract);
  REQUIRE(p.project.has_value());
  CHECK(p.diags.list().empty());
  const ProjectFile& f = *p.project;
  REQUIRE(f.sources.size() == 2);
  CHECK(f.sources[0].source == "events");
  CHECK(f.sources[0].value == "data/events.parquet");
  CHECK(f.sources[1].source == "customers");
  REQUIRE(f.targets.size() == 2);
  CHECK(f.targets[0].name == "prod");
  CHECK(f.targets[0].engine == "postgresql://analytics@db.internal/prod");
  REQUIRE(f.targets[0].bindings.size() == 2);
  CHECK(f.targets[0].bindings[1].value == "crm.customers");
  CHECK(f.targets[1].engine.empty());
  CHECK(f.target("staging") == &f.targets[1]);
  CHECK(f.target("dev") == nullptr);
  CHECK(f.folder() == fs::path(""));
}

TEST_CASE("a target's bindings override [sources], the others stay") {
  Parsed p = parse(kContract);
  REQUIRE(p.project.has_value());
  auto plain = project::bindings_for(*p.project, "", p.diags);
  REQUIRE(plain.has_value());
  CHECK((*plain)[0].value == "data/events.parquet");
  auto staging = project::bindings_for(*p.project, "staging", p.diags);
  REQUIRE(staging.has_value());
  REQUIRE(staging->size() == 2);
  CHECK((*staging)[0].value == "staging/events.parquet");
  CHECK((*staging)[1].value == "data/customers.csv");
  CHECK(p.diags.list().empty());
}

TEST_CASE("an unknown target names the ones there are") {
  Parsed p = parse(kContract);
  REQUIRE(p.project.has_value());
  CHECK_FALSE(project::bindings_for(*p.project, "prd", p.diags).has_value());
  const Diagnostic& d = only_error(p, DiagCode::unknown_target);
  CHECK(d.message == "no target `prd` in the project file");
  CHECK(d.help == "did you mean `prod`?");
  CHECK(d.path == "kpic.toml");

  Parsed q = parse(kContract);
  CHECK_FALSE(project::bindings_for(*q.project, "qa", q.diags).has_value());
  CHECK(only_error(q, DiagCode::unknown_target).help == "its targets: prod, staging");
}

TEST_CASE("unknown keys are located, with a suggestion") {
  Parsed p = parse("[sources]\nevents = \"e.parquet\"\n\n[source]\nx = \"y\"\n");
  CHECK_FALSE(p.project.has_value());
  const Diagnostic& d = only_error(p, DiagCode::bad_project_file);
  CHECK(where(p, d) == "4:2");
  CHECK(d.message == "unknown key `source` in kpic.toml (it has [sources] and [targets.NAME])");
  CHECK(d.help == "did you mean `sources`?");
  CHECK(render(p.sm, d).starts_with("kpic.toml:4:2: error[KP0820]: unknown key `source`"));
}

TEST_CASE("values of the wrong type are located") {
  Parsed p = parse("[sources]\nevents = 3\n");
  CHECK_FALSE(p.project.has_value());
  const Diagnostic& d = only_error(p, DiagCode::bad_project_file);
  CHECK(where(p, d) == "2:10");
  CHECK(d.message == "`events` in [sources] must be a string, not an integer");

  Parsed t = parse("targets = \"prod\"\n");
  CHECK(where(t, only_error(t, DiagCode::bad_project_file)) == "1:11");
  CHECK(t.diags.list()[0].message == "`targets` must be a table, not a string");

  Parsed e = parse("[targets.prod]\nengine = [\"a\"]\n");
  CHECK(only_error(e, DiagCode::bad_project_file).message ==
        "`engine` in [targets.prod] must be a string, not an array");

  Parsed n = parse("[targets]\nprod = 1\n");
  CHECK(only_error(n, DiagCode::bad_project_file).message == "target `prod` must be a table, not an integer");
}

TEST_CASE("columns count characters, so a name with accents is located on its byte") {
  Parsed p = parse("[sources]\n\"événements\" = true\n");
  const Diagnostic& d = only_error(p, DiagCode::bad_project_file);
  CHECK(where(p, d) == "2:18");  // 15 characters (17 bytes) before `true`
  CHECK(d.message == "`événements` in [sources] must be a string, not a boolean");
}

TEST_CASE("TOML syntax errors are located") {
  Parsed p = parse("[sources]\nevents = \"e.parquet\nx = 1\n");
  const Diagnostic& d = only_error(p, DiagCode::bad_project_file);
  CHECK(where(p, d).starts_with("2:"));
  CHECK_FALSE(p.project.has_value());

  Parsed dup = parse("[sources]\nevents = \"a\"\nevents = \"b\"\n");
  CHECK(where(dup, only_error(dup, DiagCode::bad_project_file)).starts_with("3:"));
}

TEST_CASE("an engine is a PostgreSQL URI without a password") {
  Parsed p = parse("[targets.prod]\nengine = \"postgresql://me:secret@db/prod\"\n");
  const Diagnostic& d = only_error(p, DiagCode::bad_project_file);
  CHECK(where(p, d) == "2:10");
  CHECK(d.message == "a password in kpic.toml");
  CHECK(d.help.find("PGPASSWORD") != std::string::npos);

  Parsed q = parse("[targets.prod]\nengine = \"postgres://db/prod?sslmode=require&password=x\"\n");
  CHECK(only_error(q, DiagCode::bad_project_file).message == "a password in kpic.toml");

  Parsed m = parse("[targets.prod]\nengine = \"mysql://db/prod\"\n");
  CHECK(only_error(m, DiagCode::bad_project_file).message.starts_with("`engine` must be a PostgreSQL URI"));

  // A user name and a port are no password.
  Parsed ok = parse("[targets.prod]\nengine = \"postgresql://me@db:5433/prod?sslmode=require\"\n");
  CHECK(ok.project.has_value());
  CHECK(ok.diags.list().empty());
}

TEST_CASE("bindings of sources no file declares are located") {
  Parsed p = parse(kContract);
  REQUIRE(p.project.has_value());
  project::check_declared_sources(*p.project, {"events", "customer"}, p.diags);
  REQUIRE(p.diags.list().size() == 2);  // customers in [sources] and in [targets.prod]
  const Diagnostic& d = p.diags.list()[0];
  CHECK(code_string(d.code) == "KP0822");
  CHECK(where(p, d) == "4:1");
  CHECK(d.message == "`customers` is bound here but no file declares that source");
  CHECK(d.help == "did you mean `customer`?");
  CHECK(where(p, p.diags.list()[1]) == "9:1");
}

TEST_CASE("the project file is found by walking up from the .kpi file") {
  fs::path root = fs::temp_directory_path() / ("kpic_project_test_" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "a" / "b");
  std::ofstream(root / "a" / "kpic.toml") << "[sources]\nevents = \"e.parquet\"\n";
  std::ofstream(root / "a" / "b" / "m.kpi") << "";
  CHECK(project::find_project_file(root / "a" / "b" / "m.kpi") == root / "a" / "kpic.toml");
  CHECK(project::find_project_file(root / "a" / "m.kpi") == root / "a" / "kpic.toml");

  SourceManager sm;
  Diagnostics diags;
  auto f = project::read_project_file(sm, root / "a" / "kpic.toml", diags);
  REQUIRE(f.has_value());
  CHECK(f->folder() == root / "a");
  CHECK(f->sources[0].value == "e.parquet");

  CHECK_FALSE(project::read_project_file(sm, root / "missing.toml", diags).has_value());
  REQUIRE(diags.list().size() == 1);
  CHECK(diags.list()[0].path == (root / "missing.toml").string());
  fs::remove_all(root);
}
