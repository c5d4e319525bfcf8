// `kpic check FILE.kpi [DATA | NAME=DATA]...`: every check the language makes, without running anything.
// Schemas come from `source` blocks, or from the metadata of the data files given (or the sources'
// default paths when those files exist). Exit 0 clean (warnings allowed), 1 diagnostics, 2 bad usage.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>

#include "compiler/diag/render.h"
#include "compiler/diag/terminal_color.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/session.h"

namespace kpic::driver {

namespace {

struct CheckArgs {
  std::string file;
  std::vector<std::string> data;
  std::string target;  // --target NAME (kpic.toml)
  std::string format = "text";
};

int run_check(const CheckArgs& args) {
  if (args.format != "text" && args.format != "json" && args.format != "github") {
    std::fprintf(stderr, "kpic check: unknown --format `%s` (text, json, github)\n", args.format.c_str());
    return 2;
  }
  SessionRequest req;
  req.file = args.file;
  req.data = args.data;
  req.target = args.target;
  Session s;
  if (int rc = check_session(req, "check", s, /*with_tests=*/true)) return rc;
  const SourceManager& sm = s.sm;
  Diagnostics& diags = s.diags;
  diags.sort();
  if (args.format != "text") {  // for machines: on stdout, every diagnostic, same exit code
    std::string out = args.format == "json" ? render_json(sm, diags) : render_github(sm, diags);
    std::fputs(out.c_str(), stdout);
    return diags.has_errors() ? 1 : 0;
  }
  RenderOptions ro;
  ro.color = use_color(stderr);
  std::string text = render_all(sm, diags, ro);
  std::fputs(text.c_str(), stderr);
  return diags.has_errors() ? 1 : 0;
}

}  // namespace

void add_check_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<CheckArgs>();
  auto* cmd = app.add_subcommand("check", "Check a .kpi file (names, types, levels) without running it");
  cmd->add_option("file", args->file, "the .kpi file")->required();
  cmd->add_option("data", args->data, "data files: DATA (the only source) or NAME=DATA");
  cmd->add_option("--target", args->target, "check against the data of [targets.NAME] in kpic.toml");
  cmd->add_option("--format", args->format, "text (default), json, or github (GitHub Actions annotations)");
  cmd->callback([args, &exit_code] { exit_code = run_check(*args); });
}

}  // namespace kpic::driver
