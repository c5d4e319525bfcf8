// `kpic sql FILE.kpi [DATA | NAME=DATA]... [--dialect D] [--metric M]... [--by DIM]... [--where PRED]
// [--table NAME=REF]... [--format sql|json]`: print one standalone SELECT per metric (compiler/sql/lower.h).
// Schemas come from `source` blocks or bound data files; with --dialect duckdb a source's data file (bound
// on the command line, or its `source` default) is read in place (`read_parquet('…')`, `read_csv('…')`). Exit codes: 0 success; 1
// diagnostics (bad definitions, a construct the dialect or the lowering cannot express); 2 bad usage.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "compiler/driver/commands.h"
#include "compiler/driver/run_sources.h"
#include "compiler/driver/session.h"
#include "compiler/driver/sql_lowering.h"
#include "compiler/plan/plan.h"
#include "compiler/sql/lower.h"

namespace kpic::driver {

namespace {

struct SqlArgs {
  std::string file;
  std::vector<std::string> data;
  std::vector<std::string> metrics;
  std::vector<std::string> by;
  std::string where;
  std::vector<std::string> tables;  // NAME=REF
  std::string dialect;  // "" = postgres under a target with an `engine`, else duckdb
  std::string target;   // --target NAME (kpic.toml)
  std::string format = "sql";
};

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && std::equal(tail.rbegin(), tail.rend(), s.rbegin(),
                                                [](char a, char b) { return std::tolower(a) == b; });
}

std::vector<std::string> names_of(const std::vector<sema::Source>& sources) {
  std::vector<std::string> names;
  for (const auto& s : sources) names.push_back(s.name);
  return names;
}

// A usage error naming `what`, with the closest of `candidates` when there is one.
int usage(const std::string& message, const std::string& what = "", const std::vector<std::string>& candidates = {}) {
  std::string near = what.empty() ? "" : nearest_name(what, candidates);
  std::fprintf(stderr, "kpic sql: %s%s\n", message.c_str(), near.empty() ? "" : (" (did you mean `" + near + "`?)").c_str());
  return 2;
}

int run_sql(const SqlArgs& args) {
  const sql::Dialect* dialect = sql::find_dialect(args.dialect.empty() ? "duckdb" : args.dialect);
  if (!dialect) {
    std::vector<std::string> names(sql::dialect_names().begin(), sql::dialect_names().end());
    std::string all;
    for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
    return usage("unknown --dialect `" + args.dialect + "` (" + all + ")", args.dialect, names);
  }
  if (args.format != "sql" && args.format != "json")
    return usage("unknown --format `" + args.format + "` (sql, json)", args.format, {"sql", "json"});
  std::map<std::string, std::string> table_args;
  for (const auto& t : args.tables) {
    size_t eq = t.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == t.size())
      return usage("--table `" + t + "` is not NAME=REF (e.g. events=analytics.events)");
    std::string ref = t.substr(eq + 1);
    if (ref.find('\0') != std::string::npos || ref.front() == '.' || ref.back() == '.' ||
        ref.find("..") != std::string::npos)
      return usage("--table `" + t + "`: the reference must be dot-separated names (schema.table)");
    table_args[t.substr(0, eq)] = ref;
  }

  SessionRequest req;
  req.file = args.file;
  req.data = args.data;
  req.by = args.by;
  req.where = args.where;
  req.metrics = args.metrics;
  req.target = args.target;
  req.engine.allowed = true;  // a target with an `engine`: its table references, no connection
  Session l;
  if (int rc = open_session(req, "sql", l)) return rc;
  if (args.dialect.empty() && !l.engine.uri.empty()) dialect = sql::find_dialect("postgres");
  for (const auto& [name, ref] : table_args)
    if (std::none_of(l.program.sources.begin(), l.program.sources.end(),
                     [&](const sema::Source& s) { return s.name == name; }))
      return usage("--table `" + name + "=" + ref + "`: no source named `" + name + "`", name, names_of(l.program.sources));

  Diagnostics withheld;
  std::vector<std::string> withheld_names;
  if (!args.where.empty()) withheld_names = withhold_mixed_where(l.program, args.metrics, withheld, l.diags);

