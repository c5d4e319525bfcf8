// kpic: the command-line entry point. Only dispatch lives here; each subcommand is its own file.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "compiler/driver/commands.h"

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
  kpic::driver::add_lsp_command(app, exit_code);
  kpic::driver::add_debug_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;  // bad usage is exit code 2
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kpic: internal error: %s\n", e.what());
    return 3;
  }
  return exit_code;
}
