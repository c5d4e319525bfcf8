// kpic: the command-line entry point. Only dispatch lives here; each subcommand is its own file.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <string>

#include "compiler/driver/atomic_write.h"
#include "compiler/driver/commands.h"

namespace {

// Everything a command printed must have arrived: a write error on stdout (a full disk, /dev/full)
// is an error, exit 1, never a silent truncation.
int checked_exit(int code) {
  std::string error = kpic::driver::finish_stdout();
  if (error.empty()) return code;
  std::fprintf(stderr, "kpic: cannot write to standard output: %s\n", error.c_str());
  return code == 0 ? 1 : code;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"kpic — a compiler for business KPIs", "kpic"};
  app.set_version_flag("--version", std::string("kpic ") + KPIC_VERSION);
  app.require_subcommand(1);
  int exit_code = 0;
  kpic::driver::add_check_command(app, exit_code);
  kpic::driver::add_fmt_command(app, exit_code);
  kpic::driver::add_schema_command(app, exit_code);
  kpic::driver::add_run_command(app, exit_code);
  kpic::driver::add_test_command(app, exit_code);
  kpic::driver::add_doc_command(app, exit_code);
  kpic::driver::add_diff_command(app, exit_code);
  kpic::driver::add_report_command(app, exit_code);
  kpic::driver::add_debug_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return checked_exit(code == 0 ? 0 : 2);  // bad usage is exit code 2
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kpic: internal error: %s\n", e.what());
    return 3;
  }
  return checked_exit(exit_code);
}
