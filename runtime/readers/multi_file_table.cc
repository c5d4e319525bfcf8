#include "runtime/readers/multi_file_table.h"

#include <glob.h>

#include <algorithm>
#include <cctype>
#include <atomic>
#include <exception>
#include <cstring>
#include <filesystem>
#include <optional>
#include <thread>

#include "runtime/csv/csv_value.h"

namespace kpic {

namespace fs = std::filesystem;

namespace {

constexpr int kMixedSchemas = 708;
constexpr const char* kHiveNull = "__HIVE_DEFAULT_PARTITION__";

bool has_wildcard(const std::string& s) { return s.find_first_of("*?[") != std::string::npos; }

bool is_data_file_name(const std::string& name) {
  std::string lower = name;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* ext : {".parquet", ".parq", ".csv", ".tsv", ".txt", ".csv.gz", ".tsv.gz"}) {
    size_t n = std::strlen(ext);
    if (lower.size() > n && lower.compare(lower.size() - n, n, ext) == 0) return true;
  }
  return false;
}

bool hidden(const std::string& name) { return !name.empty() && (name[0] == '.' || name[0] == '_'); }

// The folder under which folder keys are read: the folder itself, or the pattern's leading components
// that hold no wildcard.
fs::path key_root(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return fs::path(path);
  fs::path root;
  for (const auto& part : fs::path(path).parent_path()) {
    if (has_wildcard(part.string())) break;
    root /= part;
  }
  return root;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Hive escapes special characters in folder names as %XX.
std::string percent_decode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 && hex_digit(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

struct FolderKeys {
  std::vector<std::string> names;
  std::vector<std::optional<std::string>> values;  // nullopt: the Hive null partition
};

FolderKeys folder_keys(const std::string& file, const fs::path& root) {
  FolderKeys k;
  fs::path rel = fs::path(file).lexically_relative(root);
  if (rel.empty()) rel = fs::path(file);
  fs::path dir = rel.parent_path();
  for (const auto& part : dir) {
    std::string s = part.string();
    size_t eq = s.find('=');
    if (eq == std::string::npos || eq == 0) continue;
    k.names.push_back(percent_decode(s.substr(0, eq)));
    std::string v = percent_decode(s.substr(eq + 1));
    k.values.push_back(v == kHiveNull ? std::nullopt : std::optional<std::string>(v));
  }
  return k;
}

std::string describe_keys(const std::vector<std::string>& names) {
  if (names.empty()) return "no folder key";
  std::string s = "folder keys ";
  for (size_t i = 0; i < names.size(); ++i) s += (i ? ", " : "") + names[i];
  return s;
}

// The type of a folder key: declared, else int when every value is one, else date, else string.
ValueType infer_key_type(const std::vector<const std::optional<std::string>*>& values) {
  bool all_int = true, all_date = true;
  for (const auto* v : values) {
    if (!*v) continue;
    int64_t i;
    int32_t d;
    all_int = all_int && csv::parse_int(**v, i);
    all_date = all_date && csv::parse_date(**v, d);
  }
  if (all_int) return ValueType::Int;
  if (all_date) return ValueType::Date;
  return ValueType::String;
}

// A one-row column holding a key's value as `type`; false when the text is not of that type.
bool key_value(const std::optional<std::string>& text, ValueType type, Column& col) {
  col.resize(type, 1);
  if (type == ValueType::String) {
    auto dict = std::make_shared<Dictionary>();
    dict->add(text ? *text : std::string());
    col.dict = std::move(dict);
    col.mutable_data<int32_t>()[0] = 0;
  }
  if (!text) {
    col.set_null(0);
    return true;
  }
  switch (type) {
    case ValueType::Int: return csv::parse_int(*text, col.mutable_data<int64_t>()[0]);
    case ValueType::Float: return csv::parse_float(*text, col.mutable_data<double>()[0]);
    case ValueType::Date: return csv::parse_date(*text, col.mutable_data<int32_t>()[0]);
    case ValueType::Timestamp: return csv::parse_timestamp(*text, col.mutable_data<int64_t>()[0]);
    case ValueType::Bool: {
      bool b;
      if (!csv::parse_bool(*text, b)) return false;
      col.mutable_data<uint8_t>()[0] = b ? 1 : 0;
      return true;
    }
    case ValueType::String: return true;
    default: return false;
  }
}

}  // namespace

bool is_multi_file_path(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return true;
  return has_wildcard(path) && !fs::exists(path, ec);
}

std::vector<std::string> list_data_files(const std::string& path) {
  std::vector<std::string> files;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      std::string name = it->path().filename().string();
      if (hidden(name)) {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file(ec) && is_data_file_name(name)) files.push_back(it->path().lexically_normal().string());
    }
    if (ec) throw DataError{701, path, "cannot list the folder: " + ec.message()};
    if (files.empty())
      throw DataError{701, path, "the folder holds no data file (.parquet, .parq, .csv, .tsv, .txt, .csv.gz, .tsv.gz)"};
  } else {
    glob_t g{};
    int rc = ::glob(path.c_str(), 0, nullptr, &g);
    if (rc == 0) {
      for (size_t i = 0; i < g.gl_pathc; ++i) {
        std::string f = g.gl_pathv[i];
        if (fs::is_regular_file(f, ec)) files.push_back(f);
      }
    }
    ::globfree(&g);
    if (rc != 0 && rc != GLOB_NOMATCH) throw DataError{701, path, "cannot list the files of the pattern"};
    if (files.empty()) throw DataError{701, path, "no data file matches the pattern"};
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::unique_ptr<MultiFileTable> MultiFileTable::open(const std::string& path, const OpenOptions& opts) {
  std::vector<std::string> paths = list_data_files(path);
  std::unique_ptr<MultiFileTable> t(new MultiFileTable());
  t->path_ = path;

  // Folder keys: every file must have the same ones, in the same order.
  fs::path root = key_root(path);
  std::vector<FolderKeys> keys;
  for (const auto& p : paths) {
    keys.push_back(folder_keys(p, root));
    if (keys.back().names != keys.front().names)
      throw DataError{kMixedSchemas, p,
                      "the files of `" + path + "` do not form one table: " + paths.front() + " has " +
                          describe_keys(keys.front().names) + ", " + p + " has " + describe_keys(keys.back().names)};
  }
  const std::vector<std::string>& key_names = keys.front().names;

  // The files' own columns are declared without the keys (a CSV reader checks every declared column).
  Schema file_declared;
  if (opts.declared) {
    for (const auto& f : opts.declared->fields)
      if (std::find(key_names.begin(), key_names.end(), f.name) == key_names.end()) file_declared.fields.push_back(f);
  }
  OpenOptions file_opts = opts;
  if (opts.declared) file_opts.declared = &file_declared;

  // Open every file in parallel; the first error in file order is the one reported, rethrown on this
  // thread as it was thrown (a DataError; out of memory or an InternalError is no data error).
  t->files_.resize(paths.size());
  std::vector<std::exception_ptr> errors(paths.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < paths.size();) {
      try {
        t->files_[i].reader = open_table(paths[i], file_opts);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  size_t nthreads = std::min<size_t>(paths.size(), std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::thread> threads;
  for (size_t i = 1; i < nthreads; ++i) threads.emplace_back(worker);
  worker();
  for (auto& th : threads) th.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);

  // The first file's columns are the table's; every other file must have the same names and types.
  const Schema& first = t->files_[0].reader->schema();
  t->schema_.fields = first.fields;
  t->file_columns_ = static_cast<int>(first.fields.size());
  int64_t rows = 0;
  for (size_t i = 0; i < paths.size(); ++i) {
    File& f = t->files_[i];
    const Schema& s = f.reader->schema();
    auto differ = [&](const std::string& what) {
      return DataError{kMixedSchemas, paths[i],
                       "the files of `" + path + "` have different columns: " + what + " (" + paths.front() +
                           " against " + paths[i] + ")"};
    };
    for (size_t c = 0; c < first.fields.size(); ++c) {
      const Field& want = first.fields[c];
      int at = s.find(want.name);
      if (at < 0) throw differ("column `" + want.name + "` is missing from " + paths[i]);
      const Field& got = s.fields[static_cast<size_t>(at)];
      if (got.type != want.type)
        throw differ("column `" + want.name + "` is " + std::string(type_name(want.type)) + " in one and " + std::string(type_name(got.type)) +
                     " in the other");
      t->schema_.fields[c].nullable = t->schema_.fields[c].nullable || got.nullable;
      f.column_of.push_back(at);
    }
    if (s.fields.size() != first.fields.size()) {
      for (const auto& g : s.fields)
        if (first.find(g.name) < 0) throw differ("column `" + g.name + "` is only in " + paths[i]);
    }
    for (int c = 0; c < f.reader->num_chunks(); ++c) t->chunks_.push_back({static_cast<int>(i), c});
    rows = s.num_rows < 0 || rows < 0 ? -1 : rows + s.num_rows;
  }
  t->schema_.num_rows = rows;

  // Folder keys become typed columns after the files' own.
  for (size_t k = 0; k < key_names.size(); ++k) {
    const std::string& name = key_names[k];
    if (first.find(name) >= 0)
      throw DataError{kMixedSchemas, paths.front(),
                      "`" + name + "` is both a folder key (" + name + "=...) and a column of the file"};
    std::vector<const std::optional<std::string>*> values;
    bool any_null = false;
    for (const auto& fk : keys) {
      values.push_back(&fk.values[k]);
      any_null = any_null || !fk.values[k];
    }
    ValueType type = infer_key_type(values);
    int declared = opts.declared ? opts.declared->find(name) : -1;
    if (declared >= 0) type = opts.declared->fields[static_cast<size_t>(declared)].type;
    for (size_t i = 0; i < paths.size(); ++i) {
      Column col;
      if (!key_value(keys[i].values[k], type, col))
        throw DataError{706, paths[i],
                        "folder key " + name + "=" + *keys[i].values[k] + " is not a " + std::string(type_name(type)) +
                            " (the type of `" + name + "`)"};
      t->files_[i].keys.push_back(std::move(col));
    }
    t->schema_.fields.push_back(Field{name, type, any_null, {}});
  }
  return t;
}

int64_t MultiFileTable::chunk_rows(int chunk) const {
  const ChunkRef& r = chunks_[static_cast<size_t>(chunk)];
  return files_[static_cast<size_t>(r.file)].reader->chunk_rows(r.chunk);
}

std::optional<ColumnStats> MultiFileTable::stats(int chunk, int column) const {
  const ChunkRef& r = chunks_[static_cast<size_t>(chunk)];
  const File& f = files_[static_cast<size_t>(r.file)];
  if (column < file_columns_) return f.reader->stats(r.chunk, f.column_of[static_cast<size_t>(column)]);
  const Column& key = f.keys[static_cast<size_t>(column - file_columns_)];
  ColumnStats s;
  int64_t rows = f.reader->chunk_rows(r.chunk);
  if (!key.is_valid(0)) {
    s.null_count = rows;
    return s;
  }
  s.null_count = 0;
  s.has_min_max = true;
  switch (key.type) {
    case ValueType::Int: s.min_num = static_cast<double>(key.data<int64_t>()[0]); break;
    case ValueType::Timestamp: s.min_num = static_cast<double>(key.data<int64_t>()[0]); break;
    case ValueType::Float: s.min_num = key.data<double>()[0]; break;
    case ValueType::Date: s.min_num = key.data<int32_t>()[0]; break;
    case ValueType::Bool: s.min_num = key.data<uint8_t>()[0]; break;
    case ValueType::String: s.min_str = std::string(key.dict->at(0)); break;
    default: return std::nullopt;
  }
  s.max_num = s.min_num;
  s.max_str = s.min_str;
  return s;
}

Column MultiFileTable::key_column(const File& f, int key, int64_t rows) const {
  const Column& one = f.keys[static_cast<size_t>(key)];
  Column col;
  col.resize(one.type, rows);
  col.dict = one.dict;
  size_t w = type_width(one.type);
  for (int64_t i = 0; i < rows; ++i) std::memcpy(col.values.data() + static_cast<size_t>(i) * w, one.values.data(), w);
  if (!one.is_valid(0)) col.validity.assign(static_cast<size_t>((rows + 63) / 64), 0);
  return col;
}

void MultiFileTable::read_chunk(int chunk, const std::vector<int>& columns, std::vector<Batch>& out) const {
  const ChunkRef& r = chunks_[static_cast<size_t>(chunk)];
  const File& f = files_[static_cast<size_t>(r.file)];
  std::vector<int> own;  // the requested columns the file has, in its numbering
  for (int c : columns)
    if (c < file_columns_) own.push_back(f.column_of[static_cast<size_t>(c)]);
  std::vector<Batch> parts;
  if (own.empty() && columns.size() > 0) {
    parts.push_back(Batch{f.reader->chunk_rows(r.chunk), {}});  // only folder keys: no need to read the file
  } else {
    f.reader->read_chunk(r.chunk, own, parts);
  }
  for (Batch& part : parts) {
    Batch b;
    b.num_rows = part.num_rows;
    size_t next_own = 0;
    for (int c : columns) {
      if (c < file_columns_) b.columns.push_back(std::move(part.columns[next_own++]));
      else b.columns.push_back(key_column(f, c - file_columns_, part.num_rows));
    }
    out.push_back(std::move(b));
  }
}

}  // namespace kpic
