// `kpic debug program [--by DIM]... [--where PRED] FILE [DATA | NAME=DATA]...`: the typed program of
// compiler/sema (sema::dump), for golden tests. Like `kpic check`, sources without a schema block or
// data have columns of unknown type. Exit 0 clean, 1 diagnostics, 2 bad usage.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>

#include "compiler/diag/render.h"
#include "compiler/diag/terminal_color.h"
#include "compiler/driver/session.h"
#include "compiler/sema/frontend.h"

namespace kpic::driver {

namespace {

struct ProgramArgs {
  std::string file;
  std::vector<std::string> data;
  std::vector<std::string> by;
  std::string where;
};

int run_program_dump(const ProgramArgs& args) {
  SessionRequest req;
  req.file = args.file;
  req.data = args.data;
  req.by = args.by;
  req.where = args.where;
  Session s;
  if (int rc = check_session(req, "debug program", s, /*with_tests=*/false)) return rc;
  const SourceManager& sm = s.sm;
  Diagnostics& diags = s.diags;
  std::string out = diags.has_errors() ? "" : sema::dump(s.program);
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  diags.sort();
  RenderOptions ro;
  ro.color = use_color(stderr);
  std::string rendered = render_all(sm, diags, ro);
  std::fwrite(rendered.data(), 1, rendered.size(), stderr);
  return diags.has_errors() ? 1 : 0;
}

}  // namespace

void add_debug_program_command(CLI::App& debug, int& exit_code) {
  auto args = std::make_shared<ProgramArgs>();
  auto* sub = debug.add_subcommand("program", "print the typed program of a .kpi file (compiler/sema)");
  sub->add_option("FILE", args->file, "the .kpi file")->required();
  sub->add_option("data", args->data, "data files: DATA or NAME=DATA (their schemas are used)");
  sub->add_option("--by", args->by, "an extra dimension, as `kpic run --by`");
  sub->add_option("--where", args->where, "an extra filter, as `kpic run --where`");
  sub->callback([args, &exit_code] { exit_code = run_program_dump(*args); });
}

}  // namespace kpic::driver
