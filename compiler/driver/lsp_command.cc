// `kpic lsp`: the language server on stdin/stdout (compiler/lsp/server.h). This file gives it what
// lives in the driver: the bound data's schemas (as `kpic check` reads them) and the evaluation of a
// document's metrics on their bound data for the "run" code lenses (through the session of every
// command, session.h). Both bind what `kpic check` binds with no arguments: kpic.toml's [sources]
// (project_bindings.h), then the sources' default paths.
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdlib>
#include <unistd.h>

#include "compiler/driver/bound_schemas.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/project_bindings.h"
#include "compiler/engine/evaluate.h"
#include "compiler/driver/output/unit_format.h"
#include "compiler/driver/output/value_text.h"
#include "compiler/driver/session.h"
#include "compiler/lsp/server.h"

namespace kpic::driver {

namespace {

// The data kpic.toml binds for the document at `path`. Its errors are added to `diags` without a range
// (the document's diagnostics live in another SourceManager): kpic.toml's file:line:col is their path.
// Returns false when kpic.toml has errors.
bool lsp_project(const std::string& path, const sema::Unit& unit, sema::ProjectBindings& out, Diagnostics& diags) {
  SourceManager sm;
  Diagnostics own;
  if (project_bindings(path, "", unit, "lsp", sm, own, out) == 0) return true;
  for (Diagnostic d : own.list()) {
    if (d.range.valid()) {
      LineCol lc = sm.line_col(d.range.file, d.range.begin);
      d.path = sm.name(d.range.file) + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.col);
      d.range = {};
    }
    d.notes.clear();
    diags.add(std::move(d));
  }
  return false;
}

std::map<std::string, Schema> lsp_schemas(const sema::Unit& unit, Diagnostics& diags) {
  std::map<std::string, Schema> out;
  sema::ProjectBindings project;
  if (unit.files.empty() || !lsp_project(unit.files.front().path, unit, project, diags)) return out;
  read_bound_schemas(unit, {}, "lsp", out, diags, false, project);
  return out;
}

// The first error of `diags`, as a lens shows why it has no value: a kpic.toml error is named as such.
std::string first_error(const Diagnostics& diags) {
  for (const Diagnostic& d : diags.list())
    if (d.severity == Severity::Error) return d.message;
  return "the file has errors";
}

std::string dims_text(const MetricRow& row) {
  std::string out;
  for (size_t i = 0; i < row.dims.size(); ++i) out += (i ? ", " : "") + output::raw_text(row.dims[i]);
  return out;
}

// The metrics of `path` on the data kpic.toml's [sources] and their sources' default paths bind, through
// the session every command uses (session.h). `v.error` is the first error when they cannot be run.
lsp::LensValues lsp_evaluate(const std::string& path, const std::string& text, const syntax::FileReader& reader) {
  lsp::LensValues v;
  Session s;
  sema::LoadOptions load;
  load.reader = &reader;
  sema::Unit unit = sema::load_text(s.sm, path, text, s.diags, load);
  if (s.diags.has_errors()) {
    v.error = "the file has errors";
    return v;
  }
  SessionRequest req;
  req.file = path;
  std::string usage;
  int rc = open_loaded(req, "lsp", unit, path, s, usage);
  if (rc == 0) rc = missing_data(s);
  if (rc != 0) {
    v.error = !usage.empty() ? usage : first_error(s.diags);
    return v;
  }
  const sema::Program& program = s.program;
  const std::vector<const TableReader*>& readers = s.readers;
  Diagnostics& diags = s.diags;
  engine::EvaluateOptions eo;
  eo.threads = 2;
  RunResult result = engine::evaluate(program, readers, eo, diags);
  if (diags.has_errors()) {
    v.error = diags.list().front().message;
    return v;
  }
  v.ok = true;
  for (const MetricResult& m : result.metrics) {
    std::string unit_name;
    for (const auto& pm : program.metrics)
      if (pm.name == m.name) unit_name = pm.unit;
    auto value = [&](const Value& x) {
      std::string shown = output::format_for_people(x, unit_name);
      if (shown.empty()) shown = "null";
      return output::unit_in_header(unit_name) ? shown + " " + unit_name : shown;
    };
    if (m.dim_names.empty() && m.rows.size() == 1) {
      v.summary[m.name] = value(m.rows[0].value);
      v.detail[m.name] = m.name + " = " + value(m.rows[0].value);
    } else {
      std::string summary = std::to_string(m.rows.size()) + " groups by " + m.dim_names.front();
      for (size_t i = 1; i < m.dim_names.size(); ++i) summary += ", " + m.dim_names[i];
      if (!m.rows.empty()) summary += " · last: " + value(m.rows.back().value) + " (" + dims_text(m.rows.back()) + ")";
      v.summary[m.name] = summary;
      std::string detail = m.name + ":";
      for (size_t i = 0; i < m.rows.size() && i < 20; ++i)
        detail += "\n" + dims_text(m.rows[i]) + ": " + value(m.rows[i].value);
      if (m.rows.size() > 20) detail += "\n… " + std::to_string(m.rows.size() - 20) + " more";
      v.detail[m.name] = detail;
    }
  }
  return v;
}

std::string std_dir() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  std::string base = xdg && *xdg ? xdg : home && *home ? std::string(home) + "/.cache" : "/tmp";
  return base + "/kpic/std-" + KPIC_VERSION;
}

}  // namespace

void add_lsp_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("lsp", "Language server for editors (LSP 3.17 on stdin/stdout)");
  auto debounce = std::make_shared<int>(15);
  cmd->add_option("--debounce-ms", *debounce, "edits closer together than this are checked once, this long after the last (default 15)");
  cmd->callback([debounce, &exit_code] {
    std::signal(SIGPIPE, SIG_IGN);  // a closed client pipe is a write error, not a crash
    lsp::ServerOptions opts;
    opts.schemas = lsp_schemas;
    opts.evaluate = lsp_evaluate;
    opts.debounce_ms = std::max(0, *debounce);
    opts.std_dir = std_dir();
    exit_code = lsp::serve(STDIN_FILENO, STDOUT_FILENO, opts);
  });
}

}  // namespace kpic::driver
