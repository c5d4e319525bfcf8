// What `kpic run` prints: a RunResult formatted as a table (for people), JSON (for machines, in
// exactly the contract's shape), CSV or Markdown (for other tools). docs/cli.md ("kpic run output")
// describes each format; this is the only entry point the driver needs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "compiler/sema/program.h"
#include "runtime/exec/result.h"

namespace kpic::output {

enum class Format { Table, Json, Csv, Markdown };

// "table", "json", "csv", "markdown" (also "md"); nullopt for anything else.
std::optional<Format> parse_format(std::string_view name);

struct OutputOptions {
  Format format = Format::Table;
  bool describe = false;  // table/markdown: add each metric's doc comment, unit, target and owner
  bool color = false;     // table: ANSI colors (use kpic::use_color(stdout))
  bool list_missed = true;  // table: a line per missed target under the tables (off with --check: the
                            // misses are diagnostics on stderr then)
};

// The whole output, ending in a newline. `program` supplies metadata (doc, unit, target, owner) by
// metric name; result metrics it does not know are printed without it.
std::string format_results(const sema::Program& program, const RunResult& result, const OutputOptions& opts);

// The formats one by one (format_results dispatches to them).
// With `program`, each metric also carries its unit, target, whether the target is met, and owner.
std::string format_json(const RunResult& result, const sema::Program* program = nullptr);
std::string format_csv(const RunResult& result);
std::string format_table(const sema::Program& program, const RunResult& result, bool describe, bool color,
                         bool list_missed = true);
std::string format_markdown(const sema::Program& program, const RunResult& result, bool describe);

}  // namespace kpic::output
