// `kpic debug builtins`: the table of builtin functions of docs/language.md, generated from the
// registry (compiler/lang/builtins.def, read through builtins_begin/end). tests/sema/builtin_table.sh
// fails when docs/language.md's table differs and rewrites it with --update.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>

#include "compiler/driver/commands.h"
#include "compiler/sema/builtins.h"

namespace kpic::driver {

namespace {

const char* kind_text(sema::BuiltinKind kind) {
  switch (kind) {
    case sema::BuiltinKind::Aggregate: return "aggregate";
    case sema::BuiltinKind::Scalar: return "scalar (any level)";
    case sema::BuiltinKind::Bucket: return "time bucket (row level)";
    case sema::BuiltinKind::Period: return "period (metric level)";
    case sema::BuiltinKind::Window: return "row level, other rows";
    case sema::BuiltinKind::Literal: return "literal";
  }
  return "";
}

const char* result_text(sema::ResultRule result) {
  switch (result) {
    case sema::ResultRule::Int: return "`int`";
    case sema::ResultRule::Float: return "`float`";
    case sema::ResultRule::Bool: return "`bool`";
    case sema::ResultRule::Date: return "`date`";
    case sema::ResultRule::Timestamp: return "`timestamp`";
    case sema::ResultRule::Arg0: return "the first argument's type";
    case sema::ResultRule::Numeric: return "`int` for an `int`, else `float`";
    case sema::ResultRule::Common: return "the arguments' common type";
  }
  return "";
}

const char* nulls_text(sema::NullRule nulls) {
  switch (nulls) {
    case sema::NullRule::NullIfAnyNull: return "null when an argument is null";
    case sema::NullRule::Never: return "never null";
    case sema::NullRule::Own: return "see the meaning";
  }
  return "";
}

std::string arity_text(int min, int max) {
  if (min == max) return std::to_string(min);
  return std::to_string(min) + "–" + std::to_string(max);
}

std::string builtin_table_markdown() {
  std::string out =
      "| function | kind | arguments | result | nulls | meaning |\n"
      "|---|---|---|---|---|---|\n";
  for (const sema::BuiltinInfo* b = sema::builtins_begin(); b != sema::builtins_end(); ++b) {
    std::string doc(b->doc);
    for (size_t at = doc.find('|'); at != std::string::npos; at = doc.find('|', at + 2)) doc.replace(at, 1, "\\|");
    out += "| `" + std::string(b->name) + "` | " + kind_text(b->kind) + " | " + arity_text(b->min_args, b->max_args) +
           " | " + result_text(b->result) + " | " + nulls_text(b->nulls) + " | " + doc + " |\n";
  }
  return out;
}

}  // namespace

void add_debug_builtins_command(CLI::App& debug, int& exit_code) {
  auto* sub = debug.add_subcommand("builtins", "print docs/language.md's table of builtin functions (Markdown)");
  sub->callback([&exit_code] {
    std::string table = builtin_table_markdown();
    std::fwrite(table.data(), 1, table.size(), stdout);
    exit_code = 0;
  });
}

}  // namespace kpic::driver
