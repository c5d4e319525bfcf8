// A PostgreSQL client over libpq for `kpic run --engine postgresql://...` (issue #14).
//
// Connects with a libpq URI or connection string (user, host, port, database; the password comes from
// libpq's own sources: PGPASSWORD, PGPASSFILE / ~/.pgpass, never from kpic), runs one query and reads the
// result into kpic's typed columns (runtime/column), the layout every other reader produces:
//   int2/int4/int8 -> Int, float4/float8/numeric -> Float, text/varchar/char/name -> String,
//   date -> Date, timestamp / timestamptz (read in UTC) -> Timestamp, bool -> Bool; SQL nulls -> nulls.
// Any other column type is a PgError naming the column. The whole result is held in memory (the
// queries kpic sends return aggregated rows).
//
// Errors are PgError values carrying the server's own SQLSTATE and message, classified so that the
// driver can name the source or metric at fault. The session is set to DateStyle ISO and TimeZone UTC so
// values read the same whatever the server's defaults.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/column/column.h"

typedef struct pg_conn PGconn;
typedef struct pg_cancel PGcancel;

namespace kpic::pg {

enum class PgErrorKind {
  unreachable,       // no connection could be made (closed port, unknown host, authentication)
  connection_lost,   // the connection broke during a query
  missing_table,     // SQLSTATE 42P01
  missing_column,    // SQLSTATE 42703
  timeout,           // the statement timeout ended the query (SQLSTATE 57014)
  cancelled,         // cancel() ended the query (SQLSTATE 57014)
  rejected,          // any other error the server reports (syntax, types, permissions...)
  unsupported_type,  // a result column of a type kpic has no column type for, or a value it cannot hold
};

struct PgError {
  PgErrorKind kind = PgErrorKind::rejected;
  std::string sqlstate;  // e.g. "42P01"; empty when the error is not the server's (connection failures)
  std::string message;   // the server's primary message (or libpq's, for connection failures)
  std::string detail;    // the server's DETAIL and HINT lines, when it sent them
  int position = 0;      // 1-based character offset of the error in the query text, 0 when none
};

struct ConnectOptions {
  int connect_timeout_s = 10;    // libpq's connect_timeout, unless the URI sets its own
  int statement_timeout_ms = 0;  // 0 = the server's setting
};

// A result column as the server describes it, before any row is read.
struct PgColumn {
  std::string name;
  std::optional<ValueType> type;  // kpic's column type, none when kpic cannot read this type
  std::string type_name;          // the server's name of the type (`jsonb`, ...) when kpic cannot read it
};

struct QueryResult {
  std::vector<std::string> names;  // column names, in result order
  Batch batch;                     // batch.columns[i] holds the values of names[i]
};

class PgConnection {
 public:
  // Throws PgError (unreachable) when no connection can be made within the connect timeout.
  PgConnection(std::string_view uri, const ConnectOptions& options = {});
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs `sql` (one statement, or several: the last one's rows are returned) and reads its rows.
  // Throws PgError.
  QueryResult query(std::string_view sql);

  // The columns `sql` (one SELECT) would return, without running it: the server parses and plans it,
  // so a missing table or column throws PgError as query() would.
  std::vector<PgColumn> describe(std::string_view sql);

  // Asks the server to cancel the query running now, from any thread or from a signal handler (it only
  // calls libpq's PQcancel, which is async-signal-safe, and sets an atomic flag). The running query()
  // then throws PgError (cancelled). Returns false when the request could not be sent.
  bool cancel() noexcept;

 private:
  PGconn* conn_ = nullptr;
  PGcancel* cancel_ = nullptr;
  std::atomic<bool> cancel_requested_{false};
};

}  // namespace kpic::pg
