// Binding of command-line data arguments (`DATA`, `NAME=DATA`) to a Unit's sources, shared by the
// commands that read data (check, run, explain). Pure: opens no file.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "compiler/sema/frontend.h"

namespace kpic::sema {

struct DataArg {
  std::string source;  // the source name
  std::string path;    // the data file
  bool from_default = false;  // the source's default path (`source NAME "path"`) or the project file's
                              // binding, no argument given
  SourceRange bound_at;       // bound by the project file: the binding's key in kpic.toml, else invalid
};

// The data the project file (kpic.toml) binds, by source: `path` is already relative to the working
// folder (or absolute). It takes the place of the source's `source NAME "path"` default.
struct ProjectBinding {
  std::string path;
  SourceRange where;  // the binding's key in kpic.toml
};
using ProjectBindings = std::map<std::string, ProjectBinding>;

// Binds `args` to sources:
//   NAME=DATA      binds DATA to source NAME (NAME must be a declared source, or the implicit one);
//   DATA           binds to the only source (declared or implicit); an error when there are several;
// then every source still unbound gets its `project` binding, else its default path (from_default). On a
// usage error (unknown NAME, several unnamed files, a source bound twice) returns false and sets `error`.
bool bind_data_args(const Unit& unit, const std::vector<std::string>& args, std::vector<DataArg>& out,
                    std::string& error, const ProjectBindings& project = {});

}  // namespace kpic::sema
