// `kpic run FILE.kpi|DIR [FILE.kpi]... [DATA | NAME=DATA]... [options]`: evaluate every metric of a file, or of
// several files (a folder: every .kpi file under it) run together with each source scanned once for all.
// `kpic explain FILE.kpi [DATA]... [--ir]`: print the plan (passes, merged metrics) and the kernels' IR.
// Exit codes: 0 success; 1 diagnostics (bad definitions, bad data, run-time errors, a missed target
// with --check); 2 bad usage; 130 a query on an engine (--engine) cancelled by Ctrl-C.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <cmath>
#include <optional>
#include <cstdlib>
#include <iostream>
#include <sys/stat.h>
#include <unistd.h>

#include "compiler/diag/terminal_color.h"
#include "compiler/driver/commands.h"
#include "compiler/engine/evaluate.h"
#include "compiler/jit/code_cache.h"
#include "compiler/driver/session.h"
#include "compiler/driver/output/format_results.h"
#include "compiler/driver/atomic_write.h"
#include "compiler/driver/output/targets.h"
#include "compiler/driver/run_sources.h"
#include "compiler/driver/engine_run.h"
#include "runtime/exec/memory_budget.h"

namespace kpic::driver {

namespace {

struct RunArgs {
  std::string file;
  std::vector<std::string> data;
  std::vector<std::string> metrics;
  std::vector<std::string> by;
  std::string where;
  std::string target;  // --target NAME (kpic.toml)
  std::string format = "table";
  std::string output;  // -o FILE
  bool check = false;
  bool describe = false;
  int threads = 0;
  std::string memory_limit;  // --memory-limit SIZE | none
  bool no_cache = false;
  bool timings = false;
  bool verify_checksums = false;
  bool ir = false;  // explain
  std::string engine;              // --engine URI (run)
  double statement_timeout_s = 0;  // --statement-timeout SECONDS (run --engine)
};

SessionRequest request(const RunArgs& args) {
  SessionRequest req;
  req.file = args.file;
  req.data = args.data;
  req.by = args.by;
  req.where = args.where;
  req.metrics = args.metrics;
  req.target = args.target;
  req.verify_checksums = args.verify_checksums;
  return req;
}

// What decides the kernels a run compiles, as far as the command line shows it: the files (by path, size
// and time of change), the data arguments, the metric options and the directory. A run with the signature
// of an earlier one that found or left its kernels in the code cache most likely finds them (a run hint,
// jit/code_cache.h).
std::string run_signature(const RunArgs& args) {
  std::string s = std::string("kpic ") + KPIC_VERSION;
  auto add = [&](const std::string& x) {
    s += '\n';
    s += x;
  };
  auto add_file = [&](const std::string& path) {
    add(path);
    struct stat st;
    if (::stat(path.c_str(), &st) == 0)
      add(std::to_string(st.st_size) + " " + std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec));
  };
  char cwd[4096];
  add(::getcwd(cwd, sizeof cwd) ? cwd : "");
  add_file(args.file);
  for (const std::string& d : args.data) add_file(d.substr(d.find('=') + 1));  // NAME=PATH or PATH
  for (const auto* list : {&args.metrics, &args.by})
    for (const std::string& x : *list) add(x);
  add(args.where);
  add(args.target);
  const char* level = std::getenv("KPIC_CODE_LEVEL");
  add(level ? level : "");
  return s;
}

// The metrics of `only` (all the main file's when empty) evaluated by kpic's own engine. Returns 0, or the
// exit code after printing the diagnostics.
int evaluate_locally(Session& l, const RunArgs& args, const std::vector<std::string>& only, RunResult& result) {
  if (int rc = require_data(l, only)) return rc;
  engine::EvaluateOptions eo;
  eo.threads = args.threads;
  if (args.memory_limit == "none") eo.memory_limit = 0;
  else if (!args.memory_limit.empty()) eo.memory_limit = exec::parse_memory_size(args.memory_limit);
  eo.use_cache = !args.no_cache;
  eo.only_metrics = only;
  eo.progress = isatty(fileno(stderr)) != 0;
  result = engine::evaluate(l.program, l.readers, eo, l.diags);
  print_diags(l);
  if (l.diags.has_errors()) {
    for (const auto& d : l.diags.list())
      if (d.code == DiagCode::unknown_metric_option) return 2;
    return 1;
  }
  return 0;
}

int run_run(const RunArgs& args) {
  auto fmt = output::parse_format(args.format);
  if (!fmt) {
    std::fprintf(stderr, "kpic run: unknown --format `%s` (table, json, csv, markdown)\n", args.format.c_str());
    return 2;
  }
  if (args.threads < 0) {
    std::fprintf(stderr, "kpic run: --threads must be positive\n");
    return 2;
  }
  if (!args.memory_limit.empty() && args.memory_limit != "none" && !exec::parse_memory_size(args.memory_limit)) {
    std::fprintf(stderr, "kpic run: --memory-limit takes a size such as 512MB, 4GiB or 50%% (of the machine's memory), or none\n");
    return 2;
  }
  if (args.statement_timeout_s < 0 || args.statement_timeout_s > 2e6) {
    std::fprintf(stderr, "kpic run: --statement-timeout must be a number of seconds between 0 and 2000000\n");
    return 2;
  }
  SessionRequest req = request(args);
  req.engine.allowed = true;
  req.engine.uri = args.engine;
  req.engine.connect = true;
  req.engine.statement_timeout_ms = static_cast<int>(std::ceil(args.statement_timeout_s * 1000));
  // The JIT and its code generator start while the files are parsed and checked, unless the same run
  // found its kernels in the code cache before: loading them needs no code generator, and the warm-up
  // thread only slows the parse down (~2 ms of a cache-hit run of a small file; docs/performance.md).
  jit::CodeCache hints;
  std::string signature = args.engine.empty() && !args.no_cache ? run_signature(args) : "";
  const bool hinted = !signature.empty() && hints.ran_before(signature);
  std::optional<engine::JitWarmUp> warm_up;
  if (args.engine.empty() && !hinted) warm_up.emplace();
  Session l;
  if (int rc = open_session(req, "run", l)) return rc;
  if (args.statement_timeout_s > 0 && l.engine.uri.empty()) {
    std::fprintf(stderr, "kpic run: --statement-timeout applies to a run on an engine (--engine, or a target with `engine`)\n");
    return 2;
  }
  if (std::none_of(l.program.metrics.begin(), l.program.metrics.end(),
                   [](const sema::Metric& m) { return m.from_main_file; })) {
    // CI must never pass on nothing: a file without metrics (or only imports and tests) is an error.
    std::fprintf(stderr, "kpic run: %s defines no metric: nothing to evaluate\n", args.file.c_str());
    return 1;
  }
  Diagnostics withheld;  // metrics --where would filter only in part: errors, printed after the others
  std::vector<std::string> withheld_names;
  if (!args.where.empty()) withheld_names = withhold_mixed_where(l.program, args.metrics, withheld, l.diags);
  std::vector<std::string> only = args.metrics;
  std::erase_if(only, [&](const std::string& name) {
    return std::find(withheld_names.begin(), withheld_names.end(), name) != withheld_names.end();
  });
  if (!withheld.list().empty() && (only.empty() != args.metrics.empty() ||
                                   std::none_of(l.program.metrics.begin(), l.program.metrics.end(),
                                                [](const sema::Metric& m) { return m.from_main_file; }))) {
    print_diags(l);  // nothing left to evaluate
    print_diags(l.sm, withheld);
    return 1;
  }
  RunResult result;
  if (int rc = l.engine.uri.empty() ? evaluate_locally(l, args, only, result) : run_on_engine(l, only, result))
    return rc;
  if (!signature.empty() && !hinted && l.engine.uri.empty()) hints.note_run(signature);
  result.timings.parse_ms = l.parse_ms;
  result.timings.check_ms = l.check_ms;
  output::OutputOptions oo;
  oo.format = *fmt;
  oo.describe = args.describe;
  oo.color = use_color(stdout);
  oo.list_missed = !args.check;
  oo.color = oo.color && args.output.empty();
  std::string text = output::format_results(l.program, result, oo);
  if (!args.output.empty()) {
    std::string error = write_file_atomically(args.output, text);
    if (!error.empty()) {
      std::fprintf(stderr, "kpic run: cannot write %s: %s\n", args.output.c_str(), error.c_str());
      return 1;
    }
  } else {
    std::cout << text << std::flush;
  }
  if (args.timings) {
    const RunTimings& t = result.timings;
    std::fprintf(stderr, "timings: parse %.1f ms, check %.1f ms, compile %.1f ms%s, scan %.1f ms\n", t.parse_ms,
                 t.check_ms, t.compile_ms, t.cache_hit ? " (cache hit)" : "", t.scan_ms);
    if (t.scan_parts > 1)
      std::fprintf(stderr, "timings: the aggregate state did not fit in the memory limit (%s): scanned in %d parts\n",
                   exec::format_bytes(t.memory_limit).c_str(), t.scan_parts);
  }
  if (!withheld.list().empty()) {
    print_diags(l.sm, withheld);
    return 1;
  }
  if (args.check && !output::targets_met(l.program, result)) {
    // Each miss is a diagnostic at the @target it misses (in the user's file or the library's fn).
    Diagnostics missed;
    for (const auto& m : output::missed_targets(l.program, result))
      missed.error(DiagCode::target_missed, m.target.range, output::describe_missed(l.program, result, m));
    print_diags(l.sm, missed);
    return 1;
  }
  return 0;
}

int run_explain(const RunArgs& args) {
  Session l;
  if (int rc = open_session(request(args), "explain", l)) return rc;
  engine::ExplainOptions eo;
  eo.ir = args.ir;
  std::string text = engine::explain(l.program, l.readers, eo, l.diags);
  print_diags(l);
  if (l.diags.has_errors()) return 1;
  std::cout << text << std::flush;
  return 0;
}

}  // namespace

