// `kpic doc [FILE...] [-o OUT] [--html]`: a metric catalog from the doc comments, units, targets and
// owners of .kpi files (and, for templates, their signatures), as Markdown or a standalone HTML page.
// With no FILE: the whole standard library (docs/stdlib.md is generated this way). Only parses: no type
// checking and no data. Exit 0, 1 on syntax errors, an unreadable file or an unwritable output, 2 on bad usage.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <unistd.h>

#include "compiler/diag/render.h"
#include "compiler/diag/terminal_color.h"
#include "compiler/driver/atomic_write.h"
#include "compiler/driver/commands.h"
#include "compiler/syntax/parser.h"
#include "compiler/syntax/source_file.h"
#include "stdlib/doc/catalog.h"

namespace kpic::driver {

namespace {

struct DocArgs {
  std::vector<std::string> files;
  std::string output;
  bool html = false;
};

int run_doc(const DocArgs& args) {
  SourceManager sm;
  Diagnostics diags;
  stdlib::Catalog catalog;
  if (args.files.empty()) {
    catalog = stdlib::stdlib_catalog(sm, diags);
  } else {
    catalog.title = "Metric catalog";
    for (const auto& path : args.files) {
      std::string text, error;
      if (!syntax::read_source_file(path, text, error)) {
        std::fprintf(stderr, "kpic doc: %s: cannot read: %s\n", path.c_str(), error.c_str());
        return 1;
      }
      FileId id = sm.add(path, std::move(text));
      ast::File file = syntax::parse(sm, id, diags);
      stdlib::TemplateIndex templates = stdlib::imported_templates(sm, file, diags);
      catalog.sections.push_back(
          stdlib::make_section(sm, file, std::filesystem::path(path).filename().string(), templates));
    }
  }
  if (diags.size()) {
    diags.sort();
    RenderOptions ro;
    ro.color = use_color(stderr);
    std::fputs(render_all(sm, diags, ro).c_str(), stderr);
    if (diags.has_errors()) return 1;
  }
  std::string text = args.html ? stdlib::render_html(catalog) : stdlib::render_markdown(catalog);
  if (args.output.empty() || args.output == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
  }
  std::string error = write_file_atomically(args.output, text);
  if (!error.empty()) {
    std::fprintf(stderr, "kpic doc: %s: %s\n", args.output.c_str(), error.c_str());
    return 1;
  }
  return 0;
}

}  // namespace

void add_doc_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<DocArgs>();
  auto* cmd = app.add_subcommand(
      "doc", "Write a metric catalog (Markdown or HTML) from doc comments, units, targets and owners");
  cmd->add_option("files", args->files, ".kpi files (default: the whole standard library)");
  cmd->add_option("-o,--output", args->output, "write the catalog to this file instead of stdout");
  cmd->add_flag("--html", args->html, "a standalone HTML page instead of Markdown");
  cmd->callback([args, &exit_code] { exit_code = run_doc(*args); });
}

}  // namespace kpic::driver
