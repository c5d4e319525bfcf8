// The session of a command over a .kpi file and its data: load (parse and import) → bind the data
// arguments, then kpic.toml's bindings, to sources → open the data → analyze (type-check against the data's schemas), written once.
// The commands that evaluate metrics (run, explain, diff, report) use open_session, which opens the
// readers and prints the diagnostics on stderr; the ones that only check (check, debug program) use
// check_session, which reads the data's schemas only and leaves rendering to the command. Commands
// render what the session holds.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/diag/source_manager.h"
#include "compiler/driver/engine_session.h"
#include "compiler/sema/frontend.h"
#include "compiler/sema/program.h"
#include "runtime/column/table_reader.h"
#include "runtime/exec/result.h"

namespace kpic::driver {

struct SessionRequest {
  std::string file;
  std::vector<std::string> data;   // DATA or NAME=DATA
  std::vector<std::string> by;     // run --by
  std::string where;               // run --where
  std::vector<std::string> metrics;  // --metric: names the command looks up in the program
  // The kpic.toml governing the file (project_bindings.h) binds the sources no DATA argument binds;
  // `target` (--target NAME, or "") selects its [targets.NAME] bindings over [sources].
  std::string target;
  bool verify_checksums = false;
  // With engine.allowed, --engine or a --target with an `engine` puts the session on that engine's tables:
  // DATA arguments (NAME=TABLE, or TABLE for the only source) and the target's bindings are table
  // references, no file is opened, and the schemas come from the engine (or the `source` blocks).
  EngineRequest engine;
  // kpic diff reads the base revision's files from a snapshot folder: a source's default path under
  // `snapshot_dir` is read from the same place under `worktree_dir` (the data is the working copy's),
  // and paths under `snapshot_dir` in diagnostics are shown as `snapshot_label` + the rest ("HEAD:x.kpi").
  std::string snapshot_dir;
  std::string worktree_dir;
  std::string snapshot_label;
};

struct Session {
  SourceManager sm;
  Diagnostics diags;
  sema::Program program;
  std::vector<std::unique_ptr<TableReader>> owned;
  std::vector<const TableReader*> readers;  // readers[i] is the data of program.sources[i], or nullptr
  // Default data files that could not be opened, by source: an error only when a metric reads them.
  std::map<std::string, Diagnostic> unopened;
  std::vector<std::pair<std::string, std::string>> bound;  // (source, data file) as bound, in source order
  EngineSession engine;  // engine.uri is set when the sources are an engine's tables (no readers then)
  double parse_ms = 0, check_ms = 0;
  std::string snapshot_dir, snapshot_label;  // from the request, for print_diags
};

// Renders `diags` (sorted) on stderr, with color when use_color(stderr) (compiler/diag/terminal_color.h).
void print_diags(const SourceManager& sm, Diagnostics& diags);
void print_diags(Session& l);

// Returns 0 when `l.program` and `l.readers` are ready, else the exit code (1 diagnostics, including
// errors in kpic.toml; 2 bad usage: data that cannot be bound, a --target that cannot be used); the
// diagnostics or the usage message (`kpic CMD: ...`) are printed.
int open_session(const SessionRequest& req, const char* cmd, Session& l);

// open_session's steps after loading, printing no diagnostic: kpic.toml's bindings for `governing` (the
// .kpi file whose folder finds kpic.toml), the data arguments, the data opened, `unit` analysed. Returns 0
// when `l.program` and `l.readers` are ready; 1 with the errors in `l.diags`; 2 with the usage message in
// `usage` (a --target that cannot be used is printed by project_bindings and leaves `usage` empty).
// The language server loads its documents from the editor's text and calls this directly.
int open_loaded(const SessionRequest& req, const char* cmd, sema::Unit& unit, const std::string& governing,
                Session& l, std::string& usage);

// Metrics whose sources have no data cannot run: for each source read by a metric of `only_metrics`
// (all the main file's metrics when empty) or by one they use, and without data, its unopened default
// file's error, or KP0801 when it is unbound. Returns 0, else 1 (a missing file: bad data) or 2 (an
// unbound source: bad usage) after printing them.
int require_data(Session& l, const std::vector<std::string>& only_metrics = {});

// require_data() without printing: the errors are added to `l.diags`. Returns the same codes.
int missing_data(Session& l, const std::vector<std::string>& only_metrics = {});

// For commands that check without reading rows (check, debug program): the file alone (no imports of
// other catalog files), the data's schemas (no readers kept), analysed with columns of unknown type
// allowed (`req.by`/`req.where` applied) and, `with_tests`, its test blocks checked too. Returns 2 after
// printing a usage error (data that cannot be bound, a --target that cannot be used), else 0; the
// diagnostics (kpic.toml's too) are in `s.diags` and `s.program` is set when the file loaded without errors.
int check_session(const SessionRequest& req, const char* cmd, Session& s, bool with_tests);

// kpic test's session over one file: loaded alone (`unit`), kpic.toml's bindings (`req.target`), the
// schemas of the data bound to sources without a `source` block (tests read no rows: a file that cannot
// be read leaves the `given` literals' own types), and one TestCase per test block that type-checks.
// Nothing is printed but kpic.toml's usage errors; the diagnostics are in `s.diags`.
enum class TestSessionStatus {
  ready,           // `tests` built (s.diags may hold the errors of tests that do not type-check)
  file_errors,     // the file does not load
  project_errors,  // kpic.toml has errors
  usage,           // a --target that cannot be used (printed)
};
TestSessionStatus test_session(const SessionRequest& req, Session& s, sema::Unit& unit,
                               std::vector<sema::TestCase>& tests);

// require_data(), then every metric of the main file evaluated as `kpic run` does (engine::evaluate);
// diagnostics printed. Returns 0 with `result` ready, else the exit code.
int evaluate_session(Session& l, int threads, bool use_cache, RunResult& result);

}  // namespace kpic::driver
