// `kpic debug WHAT FILE`: hidden dumps of the compiler's internal structures, for golden tests.
//   kpic debug ast [--ranges] FILE   the AST (compiler/syntax/ast_dump.h), syntax errors on stderr
//
//   kpic debug program ...           the typed program (debug_program.cc, compiler/sema's)
//   kpic debug builtins              docs/language.md's table of builtins (debug_builtins.cc)
//
// Two ways to add a dump. A simple one (one .kpi file in, text out) is a row of kDebugDumps below: a name,
// a one-line help, and a function that prints the dump of the file to stdout; reading the file,
// rendering diagnostics and the exit codes (0 clean, 1 diagnostics, 2 usage) are shared. A dump with
// options of its own registers its own sub-subcommand through a hook like add_debug_program_command.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

#include "compiler/diag/render.h"
#include "compiler/diag/terminal_color.h"
#include "compiler/driver/commands.h"
#include "compiler/syntax/ast_dump.h"
#include "compiler/syntax/parser.h"
#include "compiler/syntax/source_file.h"

namespace kpic::driver {

namespace {

struct DebugOptions {
  bool ranges = false;  // print source ranges where the dump supports them
};

// Prints the dump of `file` (already added to `sm`) to stdout; problems go to `diags`.
using DebugDump = void (*)(const SourceManager& sm, FileId file, const DebugOptions& opts, Diagnostics& diags);

void dump_ast(const SourceManager& sm, FileId file, const DebugOptions& opts, Diagnostics& diags) {
  ast::File ast = syntax::parse(sm, file, diags);
  std::string out = opts.ranges ? syntax::dump(ast, sm) : syntax::dump(ast);
  std::fwrite(out.data(), 1, out.size(), stdout);
}

struct DebugDumpEntry {
  const char* name;
  const char* help;
  DebugDump run;
};

// The registry of dumps. Add new ones here.
const DebugDumpEntry kDebugDumps[] = {
    {"ast", "print the syntax tree of a .kpi file", dump_ast},
};

int run_dump(const DebugDumpEntry& entry, const std::string& path, const DebugOptions& opts) {
  SourceManager sm;
  Diagnostics diags;
  std::string text, error;
  if (!syntax::read_source_file(path, text, error)) {
    Diagnostic d;
    d.code = DiagCode::cannot_read_file;
    d.message = "cannot read the file: " + error;
    d.path = path;
    diags.add(d);
  } else {
    FileId file = sm.add(path, std::move(text));
    entry.run(sm, file, opts, diags);
  }
  std::fflush(stdout);
  RenderOptions ro;
  ro.color = use_color(stderr);
  std::string rendered = render_all(sm, diags, ro);
  std::fwrite(rendered.data(), 1, rendered.size(), stderr);
  return diags.has_errors() ? 1 : 0;
}

}  // namespace

// `kpic debug builtins` (debug_builtins.cc): docs/language.md's table of builtins.
void add_debug_builtins_command(CLI::App& debug, int& exit_code);

// `kpic debug program` (debug_program.cc): the typed program.
void add_debug_program_command(CLI::App& debug, int& exit_code);

void add_debug_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("debug", "");
  cmd->group("");  // hidden
  cmd->require_subcommand(1);
  for (const DebugDumpEntry& entry : kDebugDumps) {
    auto* sub = cmd->add_subcommand(entry.name, entry.help);
    auto path = std::make_shared<std::string>();
    auto opts = std::make_shared<DebugOptions>();
    sub->add_option("FILE", *path, "the .kpi file")->required();
    sub->add_flag("--ranges", opts->ranges, "print source ranges (line:col-line:col)");
    sub->callback([&exit_code, &entry, path, opts] { exit_code = run_dump(entry, *path, *opts); });
  }
  add_debug_program_command(*cmd, exit_code);
  add_debug_builtins_command(*cmd, exit_code);
}

}  // namespace kpic::driver