  // The metrics to print: --metric (in order), else the main file's.
  std::vector<int> wanted;
  for (const auto& name : args.metrics) {
    int found = -1;
    std::vector<std::string> names;
    for (size_t m = 0; m < l.program.metrics.size(); ++m) {
      if (l.program.metrics[m].unsplit_copy) continue;
      names.push_back(l.program.metrics[m].name);
      if (l.program.metrics[m].name == name) found = static_cast<int>(m);
    }
    if (found < 0) {
      print_diags(l);
      return usage("--metric `" + name + "`: no metric of that name", name, names);
    }
    if (std::find(withheld_names.begin(), withheld_names.end(), name) == withheld_names.end())
      wanted.push_back(found);
  }
  if (args.metrics.empty())
    for (size_t m = 0; m < l.program.metrics.size(); ++m)
      if (l.program.metrics[m].from_main_file) wanted.push_back(static_cast<int>(m));
  if (wanted.empty() && withheld.list().empty()) {
    std::fprintf(stderr, "kpic sql: %s defines no metric: nothing to compile\n", args.file.c_str());
    return 1;
  }

  plan::Plan plan = plan::build_plan(l.program, wanted);

  // Each source's table: --table, else (duckdb) its bound data file, else its name.
  std::vector<std::string> tables(l.program.sources.size());
  std::vector<bool> read = sources_read(l.program, args.metrics);
  for (size_t s = 0; s < l.program.sources.size(); ++s) {
    const sema::Source& src = l.program.sources[s];
    if (auto it = table_args.find(src.name); it != table_args.end()) {
      tables[s] = dialect->table_reference(it->second);
      continue;
    }
    if (!l.engine.uri.empty()) {  // --target's engine: its table reference, or the source's name
      tables[s] = dialect->table_reference(l.engine.tables[src.name]);
      continue;
    }
    tables[s] = dialect->identifier(src.name);
    for (const auto& [source, path] : l.bound) {
      auto format = ends_with(path, ".parquet") ? sql::FileFormat::parquet : sql::FileFormat::csv;
      if (source == src.name)
        if (auto file = dialect->file_table(path, format)) tables[s] = *file;
    }
    if (read[s] && !src.schema_known)
      l.diags.error(DiagCode::bad_binding, src.range,
                    "source `" + src.name + "` has no schema: declare its columns in a `source` block or bind a data file");
  }

  sql::Lowered lowered;
  if (!l.diags.has_errors()) lowered = lower_session_metrics(l, plan, wanted, tables, *dialect);
  print_diags(l);
  if (!withheld.list().empty()) print_diags(l.sm, withheld);
  if (l.diags.has_errors() || !withheld.list().empty()) return 1;

  if (args.format == "json") {
    nlohmann::ordered_json out;
    out["dialect"] = std::string(dialect->name());
    out["metrics"] = nlohmann::ordered_json::array();
    for (const auto& q : lowered.queries)
      out["metrics"].push_back({{"name", q.name}, {"by", q.by}, {"sql", q.sql}});
    std::cout << out.dump(2) << "\n";
  } else {
    for (size_t i = 0; i < lowered.queries.size(); ++i)
      std::cout << (i ? "\n" : "") << "-- " << lowered.queries[i].name << "\n" << lowered.queries[i].sql << ";\n";
  }
  std::cout << std::flush;
  return 0;
}

}  // namespace

void add_sql_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<SqlArgs>();
  auto* cmd = app.add_subcommand("sql", "Compile a .kpi file's metrics to SQL, one standalone SELECT per metric");
  cmd->add_option("file", args->file, "the .kpi file")->required();
  cmd->add_option("data", args->data, "data files giving the sources' schemas: DATA (the only source) or NAME=DATA");
  cmd->add_option("--dialect", args->dialect, "duckdb (default), postgres, spark, trino, bigquery, snowflake");
  cmd->add_option("--metric", args->metrics, "only this metric (repeatable)");
  cmd->add_option("--by", args->by, "split every metric by this dimension too (repeatable)");
  cmd->add_option("--where", args->where, "keep only the rows where this predicate holds");
  cmd->add_option("--table", args->tables, "read source NAME from table REF: NAME=REF (repeatable)");
  cmd->add_option("--format", args->format, "sql (default) or json");
  cmd->add_option("--target", args->target,
                  "use [targets.NAME] of kpic.toml: its table references when it has an `engine` (then the "
                  "dialect defaults to postgres), else its data files");
  cmd->callback([args, &exit_code] { exit_code = run_sql(*args); });
}

}  // namespace kpic::driver
