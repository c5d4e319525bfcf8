// `kpic fmt [--check] FILE...` and `kpic fmt -`: formats .kpi files in the canonical layout
// (compiler/format/formatter.h). Without --check each file is rewritten atomically — a temporary file
// in the same folder, fsync, rename over the original, permissions, owner and group kept; read-only files, files
// with several hard links and owners that cannot be kept are refused (atomic_write.h) — and left untouched when
// already formatted. With --check nothing is written: a unified diff of each unformatted file goes to
// stdout and the exit code is 1. `-` reads stdin and writes the formatted text to stdout.
// A file with syntax errors is never formatted: its diagnostics are printed and the exit code is 1.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <unistd.h>
#include <vector>

#include "compiler/diag/render.h"
#include "compiler/diag/terminal_color.h"
#include "compiler/driver/atomic_write.h"
#include "compiler/driver/commands.h"
#include "compiler/format/formatter.h"
#include "compiler/format/unified_diff.h"
#include "compiler/syntax/source_file.h"

namespace kpic::driver {

namespace {

struct FmtOptions {
  bool check = false;
  std::vector<std::string> files;
};

void complain(const std::string& path, const std::string& what) {
  std::fprintf(stderr, "kpic fmt: %s: %s\n", path.c_str(), what.c_str());
}

// Reads a .kpi file (or stdin for "-"); false with a message printed when it cannot.
bool read_input(const std::string& path, std::string& text) {
  std::string error;
  bool ok = path == "-" ? syntax::read_source_stream(stdin, text, error) : syntax::read_source_file(path, text, error);
  if (!ok) complain(path, "cannot read: " + error);
  return ok;
}

// Formats one file; returns its exit code (0 formatted or rewritten, 1 diagnostics or unformatted).
int format_one(const FmtOptions& opts, const std::string& path) {
  std::string text;
  if (!read_input(path, text)) return 1;
  std::string name = path == "-" ? "<stdin>" : path;
  SourceManager sm;
  FileId id = sm.add(name, text);
  Diagnostics diags;
  std::optional<std::string> formatted = format::format_source(sm, id, diags);
  if (!formatted) {
    diags.sort();
    std::fputs(render_all(sm, diags, {use_color(stderr)}).c_str(), stderr);
    return 1;
  }
  if (opts.check) {
    if (*formatted == text) return 0;
    std::string diff = format::unified_diff(text, *formatted, "a/" + name, "b/" + name);
    std::fwrite(diff.data(), 1, diff.size(), stdout);
    return 1;
  }
  if (path == "-") {
    std::fwrite(formatted->data(), 1, formatted->size(), stdout);
    return 0;
  }
  if (*formatted == text) return 0;
  std::string error = write_file_atomically(path, *formatted);
  if (error.empty()) return 0;
  complain(path, error);
  return 1;
}

}  // namespace

void add_fmt_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<FmtOptions>();
  auto* cmd = app.add_subcommand("fmt", "Format .kpi files in the canonical layout (`-` formats stdin to stdout)");
  cmd->add_flag("--check", opts->check, "Write nothing; print a diff of each unformatted file and exit 1");
  cmd->add_option("files", opts->files, "The .kpi files to format, or - for stdin")->required();
  cmd->callback([opts, &exit_code] {
    int code = 0;
    for (const auto& f : opts->files) code = std::max(code, format_one(*opts, f));
    std::fflush(stdout);
    exit_code = code;
  });
}

}  // namespace kpic::driver
