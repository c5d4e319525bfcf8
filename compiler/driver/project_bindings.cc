#include "compiler/driver/project_bindings.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "compiler/driver/catalog_files.h"
#include "compiler/project/project_file.h"
#include "compiler/syntax/parser.h"
#include "compiler/syntax/source_file.h"

namespace kpic::driver {

namespace {

namespace fs = std::filesystem;

// The folder of `toml` (found above `kpi_file`) as a path from the working folder in the form the user
// gave the .kpi file: `proj/kpis/saas.kpi` with proj/kpic.toml gives `proj`, `saas.kpi` run from
// proj/kpis gives `..`, an absolute .kpi path an absolute folder. "" for the working folder itself.
fs::path folder_as_given(const std::string& kpi_file, const fs::path& toml) {
  std::error_code ec;
  fs::path given = fs::path(kpi_file).lexically_normal().parent_path();
  if (given.is_absolute()) return toml.parent_path();
  fs::path folder = fs::absolute(kpi_file, ec).lexically_normal().parent_path();
  for (fs::path p = folder; p != toml.parent_path() && p != p.root_path(); p = p.parent_path()) given /= "..";
  given = given.lexically_normal();
  return given == "." ? fs::path() : given;
}

std::string joined(const fs::path& folder, const std::string& value) {
  fs::path v(value);
  if (v.is_absolute() || folder.empty()) return v.lexically_normal().string();
  return (folder / v).lexically_normal().string();
}

// Every source the .kpi files under `folder` declare (a file that declares none has the implicit
// source named after it), for KP0822: a binding may serve a file other than the one being run.
void declared_in_project(const fs::path& folder, std::vector<std::string>& names) {
  for (const std::string& path : find_kpi_files(folder.empty() ? "." : folder.string())) {
    std::string text, error;
    if (!syntax::read_source_file(path, text, error)) continue;
    SourceManager sm;
    Diagnostics ignored;  // the file's own problems are reported when it is the one loaded
    FileId id = sm.add(path, std::move(text));
    ast::File file = syntax::parse(sm, id, ignored);
    bool any = false;
    for (const ast::Stmt& stmt : file.stmts)
      if (stmt.kind == ast::StmtKind::Source && stmt.source) {
        names.push_back(stmt.source->name);
        any = true;
      }
    if (!any) names.push_back(fs::path(path).stem().string());
  }
}

}  // namespace

int project_bindings(const std::string& kpi_file, const std::string& target, const sema::Unit& unit,
                     const char* cmd, SourceManager& sm, Diagnostics& diags, sema::ProjectBindings& out,
                     std::string* engine) {
  out.clear();
  std::error_code ec;
  std::optional<fs::path> found = project::find_project_file(fs::absolute(kpi_file, ec).lexically_normal());
  if (!found) {
    if (target.empty()) return 0;
    std::fprintf(stderr, "kpic %s: --target %s: no kpic.toml was found in %s's folder or above it\n", cmd,
                 target.c_str(), kpi_file.c_str());
    return 2;
  }
  fs::path folder = folder_as_given(kpi_file, *found);
  std::optional<project::ProjectFile> file =
      project::read_project_file(sm, folder.empty() ? fs::path("kpic.toml") : folder / "kpic.toml", diags);
  if (!file) return 1;

  std::vector<std::string> declared;
  for (const sema::SourceInfo& s : unit.sources) declared.push_back(s.name);
  auto is_declared = [&](const project::Binding& b) {
    return std::find(declared.begin(), declared.end(), b.source) != declared.end();
  };
  bool all_declared = std::all_of(file->sources.begin(), file->sources.end(), is_declared);
  for (const project::Target& t : file->targets)
    all_declared = all_declared && std::all_of(t.bindings.begin(), t.bindings.end(), is_declared);
  if (!all_declared) declared_in_project(folder, declared);  // only then: it parses the project's files
  size_t before = diags.size();
  project::check_declared_sources(*file, declared, diags);
  if (diags.size() > before) return 1;

  std::optional<std::vector<project::Binding>> bindings = project::bindings_for(*file, target, diags);
  if (!bindings) return 1;
  const project::Target* t = file->target(target);
  if (engine && (!engine->empty() || (t && !t->engine.empty()))) {
    // On an engine: its tables, as the target names them (as written); [sources] binds files.
    if (t && t->engine.empty()) {
      std::fprintf(stderr, "kpic %s: --engine with --target %s, which binds data files (it has no `engine` in %s)\n",
                   cmd, target.c_str(), file->path.string().c_str());
      return 2;
    }
    if (engine->empty()) *engine = t->engine;
    if (t)
      for (const project::Binding& b : t->bindings)
        if (unit.find_source(b.source)) out[b.source] = sema::ProjectBinding{b.value, b.where};
    return 0;
  }
  if (t && !t->engine.empty()) {
    std::fprintf(stderr,
                 "kpic %s: --target %s: the target runs on an engine (`engine` in %s), and `kpic %s` reads data "
                 "files only (`kpic run --target %s` runs the metrics there; `kpic sql --target %s` prints their SQL)\n",
                 cmd, target.c_str(), file->path.string().c_str(), cmd, target.c_str(), target.c_str());
    return 2;
  }
  for (const project::Binding& b : *bindings)
    if (unit.find_source(b.source)) out[b.source] = sema::ProjectBinding{joined(folder, b.value), b.where};
  return 0;
}

}  // namespace kpic::driver
