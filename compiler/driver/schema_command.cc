// `kpic schema DATA... [--verbose] [--format text|json] [--type COL=TYPE]...`: the columns, types,
// nullability and row count of each data file. CSV files are read completely (in parallel chunks), so
// every malformed row is reported and nullability is exact; Parquet is described from its footer.
// --verbose adds the CSV dialect and chunks, or the Parquet row groups, codecs, encodings and statistics.
#include <CLI/CLI.hpp>
#include <atomic>
#include <cctype>
#include <exception>
#include <filesystem>
#include <cstdio>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <thread>

#include "compiler/diag/render.h"
#include "compiler/diag/terminal_color.h"
#include "compiler/driver/bound_schemas.h"
#include "compiler/driver/commands.h"
#include "runtime/csv/csv_reader.h"
#include "runtime/readers/multi_file_table.h"
#include "runtime/readers/open_table.h"
#include "runtime/parquet/parquet_describe.h"

namespace kpic::driver {

namespace {

struct SchemaArgs {
  std::vector<std::string> files;
  bool verbose = false;
  std::string format = "text";
  std::vector<std::string> types;  // COL=TYPE
};

// Reads every chunk of `reader` on a few threads and counts the nulls of each column. The error of the
// earliest chunk wins, so the reported row does not depend on thread timing.
std::vector<int64_t> count_nulls(const TableReader& reader) {
  size_t ncols = reader.schema().fields.size();
  std::vector<int> all(ncols);
  for (size_t i = 0; i < ncols; ++i) all[i] = static_cast<int>(i);
  int chunks = reader.num_chunks();
  std::vector<std::vector<int64_t>> nulls(chunks, std::vector<int64_t>(ncols, 0));
  // Any exception of a worker (a DataError, or an InternalError: a bug) is rethrown on this thread.
  std::vector<std::exception_ptr> errors(chunks);
  std::atomic<int> next{0};
  auto work = [&] {
    for (int c; (c = next++) < chunks;) {
      try {
        std::vector<Batch> batches;
        reader.read_chunk(c, all, batches);
        for (const Batch& b : batches)
          for (size_t k = 0; k < ncols; ++k)
            if (b.columns[k].has_nulls())
              for (int64_t i = 0; i < b.num_rows; ++i) nulls[c][k] += !b.columns[k].is_valid(i);
      } catch (...) {
        errors[c] = std::current_exception();
      }
    }
  };
  int threads = std::clamp<int>(static_cast<int>(std::thread::hardware_concurrency()), 1, std::max(1, std::min(chunks, 8)));
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
  std::vector<int64_t> total(ncols, 0);
  for (const auto& per : nulls)
    for (size_t k = 0; k < ncols; ++k) total[k] += per[k];
  return total;
}

std::string delimiter_name(char d) {
  switch (d) {
    case '\t': return "tab";
    case ',': return "','";
    case ';': return "';'";
    case '|': return "'|'";
  }
  return std::string(1, d);
}

std::string format_stat(const Field& f, const ColumnStats& s, bool min) {
  if (f.type == ValueType::String) return min ? s.min_str : s.max_str;
  double v = min ? s.min_num : s.max_num;
  return fmt::format("{}", v);
}

// One file's description.
struct Description {
  std::string path;
  std::string format;
  Schema schema;
  std::vector<int64_t> nulls;  // CSV only: exact null counts
  nlohmann::ordered_json details = nlohmann::ordered_json::object();
  std::vector<std::string> detail_lines;  // verbose text
  std::vector<std::string> column_notes;  // verbose per-column note (CSV: inferred/declared)
};

Description describe(const std::string& path, const SchemaArgs& args, const Schema* declared) {
  OpenOptions opts;
  opts.declared = declared;
  std::unique_ptr<TableReader> reader = open_table(path, opts);
  Description d;
  d.path = path;
  d.schema = reader->schema();
  if (const auto* multi = dynamic_cast<const MultiFileTable*>(reader.get())) {
    // A folder or a pattern: the columns of the table its files form, then the files.
    d.format = "files";
    d.details["files"] = nlohmann::ordered_json::array();
    for (int i = 0; i < multi->num_files(); ++i) {
      const TableReader& f = multi->file(i);
      d.details["files"].push_back({{"path", f.path()}, {"rows", f.schema().num_rows}});
      d.detail_lines.push_back(fmt::format("{}: {} rows", f.path(), f.schema().num_rows));
    }
  } else if (const auto* csv = dynamic_cast<const csv::CsvReader*>(reader.get())) {
    d.format = "csv";
    d.nulls = count_nulls(*reader);
    for (size_t i = 0; i < d.schema.fields.size(); ++i) d.schema.fields[i].nullable = d.nulls[i] > 0;
    const csv::CsvLayout& l = csv->layout();
    d.details = {{"delimiter", std::string(1, l.delimiter)},
                 {"header", true},
                 {"line_endings", l.crlf ? "CRLF" : "LF"},
                 {"gzip", l.gzip},
                 {"bom", l.bom},
                 {"bytes", l.bytes},
                 {"chunks", reader->num_chunks()},
                 {"sampled_rows", l.sampled_rows}};
    d.detail_lines.push_back(fmt::format("delimiter {}, header row, {} line endings{}{}", delimiter_name(l.delimiter),
                                         l.crlf ? "CRLF" : "LF", l.gzip ? ", gzip" : "", l.bom ? ", UTF-8 BOM" : ""));
    d.detail_lines.push_back(fmt::format("{} bytes of text in {} chunk{}", l.bytes, reader->num_chunks(),
                                         reader->num_chunks() == 1 ? "" : "s"));
    d.detail_lines.push_back(fmt::format("types inferred from {} sampled row{}{}", l.sampled_rows,
                                         l.sampled_rows == 1 ? "" : "s", l.whole_file_sampled ? " (the whole file)" : ""));
    for (size_t i = 0; i < d.schema.fields.size(); ++i)
      d.column_notes.push_back(fmt::format("{} null{}, {}", d.nulls[i], d.nulls[i] == 1 ? "" : "s", l.declared[i] ? "declared" : "inferred"));
  } else {
    d.format = "parquet";
    if (args.verbose) {
      int groups = reader->num_chunks();
      d.details["row_groups"] = nlohmann::ordered_json::array();
      // The Parquet reader's own description: physical and logical types, codecs, encodings, sizes, stats.
      std::string text = parquet::describe_parquet(path);
      d.details["description"] = nlohmann::ordered_json::array();
      for (size_t b = 0, e; b < text.size(); b = e + 1) {
        e = text.find('\n', b);
        if (e == std::string::npos) e = text.size();
        d.detail_lines.push_back(text.substr(b, e - b));
        d.details["description"].push_back(text.substr(b, e - b));
      }
      for (int g = 0; g < groups; ++g) {
        nlohmann::ordered_json jg = {{"rows", reader->chunk_rows(g)}, {"columns", nlohmann::ordered_json::array()}};
        for (size_t c = 0; c < d.schema.fields.size(); ++c) {
          const Field& f = d.schema.fields[c];
          auto s = reader->stats(g, static_cast<int>(c));
          nlohmann::ordered_json jc = {{"name", f.name}};
          if (s && s->has_min_max) {
            jc["min"] = format_stat(f, *s, true);
            jc["max"] = format_stat(f, *s, false);
          }
          if (s && s->null_count >= 0) {
            jc["null_count"] = s->null_count;
          }
          jg["columns"].push_back(jc);
        }
        d.details["row_groups"].push_back(jg);
      }
    }
  }
  return d;
}

void print_text(const Description& d, bool verbose) {
  std::string format = d.format == "csv" ? "CSV" : d.format == "parquet" ? "Parquet" : "";
  if (d.format == "files") format = fmt::format("{} files", d.details["files"].size());
  std::printf("%s: %s, %lld rows, %zu columns\n", d.path.c_str(), format.c_str(),
              static_cast<long long>(d.schema.num_rows), d.schema.fields.size());
  size_t wname = 6, wtype = 4;
  for (const Field& f : d.schema.fields) {
    wname = std::max(wname, f.name.size());
    wtype = std::max(wtype, type_name(f.type).size());
  }
  bool notes = verbose && !d.column_notes.empty();
  std::string head = fmt::format("  {:<{}}  {:<{}}  {}", "column", wname, "type", wtype, notes ? "nullable  " : "nullable");
  if (notes) head += "details";
  std::printf("%s\n", head.c_str());
  for (size_t i = 0; i < d.schema.fields.size(); ++i) {
    const Field& f = d.schema.fields[i];
    std::string line = fmt::format("  {:<{}}  {:<{}}  {}", f.name, wname, type_name(f.type), wtype,
                                   notes ? fmt::format("{:<10}", f.nullable ? "yes" : "no") : (f.nullable ? "yes" : "no"));
    if (notes) line += d.column_notes[i];
    if (!f.unsupported.empty()) line += "  (unsupported: " + f.unsupported + ")";
    std::printf("%s\n", line.c_str());
  }
  if (verbose)
    for (const auto& l : d.detail_lines) std::printf("  %s\n", l.c_str());
}

nlohmann::ordered_json to_json(const Description& d, bool verbose) {
  nlohmann::ordered_json cols = nlohmann::ordered_json::array();
  for (size_t i = 0; i < d.schema.fields.size(); ++i) {
    const Field& f = d.schema.fields[i];
    nlohmann::ordered_json c = {{"name", f.name}, {"type", std::string(type_name(f.type))}, {"nullable", f.nullable}};
    if (!f.unsupported.empty()) c["unsupported"] = f.unsupported;
    if (!d.nulls.empty()) c["null_count"] = d.nulls[i];
    cols.push_back(c);
  }
  nlohmann::ordered_json j = {{"path", d.path}, {"format", d.format}, {"rows", d.schema.num_rows}, {"columns", cols}};
  if (verbose) j["details"] = d.details;
  return j;
}

// A column name that may be written bare in a schema block: an identifier and no keyword of the grammar
// (source, test, given, expect, fn and import are allowed there too, but quoting them costs nothing).
bool is_identifier(const std::string& s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  for (const char* k : {"and", "or", "not", "in", "is", "null", "true", "false", "if", "then", "else", "where", "by",
                        "per", "as", "fn", "import", "source", "test", "given", "expect"})
    if (s == k) return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

// The name of the `source` block for a data path: the file name without extensions (the folder's name
// for a folder), made an identifier ("2024 orders.csv" -> `_2024_orders`).
std::string source_name(const std::string& path) {
  std::filesystem::path p(path);
  std::string name = p.filename().string();
  if (name.empty()) name = p.parent_path().filename().string();  // "lake/events/"
  if (size_t dot = name.find('.'); dot != std::string::npos && dot > 0) name = name.substr(0, dot);
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') c = '_';
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) name = "_" + name;
  return name;
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// `--format kpi`: a `source` block ready to paste into a .kpi file. Columns kpic cannot read are left
// as comments; names that are not identifiers are backquoted.
void print_kpi(const Description& d) {
  std::printf("source %s %s {\n", source_name(d.path).c_str(), quoted(d.path).c_str());
  for (const Field& f : d.schema.fields) {
    std::string name = is_identifier(f.name) ? f.name : "`" + f.name + "`";
    if (!f.unsupported.empty()) {
      std::printf("  # %s: not readable by kpic (%s)\n", name.c_str(), f.unsupported.c_str());
      continue;
    }
    std::printf("  %s: %s,\n", name.c_str(), std::string(type_name(f.type)).c_str());
  }
  std::printf("}\n");
}

int run_schema(const SchemaArgs& args) {
  Schema declared;
  for (const std::string& t : args.types) {
    size_t eq = t.find('=');
    auto type = eq == std::string::npos ? std::nullopt : parse_type_name(t.substr(eq + 1));
    if (!type || eq == 0) {
      std::fprintf(stderr, "kpic schema: --type expects COLUMN=TYPE with TYPE one of bool, int, float, string, "
                           "date, timestamp (got `%s`)\n", t.c_str());
      return 2;
    }
    declared.fields.push_back(Field{t.substr(0, eq), *type, true, {}});
  }
  SourceManager sm;
  int exit_code = 0;
  nlohmann::ordered_json files = nlohmann::ordered_json::array();
  bool first = true;
  for (const std::string& path : args.files) {
    try {
      Description d = describe(path, args, args.types.empty() ? nullptr : &declared);
      if (args.format == "json") {
        files.push_back(to_json(d, args.verbose));
      } else if (args.format == "kpi") {
        if (!first) std::printf("\n");
        print_kpi(d);
        first = false;
      } else {
        if (!first) std::printf("\n");
        print_text(d, args.verbose);
        first = false;
      }
    } catch (const DataError& e) {
      std::fflush(stdout);
      std::fputs(render(sm, data_error_diagnostic(e, path, "", nullptr), {use_color(stderr)}).c_str(), stderr);
      exit_code = 1;
    }
  }
  if (args.format == "json") std::printf("%s\n", nlohmann::ordered_json{{"files", files}}.dump(2).c_str());
  return exit_code;
}

}  // namespace

void add_schema_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<SchemaArgs>();
  auto* cmd = app.add_subcommand("schema", "Show the columns, types, nullability and row count of data files");
  cmd->add_option("data", args->files, "Parquet or CSV files, folders or patterns")->required();
  cmd->add_flag("--verbose,-v", args->verbose,
                "Also show Parquet row groups, codecs, encodings and statistics, or the CSV dialect and chunks");
  cmd->add_option("--format", args->format, "text, json, or kpi (a `source` block per file, ready to paste)")
      ->check(CLI::IsMember({"text", "json", "kpi"}));
  cmd->add_option("--type", args->types,
                  "Declare a CSV column's type as a `source` block does (COLUMN=TYPE; repeatable)");
  cmd->callback([args, &exit_code] { exit_code = run_schema(*args); });
}

}  // namespace kpic::driver
