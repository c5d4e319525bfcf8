// Placeholder until the `kpic fmt` command lands: registers the subcommand and reports that it is missing.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "compiler/driver/commands.h"

namespace kpic::driver {

void add_fmt_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("fmt", "(not built yet)");
  cmd->allow_extras();
  cmd->callback([&exit_code] {
    std::fprintf(stderr, "kpic fmt: not built yet\n");
    exit_code = 2;
  });
}

}  // namespace kpic::driver
