#include "compiler/driver/bound_schemas.h"

#include <cstdio>
#include <filesystem>

#include "compiler/sema/data_args.h"
#include "runtime/readers/multi_file_table.h"
#include "runtime/readers/open_table.h"

namespace kpic::driver {

namespace {

// A default path names data when the file or folder exists, or when it is a pattern matching a file.
bool default_data_exists(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) return true;
  if (!is_multi_file_path(path)) return false;
  try {
    return !list_data_files(path).empty();
  } catch (const DataError&) {
    return false;
  }
}

}  // namespace

bool read_bound_schemas(const sema::Unit& unit, const std::vector<std::string>& args, const char* command,
                        std::map<std::string, Schema>& out, Diagnostics& diags, bool only_undeclared,
                        const sema::ProjectBindings& project) {
  if (unit.files.empty()) return true;  // the file itself could not be read: already reported
  std::vector<sema::DataArg> bound;
  std::string usage;
  if (!sema::bind_data_args(unit, args, bound, usage, project)) {
    std::fprintf(stderr, "kpic %s: %s\n", command, usage.c_str());
    return false;
  }
  for (const auto& b : bound) {
    if (b.from_default && !default_data_exists(b.path)) continue;
    const sema::SourceInfo* info = unit.find_source(b.source);
    if (only_undeclared && info && info->has_schema) continue;
    OpenOptions opts;
    if (info && info->has_schema) opts.declared = &info->schema;
    try {
      out[b.source] = open_table(b.path, opts)->schema();
    } catch (const DataError& e) {
      diags.add(data_error_diagnostic(e, b.path, b.source, info, b.bound_at));
    }
  }
  return true;
}

Diagnostic data_error_diagnostic(const DataError& e, const std::string& bound_path, const std::string& source,
                                 const sema::SourceInfo* info, SourceRange bound_at) {
  Diagnostic d;
  d.code = static_cast<DiagCode>(e.code);
  d.path = e.path.empty() ? bound_path : e.path;
  d.message = source.empty() ? e.message : e.message + " (source `" + source + "`)";
  if (e.code == 706 && info)  // a declared column the file lacks: point at its line in the `source` block
    for (size_t k = 0; k < info->schema.fields.size() && k < info->column_ranges.size(); ++k)
      if (e.message.find("`" + info->schema.fields[k].name + "`") != std::string::npos) {
        d.range = info->column_ranges[k];
        break;
      }
  if (bound_at.valid()) d.notes.push_back({bound_at, "the data of source `" + source + "` is bound here"});
  return d;
}

}  // namespace kpic::driver