void add_run_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<RunArgs>();
  auto* cmd = app.add_subcommand("run", "Evaluate the metrics of a .kpi file over data");
  cmd->add_option("file", args->file, "the .kpi file, or a folder of .kpi files run together")->required();
  cmd->add_option("data", args->data, "more .kpi files run together, and data: DATA (the only source) or NAME=DATA");
  cmd->add_option("--metric", args->metrics, "evaluate only this metric (repeatable)");
  cmd->add_option("--by", args->by, "add a dimension to every metric whose source has it (repeatable)");
  cmd->add_option("--where", args->where, "filter the rows of every source that has the columns it names");
  cmd->add_option("--format", args->format, "table, json, csv or markdown");
  cmd->add_option("--target", args->target, "run with the data bindings of [targets.NAME] in kpic.toml");
  cmd->add_option("-o,--output", args->output, "write the results to FILE (replaced whole, never half written)");
  cmd->add_flag("--check", args->check, "exit 1 when a metric misses its @target");
  cmd->add_flag("--describe", args->describe, "show each metric's description, unit, target and owner");
  cmd->add_option("--threads", args->threads, "scan threads (default: all cores)");
  cmd->add_option("--memory-limit", args->memory_limit,
                  "memory for aggregate state, e.g. 2GiB or 50% (default 60% of the machine's); past it, groups "
                  "are computed in hash partitions, one scan each; none: no limit");
  cmd->add_flag("--no-cache", args->no_cache, "neither read nor write the compiled-code cache");
  cmd->add_flag("--timings", args->timings, "print parse/check/compile/scan times on stderr");
  cmd->add_flag("--verify-checksums", args->verify_checksums, "verify Parquet page checksums");
  cmd->add_option("--engine", args->engine,
                  "run the metrics as SQL in this PostgreSQL server (postgresql://...); data arguments are then "
                  "tables: TABLE (the only source) or NAME=TABLE");
  cmd->add_option("--statement-timeout", args->statement_timeout_s,
                  "with an engine: stop a metric's query after SECONDS (default: the server's setting)");
  cmd->callback([args, &exit_code] { exit_code = run_run(*args); });

  auto eargs = std::make_shared<RunArgs>();
  auto* ex = app.add_subcommand("explain", "Show how a .kpi file is evaluated: passes, fused metrics, kernels");
  ex->add_option("file", eargs->file, "the .kpi file")->required();
  ex->add_option("data", eargs->data, "data files: DATA (the only source) or NAME=DATA");
  ex->add_option("--target", eargs->target, "run with the data bindings of [targets.NAME] in kpic.toml");
  ex->add_flag("--ir", eargs->ir, "print the optimised LLVM IR of the kernels");
  ex->callback([eargs, &exit_code] { exit_code = run_explain(*eargs); });
}

}  // namespace kpic::driver
