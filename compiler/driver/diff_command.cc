// `kpic diff [--base REV | --base-file OLD.kpi] FILE.kpi [DATA | NAME=DATA]... [--format F]
//  [--fail-on-change]`: what a change to a .kpi file does to its metrics. The file and its imports at a
// git revision (default HEAD; read from git, not from the working tree) or an old file are compared
// with the working copy: each metric is added, removed, changed (its checked, fully expanded meaning
// differs) or unchanged, and both versions are evaluated on the same data to show the values that moved.
// Exit codes: 0 success; 1 diagnostics (either side does not check or run, a file missing at the
// revision, values changed with --fail-on-change); 2 bad usage (not a git repository, an unknown
// revision, bad options or data arguments).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>

#include "compiler/diag/terminal_color.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/diff/diff_format.h"
#include "compiler/driver/diff/git_snapshot.h"
#include "compiler/driver/diff/metric_diff.h"
#include "compiler/driver/session.h"
#include "compiler/driver/output/format_results.h"

namespace kpic::driver {

namespace {

struct DiffArgs {
  std::string file;
  std::vector<std::string> data;
  std::string base;       // --base REV
  std::string base_file;  // --base-file OLD.kpi
  std::string target;     // --target NAME (kpic.toml)
  std::string format = "table";
  bool fail_on_change = false;
  int threads = 0;
  bool no_cache = false;
};

// Loads and evaluates one side. Returns 0 or the exit code (diagnostics printed).
int evaluate_side(const SessionRequest& req, const DiffArgs& args, Session& l, RunResult& result) {
  if (int rc = open_session(req, "diff", l)) return rc;
  return evaluate_session(l, args.threads, !args.no_cache, result);
}

int run_diff(const DiffArgs& args) {
  if (args.format != "table" && args.format != "markdown" && args.format != "md" && args.format != "json") {
    std::fprintf(stderr, "kpic diff: unknown --format `%s` (table, markdown, json)\n", args.format.c_str());
    return 2;
  }
  if (!args.base.empty() && !args.base_file.empty()) {
    std::fprintf(stderr, "kpic diff: give --base or --base-file, not both\n");
    return 2;
  }
  if (args.threads < 0) {
    std::fprintf(stderr, "kpic diff: --threads must be positive\n");
    return 2;
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(args.file, ec)) {
    std::fprintf(stderr, "kpic diff: %s: cannot read: no such file (the working copy is the new version)\n",
                 args.file.c_str());
    return 1;
  }
  diff::DiffHeader header;
  header.file = args.file;
  SessionRequest before_req;
  before_req.data = args.data;
  before_req.target = args.target;
  diff::GitSnapshot snapshot;
  if (!args.base_file.empty()) {
    before_req.file = args.base_file;
    header.before = args.base_file;
  } else {
    std::string rev = args.base.empty() ? "HEAD" : args.base;
    std::string error;
    auto status = snapshot.take(args.file, rev, error);
    if (status != diff::GitSnapshot::Status::Ok) {
      std::fprintf(stderr, "kpic diff: %s\n", error.c_str());
      return status == diff::GitSnapshot::Status::MissingFile || status == diff::GitSnapshot::Status::Failed ? 1 : 2;
    }
    before_req.file = snapshot.file();
    before_req.snapshot_dir = snapshot.dir();
    before_req.worktree_dir = snapshot.worktree();
    before_req.snapshot_label = rev + ":";
    header.before = rev + " (" + snapshot.commit().substr(0, 7) + ")";
  }
  Session before, after;
  RunResult before_result, after_result;
  if (int rc = evaluate_side(before_req, args, before, before_result)) {
    std::fprintf(stderr, "kpic diff: the base version (%s) cannot be evaluated\n", header.before.c_str());
    return rc;
  }
  SessionRequest after_req;
  after_req.file = args.file;
  after_req.data = args.data;
  after_req.target = args.target;
  if (int rc = evaluate_side(after_req, args, after, after_result)) return rc;

  auto diffs = diff::diff_metrics(before.program, before_result, after.program, after_result);
  if (args.format == "json") std::cout << diff::format_diff_json(header, diffs);
  else if (args.format == "table") std::cout << diff::format_diff_table(header, diffs, use_color(stdout));
  else std::cout << diff::format_diff_markdown(header, diffs);
  std::cout << std::flush;
  return args.fail_on_change && diff::any_values_changed(diffs) ? 1 : 0;
}

}  // namespace

void add_diff_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<DiffArgs>();
  auto* cmd = app.add_subcommand("diff", "Compare a .kpi file's metrics with a git revision or an old file");
  cmd->add_option("file", args->file, "the .kpi file (its working copy is the new version)")->required();
  cmd->add_option("data", args->data, "data files: DATA (the only source) or NAME=DATA");
  cmd->add_option("--base", args->base, "the git revision to compare with (default HEAD)");
  cmd->add_option("--base-file", args->base_file, "an old version of the file to compare with, instead of git");
  cmd->add_option("--format", args->format, "table, markdown or json");
  cmd->add_option("--target", args->target, "evaluate both versions on the data of [targets.NAME] in kpic.toml");
  cmd->add_flag("--fail-on-change", args->fail_on_change, "exit 1 when any metric's values changed");
  cmd->add_option("--threads", args->threads, "scan threads (default: all cores)");
  cmd->add_flag("--no-cache", args->no_cache, "neither read nor write the compiled-code cache");
  cmd->callback([args, &exit_code] { exit_code = run_diff(*args); });
}

}  // namespace kpic::driver
