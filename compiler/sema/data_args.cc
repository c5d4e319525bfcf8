#include "compiler/sema/data_args.h"

#include <cctype>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace kpic::sema {

static bool is_identifier(const std::string& s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

bool bind_data_args(const Unit& unit, const std::vector<std::string>& args, std::vector<DataArg>& out,
                    std::string& error, const ProjectBindings& project) {
  std::vector<std::string> names;
  for (const auto& s : unit.sources) names.push_back(s.name);
  auto bound = [&](const std::string& name) {
    for (const auto& a : out)
      if (a.source == name) return true;
    return false;
  };
  for (const auto& arg : args) {
    size_t eq = arg.find('=');
    std::string name, path = arg;
    if (eq != std::string::npos && is_identifier(arg.substr(0, eq))) {
      name = arg.substr(0, eq);
      path = arg.substr(eq + 1);
      if (!unit.find_source(name)) {
        error = fmt::format("`{}` names no source of the program (its sources: {})", name, fmt::join(names, ", "));
        std::string near = nearest_name(name, names);
        if (!near.empty()) error += fmt::format("; did you mean `{}`?", near);
        return false;
      }
    } else {
      const SourceInfo* only = unit.bind_target();
      if (!only) {
        error = fmt::format("`{}`: the program has several sources ({}); bind data by name: NAME={}", arg,
                            fmt::join(names, ", "), arg);
        return false;
      }
      name = only->name;
    }
    if (path.empty()) {
      error = fmt::format("`{}`: no data file after `=`", arg);
      return false;
    }
    if (bound(name)) {
      error = fmt::format("source `{}` is given data twice", name);
      return false;
    }
    out.push_back({name, path, false, {}});
  }
  for (const auto& s : unit.sources) {
    if (bound(s.name)) continue;
    if (auto it = project.find(s.name); it != project.end())
      out.push_back({s.name, it->second.path, true, it->second.where});
    else if (!s.resolved_path.empty())
      out.push_back({s.name, s.resolved_path, true, {}});
  }
  return true;
}

}  // namespace kpic::sema
