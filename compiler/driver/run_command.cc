// `kpic run FILE.kpi|DIR [FILE.kpi]... [DATA | NAME=DATA]... [options]`: evaluate every metric of a file, or of
// several files (a folder: every .kpi file under it) run together with each source scanned once for all.
// `kpic explain FILE.kpi [DATA]... [--ir]`: print the plan (passes, merged metrics) and the kernels' IR.
// Exit codes: 0 success; 1 diagnostics (bad definitions, bad data, run-time errors, a missed target
// with --check); 2 bad usage.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <unistd.h>

#include "compiler/diag/render.h"
#include "compiler/driver/catalog_files.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/evaluate.h"
#include "compiler/driver/output/format_results.h"
#include "compiler/driver/output/targets.h"
#include "compiler/driver/run_sources.h"
#include "compiler/sema/data_args.h"
#include "compiler/sema/frontend.h"
#include "runtime/readers/open_table.h"

namespace kpic::driver {

namespace {

struct RunArgs {
  std::string file;
  std::vector<std::string> data;
  std::vector<std::string> metrics;
  std::vector<std::string> by;
  std::string where;
  std::string format = "table";
  bool check = false;
  bool describe = false;
  int threads = 0;
  bool no_cache = false;
  bool timings = false;
  bool verify_checksums = false;
  bool ir = false;  // explain
};

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// Everything `run` and `explain` share: load, bind, open, analyze. Returns 0 when `program` and
// `readers` are ready, else the exit code (diagnostics already printed).
struct Loaded {
  SourceManager sm;
  Diagnostics diags;
  sema::Program program;
  std::vector<std::unique_ptr<TableReader>> owned;
  std::vector<const TableReader*> readers;
  // Default data files that could not be opened, by source: an error only when a metric reads them.
  std::map<std::string, Diagnostic> unopened;
  double parse_ms = 0, check_ms = 0;
};

void print_diags(const SourceManager& sm, Diagnostics& diags) {
  diags.sort();
  RenderOptions ro;
  ro.color = isatty(fileno(stderr)) && !std::getenv("KPIC_NO_COLOR") && !std::getenv("NO_COLOR");
  std::string text = render_all(sm, diags, ro);
  std::fputs(text.c_str(), stderr);
}
void print_diags(Loaded& l) { print_diags(l.sm, l.diags); }

int load(const RunArgs& args, const char* cmd, Loaded& l) {
  auto t0 = Clock::now();
  std::vector<std::string> data = args.data;
  std::vector<std::string> files = catalog_files(args.file, data);  // `run a.kpi b.kpi`, `run DIR`
  if (files.empty()) {
    std::fprintf(stderr, "kpic %s: no .kpi file in %s\n", cmd, args.file.c_str());
    return 1;
  }
  sema::Unit unit = sema::load_many(l.sm, files, l.diags);
  l.parse_ms = ms_since(t0);
  if (l.diags.has_errors()) {
    print_diags(l);
    return 1;
  }
  std::vector<sema::DataArg> bound;
  std::string usage;
  if (!sema::bind_data_args(unit, data, bound, usage)) {
    std::fprintf(stderr, "kpic %s: %s\n", cmd, usage.c_str());
    return 2;
  }
  std::map<std::string, Schema> schemas;
  std::map<std::string, std::unique_ptr<TableReader>> by_source;
  for (const auto& b : bound) {
    const sema::SourceInfo* info = unit.find_source(b.source);
    OpenOptions opts;
    opts.verify_checksums = args.verify_checksums;
    if (info && info->has_schema) opts.declared = &info->schema;
    try {
      auto reader = open_table(b.path, opts);
      schemas[b.source] = reader->schema();
      by_source[b.source] = std::move(reader);
    } catch (const DataError& e) {
      Diagnostic d;
      d.code = static_cast<DiagCode>(e.code);
      d.path = e.path.empty() ? b.path : e.path;
      d.message = e.message + " (source `" + b.source + "`)";
      if (b.from_default && e.code == 701) l.unopened[b.source] = std::move(d);
      else l.diags.add(std::move(d));
    }
  }
  if (l.diags.has_errors()) {
    print_diags(l);
    return 1;
  }
  auto t1 = Clock::now();
  sema::AnalyzeOptions opts;
  opts.extra_by = args.by;
  opts.extra_where = args.where;
  l.program = sema::analyze(l.sm, unit, schemas, opts, l.diags);
  l.check_ms = ms_since(t1);
  if (l.diags.has_errors()) {
    for (auto& [name, d] : l.unopened) l.diags.add(d);  // may be why a column is unknown
    print_diags(l);
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
  Loaded l;
  if (int rc = load(args, "run", l)) return rc;
  if (std::none_of(l.program.metrics.begin(), l.program.metrics.end(),
                   [](const sema::Metric& m) { return m.from_main_file; })) {
    // CI must never pass on nothing: a file without metrics (or only imports and tests) is an error.
    std::fprintf(stderr, "kpic run: %s defines no metric: nothing to evaluate\n", args.file.c_str());
    return 1;
  }
  // Metrics whose sources have no data at all cannot run: say which source lacks data. A source that
  // no selected metric reads needs none (its default file may be missing).
  std::vector<bool> read = sources_read(l.program, args.metrics);
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
    d.message = "no data for source `" + name + "`: pass " + name + "=FILE";
    l.diags.add(std::move(d));
  }
  if (l.diags.has_errors()) {
    print_diags(l);
    return unreadable ? 1 : 2;
  }
  engine::EvaluateOptions eo;
  eo.threads = args.threads;
  eo.use_cache = !args.no_cache;
  eo.only_metrics = args.metrics;
  eo.progress = isatty(fileno(stderr)) != 0;
  RunResult result = engine::evaluate(l.program, l.readers, eo, l.diags);
  print_diags(l);
  if (l.diags.has_errors()) {
    for (const auto& d : l.diags.list())
      if (d.code == DiagCode::unknown_metric_option) return 2;
    return 1;
  }
  result.timings.parse_ms = l.parse_ms;
  result.timings.check_ms = l.check_ms;
  output::OutputOptions oo;
  oo.format = *fmt;
  oo.describe = args.describe;
  oo.color = output::color_for_stdout();
  oo.list_missed = !args.check;
  std::cout << output::format_results(l.program, result, oo) << std::flush;
  if (args.timings) {
    const RunTimings& t = result.timings;
    std::fprintf(stderr, "timings: parse %.1f ms, check %.1f ms, compile %.1f ms%s, scan %.1f ms\n", t.parse_ms,
                 t.check_ms, t.compile_ms, t.cache_hit ? " (cache hit)" : "", t.scan_ms);
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
  Loaded l;
  if (int rc = load(args, "explain", l)) return rc;
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
  cmd->add_flag("--check", args->check, "exit 1 when a metric misses its @target");
  cmd->add_flag("--describe", args->describe, "show each metric's description, unit, target and owner");
  cmd->add_option("--threads", args->threads, "scan threads (default: all cores)");
  cmd->add_flag("--no-cache", args->no_cache, "neither read nor write the compiled-code cache");
  cmd->add_flag("--timings", args->timings, "print parse/check/compile/scan times on stderr");
  cmd->add_flag("--verify-checksums", args->verify_checksums, "verify Parquet page checksums");
  cmd->callback([args, &exit_code] { exit_code = run_run(*args); });

  auto eargs = std::make_shared<RunArgs>();
  auto* ex = app.add_subcommand("explain", "Show how a .kpi file is evaluated: passes, fused metrics, kernels");
  ex->add_option("file", eargs->file, "the .kpi file")->required();
  ex->add_option("data", eargs->data, "data files: DATA (the only source) or NAME=DATA");
  ex->add_flag("--ir", eargs->ir, "print the optimised LLVM IR of the kernels");
  ex->callback([eargs, &exit_code] { exit_code = run_explain(*eargs); });
}

}  // namespace kpic::driver
