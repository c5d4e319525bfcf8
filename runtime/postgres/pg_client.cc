#include "runtime/postgres/pg_client.h"

#include <dlfcn.h>
#include <libpq-fe.h>

#include <charconv>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>

namespace kpic::pg {
namespace {

#define KPIC_PQ_FUNCTIONS(X) X(PQcancel) X(PQclear) X(PQconnectdbParams) X(PQdescribePrepared) X(PQerrorMessage) X(PQfinish) X(PQfname) X(PQfreeCancel) X(PQftype) X(PQgetCancel) X(PQgetResult) X(PQgetisnull) X(PQgetvalue) X(PQnfields) X(PQntuples) X(PQprepare) X(PQresultErrorField) X(PQresultErrorMessage) X(PQresultStatus) X(PQsendQuery) X(PQstatus)

// libpq is loaded by the first connection (dlopen), not linked: its dependencies (TLS, Kerberos, LDAP,
// SASL: some twenty shared libraries) cost every kpic process about 10 ms of start-up where page faults
// are dear, and only `kpic run --engine postgresql://…` needs them. The header still gives the types.
struct LibPq {
#define KPIC_PQ_FN(name) decltype(&::name) name = nullptr;
  KPIC_PQ_FUNCTIONS(KPIC_PQ_FN)
#undef KPIC_PQ_FN
  std::string error;  // why it could not be loaded; empty when every function was found
};

const LibPq& load_libpq() {
  static const LibPq lib = [] {
    LibPq l;
    void* handle = ::dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      const char* why = ::dlerror();
      l.error = std::string("cannot load the PostgreSQL client library libpq.so.5 (Debian's libpq5): ") +
                (why ? why : "not found");
      return l;
    }
#define KPIC_PQ_FN(name)                                                              \
    l.name = reinterpret_cast<decltype(&::name)>(::dlsym(handle, #name));              \
    if (!l.name && l.error.empty()) l.error = "the PostgreSQL client library libpq.so.5 has no `" #name "`";
    KPIC_PQ_FUNCTIONS(KPIC_PQ_FN)
#undef KPIC_PQ_FN
    return l;  // the handle stays open for the process
  }();
  return lib;
}

// The loaded library; only called once a connection exists (PgConnection checks load_libpq() first).
const LibPq& pq() { return load_libpq(); }


// Type OIDs of PostgreSQL's built-in types (fixed by its catalog, src/include/catalog/pg_type.dat).
enum : Oid {
  kBool = 16,
  kName = 19,
  kInt8 = 20,
  kInt2 = 21,
  kInt4 = 23,
  kText = 25,
  kFloat4 = 700,
  kFloat8 = 701,
  kUnknown = 705,
  kBpchar = 1042,
  kVarchar = 1043,
  kDate = 1082,
  kTimestamp = 1114,
  kTimestampTz = 1184,
  kNumeric = 1700,
};

struct ResultDeleter {
  void operator()(PGresult* r) const { pq().PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

std::string trimmed(const char* text) {
  std::string s = text ? text : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// An error found on kpic's side of the connection (no SQLSTATE).
PgError client_error(PgErrorKind kind, std::string message) {
  PgError e;
  e.kind = kind;
  e.message = std::move(message);
  return e;
}

std::optional<ValueType> column_type(Oid oid) {
  switch (oid) {
    case kBool:
      return ValueType::Bool;
    case kInt2:
    case kInt4:
    case kInt8:
      return ValueType::Int;
    case kFloat4:
    case kFloat8:
    case kNumeric:
      return ValueType::Float;
    case kText:
    case kVarchar:
    case kBpchar:
    case kName:
    case kUnknown:
      return ValueType::String;
    case kDate:
      return ValueType::Date;
    case kTimestamp:
    case kTimestampTz:
      return ValueType::Timestamp;
    default:
      return std::nullopt;
  }
}

// Reads `n` decimal digits at `pos` of `text` (DateStyle ISO output); false when they are not there.
bool digits(std::string_view text, size_t pos, size_t n, int& out) {
  if (pos + n > text.size()) return false;
  auto [end, ec] = std::from_chars(text.data() + pos, text.data() + pos + n, out);
  return ec == std::errc() && end == text.data() + pos + n;
}

// `YYYY-MM-DD` as days since 1970-01-01; nothing for infinity, BC dates or years past 9999.
std::optional<int32_t> parse_date(std::string_view text) {
  int y, m, d;
  if (!digits(text, 0, 4, y) || text.substr(4, 1) != "-" || !digits(text, 5, 2, m) ||
      text.substr(7, 1) != "-" || !digits(text, 8, 2, d))
    return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days(ymd).time_since_epoch().count();
}

// `YYYY-MM-DD HH:MM:SS[.ffffff][+00]` (a timestamptz in the session's UTC) as microseconds.
std::optional<int64_t> parse_timestamp(std::string_view text) {
  auto days = parse_date(text);
  int h, mi, s;
  if (!days || text.substr(10, 1) != " " || !digits(text, 11, 2, h) || text.substr(13, 1) != ":" ||
      !digits(text, 14, 2, mi) || text.substr(16, 1) != ":" || !digits(text, 17, 2, s))
    return std::nullopt;
  int64_t micros = ((int64_t{*days} * 24 + h) * 60 + mi) * 60 * 1000000 + int64_t{s} * 1000000;
  size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    int64_t scale = 100000;
    for (++pos; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos, scale /= 10)
      micros += (text[pos] - '0') * scale;
  }
  std::string_view rest = text.substr(pos);
  if (!rest.empty() && rest != "+00") return std::nullopt;
  return micros;
}

std::optional<double> parse_float(const char* text) {
  char* end = nullptr;
  double v = std::strtod(text, &end);
  if (end == text || *end != '\0') return std::nullopt;
  return v;
}

// One result column read from its text form; a value it cannot hold throws PgError.
Column read_column(PGresult* res, int field, ValueType type, const std::string& name) {
  int rows = pq().PQntuples(res);
  Column col;
  col.resize(type, rows);
  auto dict = type == ValueType::String ? std::make_shared<Dictionary>() : nullptr;
  for (int r = 0; r < rows; ++r) {
    const char* text = pq().PQgetvalue(res, r, field);
    bool null = pq().PQgetisnull(res, r, field);
    if (null) col.set_null(r);
    bool ok = true;
    switch (type) {
      case ValueType::Bool:
        col.mutable_data<uint8_t>()[r] = !null && text[0] == 't';
        break;
      case ValueType::Int: {
        int64_t v = 0;
        if (!null) ok = std::from_chars(text, text + std::strlen(text), v).ec == std::errc();
        col.mutable_data<int64_t>()[r] = v;
        break;
      }
      case ValueType::Float: {
        auto v = null ? std::optional<double>(0) : parse_float(text);
        ok = v.has_value();
        col.mutable_data<double>()[r] = v.value_or(0);
        break;
      }
      case ValueType::String:
        col.mutable_data<int32_t>()[r] = dict->add(null ? "" : text);
        break;
      case ValueType::Date: {
        auto v = null ? std::optional<int32_t>(0) : parse_date(text);
        ok = v.has_value() && (null || std::strlen(text) == 10);
        col.mutable_data<int32_t>()[r] = v.value_or(0);
        break;
      }
      case ValueType::Timestamp: {
        auto v = null ? std::optional<int64_t>(0) : parse_timestamp(text);
        ok = v.has_value();
        col.mutable_data<int64_t>()[r] = v.value_or(0);
        break;
      }
      case ValueType::Null:
        break;
    }
    if (!ok)
      throw client_error(PgErrorKind::unsupported_type, "column `" + name + "` holds the value `" + text +
                                                            "`, which a kpic " +
                                                            std::string(type_name(type)) + " cannot hold");
  }
  col.dict = std::move(dict);
  return col;
}

PgError server_error(const PGresult* res, bool cancel_requested) {
  PgError e;
  e.sqlstate = trimmed(pq().PQresultErrorField(res, PG_DIAG_SQLSTATE));
  e.message = trimmed(pq().PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY));
  if (e.message.empty()) e.message = trimmed(pq().PQresultErrorMessage(res));
  for (int field : {PG_DIAG_MESSAGE_DETAIL, PG_DIAG_MESSAGE_HINT}) {
    std::string line = trimmed(pq().PQresultErrorField(res, field));
    if (line.empty()) continue;
    if (!e.detail.empty()) e.detail += '\n';
    e.detail += (field == PG_DIAG_MESSAGE_HINT ? "hint: " : "") + line;
  }
  if (const char* pos = pq().PQresultErrorField(res, PG_DIAG_STATEMENT_POSITION)) e.position = std::atoi(pos);
  if (e.sqlstate == "42P01")
    e.kind = PgErrorKind::missing_table;
  else if (e.sqlstate == "42703")
    e.kind = PgErrorKind::missing_column;
  else if (e.sqlstate == "57014")
    e.kind = cancel_requested ? PgErrorKind::cancelled : PgErrorKind::timeout;
  else if (e.sqlstate.empty() || e.sqlstate.starts_with("08"))
    e.kind = PgErrorKind::connection_lost;
  else
    e.kind = PgErrorKind::rejected;
  return e;
}

}  // namespace

PgConnection::PgConnection(std::string_view uri, const ConnectOptions& options) {
  // connect_timeout comes first so that one in the URI (expanded at dbname's place) overrides it.
  std::string uri_text(uri), timeout = std::to_string(options.connect_timeout_s);
  const char* keys[] = {"connect_timeout", "fallback_application_name", "dbname", nullptr};
  const char* values[] = {timeout.c_str(), "kpic", uri_text.c_str(), nullptr};
  if (const std::string& why = load_libpq().error; !why.empty()) throw client_error(PgErrorKind::unreachable, why);
  conn_ = pq().PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (conn_ == nullptr) throw client_error(PgErrorKind::unreachable, "out of memory while connecting");
  if (pq().PQstatus(conn_) != CONNECTION_OK) {
    PgError e = client_error(PgErrorKind::unreachable, trimmed(pq().PQerrorMessage(conn_)));
    pq().PQfinish(conn_);
    throw e;
  }
  cancel_ = pq().PQgetCancel(conn_);
  std::string setup = "SET DateStyle = ISO; SET TimeZone = 'UTC'; SET extra_float_digits = 3";
  if (options.statement_timeout_ms > 0)
    setup += "; SET statement_timeout = " + std::to_string(options.statement_timeout_ms);
  try {
    query(setup);
  } catch (...) {
    pq().PQfreeCancel(cancel_);
    pq().PQfinish(conn_);
    throw;
  }
}

PgConnection::~PgConnection() {
  if (cancel_) pq().PQfreeCancel(cancel_);
  if (conn_) pq().PQfinish(conn_);
}

bool PgConnection::cancel() noexcept {
  cancel_requested_.store(true);
  char errbuf[256];
  return cancel_ != nullptr && pq().PQcancel(cancel_, errbuf, sizeof errbuf) == 1;
}

QueryResult PgConnection::query(std::string_view sql) {
  cancel_requested_.store(false);
  std::string text(sql);
  if (!pq().PQsendQuery(conn_, text.c_str()))
    throw client_error(PgErrorKind::connection_lost, trimmed(pq().PQerrorMessage(conn_)));
  // Every result must be read before the connection takes the next query; the first error wins.
  ResultPtr last;
  std::optional<PgError> error;
  while (PGresult* raw = pq().PQgetResult(conn_)) {
    ResultPtr res(raw);
    ExecStatusType status = pq().PQresultStatus(raw);
    if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK || status == PGRES_EMPTY_QUERY) {
      last = std::move(res);
    } else if (!error) {
      error = server_error(raw, cancel_requested_.load());
    }
  }
  if (!error && pq().PQstatus(conn_) != CONNECTION_OK)
    error = client_error(PgErrorKind::connection_lost, trimmed(pq().PQerrorMessage(conn_)));
  if (error) throw *error;

  QueryResult out;
  if (!last || pq().PQresultStatus(last.get()) != PGRES_TUPLES_OK) return out;
  int fields = pq().PQnfields(last.get());
  out.batch.num_rows = pq().PQntuples(last.get());
  for (int f = 0; f < fields; ++f) {
    std::string name = pq().PQfname(last.get(), f);
    auto type = column_type(pq().PQftype(last.get(), f));
    if (!type)
      throw client_error(PgErrorKind::unsupported_type, "column `" + name +
                                                            "` has a type kpic cannot read (type oid " +
                                                            std::to_string(pq().PQftype(last.get(), f)) + ")");
    out.batch.columns.push_back(read_column(last.get(), f, *type, name));
    out.names.push_back(std::move(name));
  }
  return out;
}

std::vector<PgColumn> PgConnection::describe(std::string_view sql) {
  std::string text(sql);
  ResultPtr prepared(pq().PQprepare(conn_, "", text.c_str(), 0, nullptr));
  if (!prepared) throw client_error(PgErrorKind::connection_lost, trimmed(pq().PQerrorMessage(conn_)));
  if (pq().PQresultStatus(prepared.get()) != PGRES_COMMAND_OK) throw server_error(prepared.get(), false);
  ResultPtr described(pq().PQdescribePrepared(conn_, ""));
  if (!described) throw client_error(PgErrorKind::connection_lost, trimmed(pq().PQerrorMessage(conn_)));
  if (pq().PQresultStatus(described.get()) != PGRES_COMMAND_OK) throw server_error(described.get(), false);
  std::vector<PgColumn> out;
  for (int f = 0; f < pq().PQnfields(described.get()); ++f) {
    Oid oid = pq().PQftype(described.get(), f);
    PgColumn c;
    c.name = pq().PQfname(described.get(), f);
    c.type = column_type(oid);
    out.push_back(std::move(c));
    if (out.back().type) continue;
    // The name of a type kpic cannot read, for the message (an OID is a number: no quoting needed).
    QueryResult name = query("SELECT format_type(" + std::to_string(oid) + ", NULL)");
    if (name.batch.num_rows == 1 && name.batch.columns.size() == 1 && name.batch.columns[0].dict)
      out.back().type_name = std::string(name.batch.columns[0].dict->at(name.batch.columns[0].data<int32_t>()[0]));
  }
  return out;
}

}  // namespace kpic::pg
