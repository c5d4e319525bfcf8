// Loading a .kpi file with its data (see session.h).
#include "compiler/driver/session.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <unistd.h>

#include "compiler/diag/render.h"
#include "compiler/diag/terminal_color.h"
#include "compiler/driver/bound_schemas.h"
#include "compiler/driver/catalog_files.h"
#include "compiler/driver/engine_run.h"
#include "compiler/driver/project_bindings.h"
#include "compiler/engine/evaluate.h"
#include "compiler/driver/run_sources.h"
#include "compiler/sema/data_args.h"
#include "compiler/sema/frontend.h"
#include "compiler/sema/std_prune.h"
#include "runtime/readers/open_table.h"

namespace kpic::driver {

namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

bool starts_with(const std::string& s, const std::string& prefix) {
  return !prefix.empty() && s.compare(0, prefix.size(), prefix) == 0;
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  if (from.empty()) return;
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

void render_to_stderr(const SourceManager& sm, Diagnostics& diags, const std::string& from, const std::string& to) {
  diags.sort();
  RenderOptions ro;
  ro.color = use_color(stderr);
  std::string text = render_all(sm, diags, ro);
  replace_all(text, from, to);
  std::fputs(text.c_str(), stderr);
}

}  // namespace

void print_diags(const SourceManager& sm, Diagnostics& diags) { render_to_stderr(sm, diags, "", ""); }

void print_diags(Session& l) {
  render_to_stderr(l.sm, l.diags, l.snapshot_dir.empty() ? "" : l.snapshot_dir + "/", l.snapshot_label);
}

namespace {

// open_session once, printing nothing: with `prune`, the standard modules are parsed with only what the
// files may use (sema/std_prune.h).
int load_and_open(const SessionRequest& req, const char* cmd, const std::vector<std::string>& files,
                  const std::vector<std::string>& data, sema::StdPruner* prune, Session& l, std::string& usage) {
  l.snapshot_dir = req.snapshot_dir;
  l.snapshot_label = req.snapshot_label;
  auto t0 = Clock::now();
  sema::LoadOptions load;
  load.prune_std = prune;
  sema::Unit unit = sema::load_many(l.sm, files, l.diags, load);
  l.parse_ms = ms_since(t0);
  if (l.diags.has_errors()) return 1;
  // kpic diff's base version lives in a snapshot folder: its kpic.toml is the working copy's.
  std::string governing = files.front();
  if (!req.snapshot_dir.empty() && starts_with(governing, req.snapshot_dir + "/"))
    governing = req.worktree_dir + governing.substr(req.snapshot_dir.size());
  SessionRequest rest = req;
  rest.data = data;  // what catalog_files left: the data arguments
  return open_loaded(rest, cmd, unit, governing, l, usage);
}

// The engine could not be reached or has not the tables: loading again would only ask it again.
bool engine_failed(const Diagnostics& diags) {
  for (const Diagnostic& d : diags.list())
    if (d.code == DiagCode::engine_unreachable || d.code == DiagCode::engine_table_unreadable) return true;
  return false;
}

bool defines_all(const sema::Program& p, const std::vector<std::string>& names) {
  for (const std::string& n : names)
    if (std::none_of(p.metrics.begin(), p.metrics.end(), [&](const sema::Metric& m) { return m.name == n; }))
      return false;
  return true;
}

}  // namespace

int open_session(const SessionRequest& req, const char* cmd, Session& l) {
  std::vector<std::string> data = req.data;
  std::vector<std::string> files = catalog_files(req.file, data);  // `run a.kpi b.kpi`, `run DIR`
  if (files.empty()) {
    std::fprintf(stderr, "kpic %s: no .kpi file in %s\n", cmd, req.file.c_str());
    return 1;
  }
  // First with the standard library pruned to what the files and options name. Any error, or a
  // --metric it lacks, and everything is done again with the whole library: what a user sees never
  // depends on pruning (a "did you mean" may name an imported metric the files do not use).
  std::vector<std::string> names = req.metrics;
  names.insert(names.end(), req.by.begin(), req.by.end());
  if (!req.where.empty()) names.push_back(req.where);
  sema::StdPruner prune(names);
  std::string usage;
  int rc = load_and_open(req, cmd, files, data, &prune, l, usage);
  if ((rc == 1 && !engine_failed(l.diags)) || (rc == 0 && !defines_all(l.program, req.metrics))) {
    double pruned_ms = l.parse_ms;
    l = Session{};
    usage.clear();
    rc = load_and_open(req, cmd, files, data, nullptr, l, usage);
    l.parse_ms += pruned_ms;
  }
  if (rc == 2 && !usage.empty()) std::fprintf(stderr, "kpic %s: %s\n", cmd, usage.c_str());
  if (rc == 1) print_diags(l);
  return rc;
}

int open_loaded(const SessionRequest& req, const char* cmd, sema::Unit& unit, const std::string& governing,
                Session& l, std::string& usage) {
  sema::ProjectBindings project;
  l.engine.uri = req.engine.uri;
  if (int rc = project_bindings(governing, req.target, unit, cmd, l.sm, l.diags, project,
                                req.engine.allowed ? &l.engine.uri : nullptr))
    return rc;
  std::vector<sema::DataArg> bound;
  if (!sema::bind_data_args(unit, req.data, bound, usage, project)) return 2;
  std::map<std::string, Schema> schemas;
  std::map<std::string, std::unique_ptr<TableReader>> by_source;
  if (!l.engine.uri.empty()) {
    if (!bind_engine_tables(req.engine, unit, bound, schemas, l)) return 1;
    bound.clear();  // tables, not files: nothing to open
  }
  for (auto& b : bound) {
    if (b.from_default && starts_with(b.path, req.snapshot_dir + "/"))
      b.path = req.worktree_dir + b.path.substr(req.snapshot_dir.size());
    l.bound.emplace_back(b.source, b.path);
    const sema::SourceInfo* info = unit.find_source(b.source);
    OpenOptions opts;
    opts.verify_checksums = req.verify_checksums;
    if (info && info->has_schema) opts.declared = &info->schema;
    try {
      auto reader = open_table(b.path, opts);
      if (req.verify_checksums)
        for (const auto& file : files_without_page_crcs(*reader)) {
          Diagnostic d;
          d.severity = Severity::Note;
          d.code = DiagCode::checksum_mismatch;
          d.path = file;
          d.message = "--verify-checksums: its pages carry no CRC, so nothing in it could be verified";
          l.diags.add(std::move(d));
        }
      schemas[b.source] = reader->schema();
      by_source[b.source] = std::move(reader);
    } catch (const DataError& e) {
      Diagnostic d = data_error_diagnostic(e, b.path, b.source, info, b.bound_at);
      if (b.from_default && e.code == 701) l.unopened[b.source] = std::move(d);
      else l.diags.add(std::move(d));
    }
  }
  if (l.diags.has_errors()) return 1;
  auto t1 = Clock::now();
  sema::AnalyzeOptions opts;
  opts.extra_by = req.by;
  opts.extra_where = req.where;
  l.program = sema::analyze(l.sm, unit, schemas, opts, l.diags);
  l.check_ms = ms_since(t1);
  if (l.diags.has_errors()) {
    for (auto& [name, d] : l.unopened) l.diags.add(d);  // may be why a column is unknown
    return 1;
  }
  for (const auto& s : l.program.sources) {
    auto it = by_source.find(s.name);
    if (it == by_source.end()) {
      l.readers.push_back(nullptr);
      continue;
    }
    l.readers.push_back(it->second.get());
    l.owned.push_back(std::move(it->second));
  }
  return 0;
}

int check_session(const SessionRequest& req, const char* cmd, Session& s, bool with_tests) {
  sema::Unit unit = sema::load(s.sm, req.file, s.diags);
  sema::ProjectBindings project;
  if (!unit.files.empty())
    if (int rc = project_bindings(req.file, req.target, unit, cmd, s.sm, s.diags, project)) return rc == 2 ? 2 : 0;
  std::map<std::string, Schema> schemas;
  if (!read_bound_schemas(unit, req.data, cmd, schemas, s.diags, false, project)) return 2;
  if (s.diags.has_errors()) return 0;
  sema::AnalyzeOptions opts;
  opts.allow_unknown_columns = true;
  opts.extra_by = req.by;
  opts.extra_where = req.where;
  s.program = sema::analyze(s.sm, unit, schemas, opts, s.diags);
  if (with_tests) sema::analyze_tests(s.sm, unit, s.diags, schemas);
  return 0;
}

TestSessionStatus test_session(const SessionRequest& req, Session& s, sema::Unit& unit,
                               std::vector<sema::TestCase>& tests) {
  unit = sema::load(s.sm, req.file, s.diags);
  if (s.diags.has_errors()) return TestSessionStatus::file_errors;
  sema::ProjectBindings project;
  if (int rc = project_bindings(req.file, req.target, unit, "test", s.sm, s.diags, project))
    return rc == 1 ? TestSessionStatus::project_errors : TestSessionStatus::usage;
  std::map<std::string, Schema> data;
  Diagnostics unread;  // data that cannot be read only leaves the literals' own types
  read_bound_schemas(unit, {}, "test", data, unread, /*only_undeclared=*/true, project);
  tests = sema::analyze_tests(s.sm, unit, s.diags, data);
  return TestSessionStatus::ready;
}

int require_data(Session& l, const std::vector<std::string>& only_metrics) {
  int rc = missing_data(l, only_metrics);
  if (rc) print_diags(l);
  return rc;
}

int missing_data(Session& l, const std::vector<std::string>& only_metrics) {
  std::vector<bool> read = sources_read(l.program, only_metrics);
  bool unreadable = false;  // a missing file is bad data (exit 1); an unbound source is bad usage (2)
  for (size_t s = 0; s < l.program.sources.size(); ++s) {
    if (l.readers[s] || !read[s]) continue;
    const std::string& name = l.program.sources[s].name;
    if (auto it = l.unopened.find(name); it != l.unopened.end()) {
      l.diags.add(it->second);
      unreadable = true;
      continue;
    }
    Diagnostic d;
    d.code = DiagCode::bad_binding;
    d.message = "no data for source `" + name + "`";
    d.help = "pass " + name + "=FILE, or bind it in kpic.toml's [sources]";
    l.diags.add(std::move(d));
  }
  if (l.diags.has_errors()) return unreadable ? 1 : 2;
  return 0;
}

int evaluate_session(Session& l, int threads, bool use_cache, RunResult& result) {
  if (int rc = require_data(l)) return rc;
  engine::EvaluateOptions eo;
  eo.threads = threads;
  eo.use_cache = use_cache;
  result = engine::evaluate(l.program, l.readers, eo, l.diags);
  print_diags(l);
  return l.diags.has_errors() ? 1 : 0;
}

}  // namespace kpic::driver
