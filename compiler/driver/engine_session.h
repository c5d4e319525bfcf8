// A session on a database engine's tables instead of data files (`kpic run --engine`, a kpic.toml target
// with an `engine`; docs/sql.md). The request says whether the command can work there; the session holds
// the engine, each source's table reference and, when the schemas were read from the engine, the
// connection the queries then run on (compiler/driver/engine_run.h).
#pragma once

#include <map>
#include <memory>
#include <string>

namespace kpic::pg {
class PgConnection;
}

namespace kpic::driver {

struct EngineRequest {
  bool allowed = false;          // the command runs on an engine (run) or compiles for one (sql)
  std::string uri;               // --engine URI; "" = the --target's `engine`, if it has one
  bool connect = false;          // connect, and read the tables' schemas from the engine
  int statement_timeout_ms = 0;  // 0 = the server's setting
};

struct EngineSession {
  std::string uri;                            // "" when the session reads data files
  std::map<std::string, std::string> tables;  // source name -> table reference as given (or the source's name)
  std::shared_ptr<pg::PgConnection> connection;  // set when EngineRequest::connect
};

}  // namespace kpic::driver
