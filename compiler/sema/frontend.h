// The front end's public entry points: .kpi text in, a typed Program (compiler/sema/program.h) out.
//
// Two steps, because data has to be bound to sources before columns can be typed:
//   1. load():    parse the main file and everything it imports; list the declared sources.
//                 The driver then binds data files to source names (see bind_target()).
//   2. analyze(): given the schema of each bound source, resolve names, check types and levels,
//                 expand templates, build the metric graph -> Program.
// analyze_tests() builds one Program per `test` block of the main file, for `kpic test`.
//
// Every function collects all the diagnostics it can into `diags` and never throws on bad input.
// A Program is only meaningful to later phases when `diags.has_errors()` is false.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/sema/program.h"
#include "compiler/syntax/ast.h"
#include "compiler/syntax/source_file.h"
#include "runtime/column/schema.h"
#include "runtime/column/value.h"

namespace kpic::sema {

class StdPruner;

// One parsed .kpi file of a compilation: the main file or an import.
struct ParsedFile {
  FileId file = kNoFile;
  std::string path;    // file-system path, or "<std>/revenue.kpi" for an embedded standard module
  std::string module;  // "std.revenue" for standard modules, "" otherwise
  bool is_main = false;
  ast::File ast;
};

// A data source as declared by `source NAME ["path"] [{ col: type, ... }]`, or the implicit source of
// a program that declares none.
struct SourceInfo {
  std::string name;           // the implicit source is named after the main file's stem ("surveys")
  std::string default_path;   // as written, or ""
  std::string resolved_path;  // default_path relative to the declaring file's folder, or ""
  bool has_schema = false;    // a `{ ... }` block was written
  Schema schema;              // the declared columns (those with a valid type)
  std::vector<SourceRange> column_ranges;  // per declared column: its name in the `source` block
  std::vector<ast::SchemaColumn> relations;  // the declared columns written with `key` or `references`
  bool implicit = false;
  SourceRange range;          // the declaration; invalid for the implicit source
};

// The result of step 1.
struct Unit {
  std::vector<ParsedFile> files;   // the main file first, then imports in the order first reached
  std::vector<SourceInfo> sources; // declared sources of all files (deduplicated), or one implicit source

  const SourceInfo* find_source(const std::string& name) const;
  // The source a single unnamed data file binds to (`kpic run f.kpi DATA`): the only source, declared
  // or implicit. nullptr when the program has several sources (the driver must then ask for NAME=DATA).
  const SourceInfo* bind_target() const;
};

struct LoadOptions {
  // Where the text of .kpi files comes from (null: the disk, syntax::read_source_file). A language
  // server passes a reader that serves open editor buffers.
  const syntax::FileReader* reader = nullptr;
  // `import "path"` must name a .kpi file inside the project: the nearest folder above the main file
  // that holds `kpic.toml`, else the main file's folder (symbolic links resolved), so that untrusted
  // definitions cannot make diagnostics echo other files (`/proc/self/environ`). True lifts the rule
  // (`--allow-outside-imports`); the default comes from set_outside_imports_allowed.
  bool allow_outside_imports = outside_imports_allowed();
  // When set, each standard module is parsed with only the definitions the loaded files may use
  // (std_prune.h); the files' names are added to it as they load.
  StdPruner* prune_std = nullptr;
  static bool outside_imports_allowed();
  static void set_outside_imports_allowed(bool allowed);  // the command line's --allow-outside-imports
};

// Parses `path` and, transitively, its imports (`import std.x` from the embedded standard library,
// `import "rel/path.kpi"` relative to the importing file). Unreadable files (special files, too large,
// read errors: syntax/source_file.h), syntax errors, bad imports, import cycles and malformed schema
// blocks are reported to `diags`.
Unit load(SourceManager& sm, const std::string& path, Diagnostics& diags, const LoadOptions& opts = {});
// Several main files evaluated together (`kpic run a.kpi b.kpi`, `kpic run DIR`): every file's metrics
// are main-file metrics; a metric or template defined in two of them is an error naming both; a source
// declared in several files is one source (scanned once for all) when the declarations agree on the
// path and the schema (or one of them leaves it out), else an error. One path is load().
Unit load_many(SourceManager& sm, const std::vector<std::string>& paths, Diagnostics& diags,
               const LoadOptions& opts = {});
// The same for text that is not read from disk (unit tests, editors); relative imports resolve
// against the folder of `name`.
Unit load_text(SourceManager& sm, const std::string& name, std::string text, Diagnostics& diags,
               const LoadOptions& opts = {});

struct AnalyzeOptions {
  // `kpic run --by DIM`: the text of each extra dimension (`region`, `month(ts)`, `month(ts) as m`).
  // It is added to every metric whose source has its columns; the others stay unsplit and a note
  // (Severity::Note) says so.
  std::vector<std::string> extra_by;
  // `kpic run --where PRED`: filters the rows of every source that has the columns it names ("" = none).
  std::string extra_where;
  // `kpic check` without data: a source with neither a schema block nor bound data has unknown
  // columns. When true they are accepted with an unknown type (one warning per such source lists the
  // unchecked columns); when false (kpic run) using such a source is an error.
  bool allow_unknown_columns = false;
};

// Step 2. `data` maps source names to the schema of the data bound to them (from the readers). A
// source without bound data uses its declared schema block. Metrics of imported files are part of the
// Program only when a metric of the main file uses them (directly or not); templates are checked at
// each call site.
Program analyze(SourceManager& sm, const Unit& unit, const std::map<std::string, Schema>& data,
                const AnalyzeOptions& opts, Diagnostics& diags);

// One `test "name" { given ... expect ... }` block, ready to run.
struct TestCase {
  std::string name;
  SourceRange range;
  // The file's metrics plus the test's local metrics (a local metric shadows a file metric of the
  // same name). Source schemas come from the `given` rows: a column declared by the `source` block or
  // present in the source's bound data takes that type (literals are converted: "2024-01-31" in a
  // date column is a date); other column types are inferred from the literals (ints and floats mixed
  // give float; an all-null column is an error). A source not mentioned by `given` has its declared schema and no rows.
  Program program;
  // given[s][c] = the values of column c (index into program.sources[s].schema.fields) of source s,
  // one Value per row, of the column's type (nulls as Value::null(type)). All columns of a source
  // have the same length; rows[s] is that length.
  std::vector<std::vector<std::vector<Value>>> given;
  std::vector<int64_t> rows;

  struct Expect {
    int metric = -1;          // index into program.metrics
    ast::Op op = ast::Op::Eq; // the comparison written (== unless another op is written)
    // A single value for a metric without dimensions; for a grouped metric a list, one value per
    // group in result row order (rows sorted by dimension values). Ints stay Int, decimals Float.
    bool is_list = false;
    std::vector<Value> values;
    SourceRange range;
  };
  std::vector<Expect> expects;
};

// Step 3 (kpic test, and kpic check, which also checks test blocks): one TestCase per test block of
// the main file. A test with errors is reported to `diags` and left out of the result. `data` (the
// schemas of the data bound to sources, as for analyze) types the `given` columns of a source without a
// schema block: a column the data has takes the data's type (a date string in a date column is a date).
std::vector<TestCase> analyze_tests(SourceManager& sm, const Unit& unit, Diagnostics& diags,
                                    const std::map<std::string, Schema>& data = {});

}  // namespace kpic::sema
