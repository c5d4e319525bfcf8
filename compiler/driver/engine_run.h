// `kpic run` on a database engine (docs/sql.md, "kpic run --engine"): the session's sources are tables
// of a PostgreSQL server, each metric is lowered with the postgres dialect (the lowering `kpic sql`
// uses), run there through runtime/postgres, and its rows become the RunResult a local run gives, so
// the same code prints them (formats, units, targets, --check). The JIT path is not involved.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "compiler/driver/session.h"
#include "compiler/sema/data_args.h"
#include "runtime/column/schema.h"
#include "runtime/exec/result.h"

namespace kpic::driver {

// Called by open_session when the session is on an engine (l.engine.uri set): binds every source of
// `unit` to its table (a command-line NAME=TABLE or bare TABLE, else the target's binding, else the
// source's own name; a `source NAME "path"` default is a file and is ignored) into l.engine.tables and,
// with req.connect, connects (KP0825 when the server cannot be reached) and reads each table's columns
// into `schemas` (a column of a type kpic cannot read is listed as unsupported, an error only where a
// metric uses it). A table the engine does not have is a KP0826 error kept in l.unopened: reported when
// a metric reads the source. Returns false when the errors in l.diags must stop the command.
bool bind_engine_tables(const EngineRequest& req, const sema::Unit& unit, const std::vector<sema::DataArg>& bound,
                        std::map<std::string, Schema>& schemas, Session& l);

// Evaluates the main file's metrics (or `only_metrics`) on the session's engine into `result`, rows
// ordered as a local run orders them. Ctrl-C while a query runs cancels it on the server. Returns 0, or
// the exit code after printing the diagnostics: 1 (a source without a table, a metric the dialect or the
// lowering cannot express, a query the server rejects or stops, a value kpic cannot read), 2 (an unknown
// --metric), 130 (cancelled by Ctrl-C).
int run_on_engine(Session& l, const std::vector<std::string>& only_metrics, RunResult& result);

// `uri` with its password, if any (`user:secret@`, `password=`), replaced by `***`, for messages.
std::string masked_uri(const std::string& uri);

}  // namespace kpic::driver
