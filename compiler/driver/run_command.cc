// Placeholder until the `kpic run` command lands: registers the subcommand and reports that it is missing.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "compiler/driver/commands.h"

namespace kpic::driver {

void add_run_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("run", "(not built yet)");
  cmd->allow_extras();
  cmd->callback([&exit_code] {
    std::fprintf(stderr, "kpic run: not built yet\n");
    exit_code = 2;
  });
}

}  // namespace kpic::driver
