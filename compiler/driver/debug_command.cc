// Placeholder until the hidden `kpic debug` command lands (AST and typed-program dumps for golden tests).
#include <CLI/CLI.hpp>
#include <cstdio>

#include "compiler/driver/commands.h"

namespace kpic::driver {

void add_debug_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("debug", "");
  cmd->group("");  // hidden
  cmd->allow_extras();
  cmd->callback([&exit_code] {
    std::fprintf(stderr, "kpic debug: not built yet\n");
    exit_code = 2;
  });
}

}  // namespace kpic::driver
