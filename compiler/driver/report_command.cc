// `kpic report FILE.kpi [DATA | NAME=DATA]... [-o report.html] [--title T]`: evaluate the metrics as
// `kpic run` does and write one self-contained HTML page of the results (compiler/driver/report).
// Without -o the page goes to stdout. Exit codes: 0 success; 1 diagnostics (bad definitions, bad data,
// a run-time error, an output file that cannot be written); 2 bad usage.
#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "compiler/driver/atomic_write.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/session.h"
#include "compiler/driver/report/html_report.h"

namespace kpic::driver {

namespace {

struct ReportArgs {
  std::string file;
  std::vector<std::string> data;
  std::string output;
  std::string title;
  std::string target;  // --target NAME (kpic.toml)
  int threads = 0;
  bool no_cache = false;
};

// The time of the run, UTC; SOURCE_DATE_EPOCH (seconds) overrides it for reproducible pages.
std::string run_time() {
  std::time_t now = std::time(nullptr);
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH")) {
    char* end = nullptr;
    long long v = std::strtoll(epoch, &end, 10);
    if (end != epoch && *end == '\0') now = static_cast<std::time_t>(v);
  }
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
  return buf;
}

int run_report(const ReportArgs& args) {
  if (args.threads < 0) {
    std::fprintf(stderr, "kpic report: --threads must be positive\n");
    return 2;
  }
  SessionRequest req;
  req.file = args.file;
  req.data = args.data;
  req.target = args.target;
  Session l;
  if (int rc = open_session(req, "report", l)) return rc;
  RunResult result;
  if (int rc = evaluate_session(l, args.threads, !args.no_cache, result)) return rc;
  report::ReportInfo info;
  info.title = args.title;
  info.file = args.file;
  for (const auto& [source, path] : l.bound) info.data.push_back(source + ": " + path);
  info.generated_at = run_time();
  info.version = KPIC_VERSION;
  std::string page = report::html_report(l.program, result, info);
  if (args.output.empty() || args.output == "-") {
    std::cout << page << std::flush;
    return 0;
  }
  std::string error = write_file_atomically(args.output, page);
  if (!error.empty()) {
    std::fprintf(stderr, "kpic report: %s: %s\n", args.output.c_str(), error.c_str());
    return 1;
  }
  return 0;
}

}  // namespace

void add_report_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ReportArgs>();
  auto* cmd = app.add_subcommand("report", "Write a self-contained HTML page of a .kpi file's metrics");
  cmd->add_option("file", args->file, "the .kpi file")->required();
  cmd->add_option("data", args->data, "data files: DATA (the only source) or NAME=DATA");
  cmd->add_option("-o,--output", args->output, "the HTML file to write (default: stdout)");
  cmd->add_option("--title", args->title, "the page title (default: KPI report: FILE)");
  cmd->add_option("--target", args->target, "evaluate on the data of [targets.NAME] in kpic.toml");
  cmd->add_option("--threads", args->threads, "scan threads (default: all cores)");
  cmd->add_flag("--no-cache", args->no_cache, "neither read nor write the compiled-code cache");
  cmd->callback([args, &exit_code] { exit_code = run_report(*args); });
}

}  // namespace kpic::driver
