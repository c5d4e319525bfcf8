// The project file, `kpic.toml` (docs/sql.md): binds sources to data so that commands need no
// arguments, and names targets (environments) that bind them elsewhere, e.g. to a PostgreSQL server:
//
//   [sources]                       # the default binding: data files, relative to kpic.toml's folder
//   events = "data/events.parquet"
//   [targets.prod]                  # --target prod
//   engine = "postgresql://analytics@db.internal/prod"
//   events = "analytics.events"     # with an engine: a table reference
//
// Read with Debian's toml++. Every problem is a located diagnostic in kpic.toml: TOML syntax, a key
// kpic does not know (KP0820), a value of the wrong type (KP0820), a password in an engine URI (KP0820:
// passwords come from libpq's PGPASSWORD / ~/.pgpass, never from a file of kpic's), a target that does
// not exist (KP0821), a binding of a source no file declares (KP0822).
//
// Precedence (the commands apply it): command-line bindings, then the target's, then [sources], then the
// `source NAME "path"` defaults of the .kpi files.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/diag/diagnostic.h"

namespace kpic::project {

struct Binding {
  std::string source;  // the source's name (the TOML key)
  std::string value;   // a data path (relative to the project folder) or, under an engine, a table reference
  SourceRange where;   // the key in kpic.toml
};

struct Target {
  std::string name;
  std::string engine;             // a libpq URI (postgresql://...), or "" for a target that binds data files
  SourceRange where;              // the target's name in its [targets.NAME] header
  std::vector<Binding> bindings;  // in file order
};

struct ProjectFile {
  std::filesystem::path path;    // the kpic.toml read
  std::vector<Binding> sources;  // [sources], in file order
  std::vector<Target> targets;   // [targets.*], in file order

  std::filesystem::path folder() const { return path.parent_path(); }
  const Target* target(std::string_view name) const;
};

// The kpic.toml governing `kpi_file`: in the nearest folder at or above the file's own, as git finds
// .git (the same walk that fixes the project folder for imports, compiler/sema/loader.cc).
std::optional<std::filesystem::path> find_project_file(const std::filesystem::path& kpi_file);

// Parses `text`, the content of the file `path` (added to `sources` so diagnostics show the line).
// Returns nothing when there was an error; every error is in `diags`.
std::optional<ProjectFile> parse_project_file(SourceManager& sources, const std::filesystem::path& path,
                                              std::string text, Diagnostics& diags);
// Reads and parses `path`; a file that cannot be read is KP0820 naming it.
std::optional<ProjectFile> read_project_file(SourceManager& sources, const std::filesystem::path& path,
                                             Diagnostics& diags);

// The bindings in effect under `target` ("" = none): [sources], each overridden by the target's binding
// of the same source, then the target's others. An unknown target is KP0821 (naming the ones there are).
std::optional<std::vector<Binding>> bindings_for(const ProjectFile& project, std::string_view target,
                                                 Diagnostics& diags);

// KP0822 at every binding (in [sources] and every target) of a source not in `declared`.
void check_declared_sources(const ProjectFile& project, const std::vector<std::string>& declared,
                            Diagnostics& diags);

}  // namespace kpic::project
