#include "compiler/project/project_file.h"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace kpic::project {
namespace fs = std::filesystem;
namespace {

// Converts toml++'s positions (1-based line, column in code points) to byte ranges of one file.
class Locator {
 public:
  Locator(const SourceManager& sources, FileId file) : sources_(sources), file_(file) {}

  SourceRange at(const toml::source_region& region) const {
    uint32_t begin = offset(region.begin);
    uint32_t end = region.end.line == region.begin.line ? offset(region.end) : begin;
    return SourceRange{file_, begin, std::max(end, begin + 1)};
  }

 private:
  uint32_t offset(const toml::source_position& pos) const {
    std::string_view text = sources_.text(file_);
    if (pos.line == 0) return 0;
    std::string_view line = sources_.line_text(file_, pos.line);
    size_t byte = 0;
    for (uint32_t col = 1; col < pos.column && byte < line.size(); ++col) {
      ++byte;  // past one code point: its lead byte, then its continuation bytes
      while (byte < line.size() && (static_cast<unsigned char>(line[byte]) & 0xC0) == 0x80) ++byte;
    }
    return static_cast<uint32_t>(line.data() - text.data() + byte);
  }

  const SourceManager& sources_;
  FileId file_;
};

std::string_view kind_of(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "a boolean";
    default:
      return "a date or time";
  }
}

// True when a libpq URI carries a password (`user:password@host` or `?password=`).
bool has_password(std::string_view uri) {
  size_t scheme = uri.find("://");
  if (scheme != std::string_view::npos) {
    std::string_view rest = uri.substr(scheme + 3);
    std::string_view authority = rest.substr(0, rest.find_first_of("/?"));
    size_t at = authority.rfind('@');
    if (at != std::string_view::npos && authority.substr(0, at).find(':') != std::string_view::npos)
      return true;
  }
  size_t query = uri.find('?');
  return query != std::string_view::npos && (uri.find("?password=", query) != std::string_view::npos ||
                                             uri.find("&password=", query) != std::string_view::npos);
}

// toml++ tables iterate in key order; kpic keeps the order of the file.
template <typename T>
void in_file_order(std::vector<T>& items) {
  std::stable_sort(items.begin(), items.end(),
                   [](const T& a, const T& b) { return a.where.begin < b.where.begin; });
}

class Reader {
 public:
  Reader(const Locator& at, Diagnostics& diags) : at_(at), diags_(diags) {}

  void unknown_key(const toml::key& key, std::string_view where, const std::vector<std::string>& known) {
    Diagnostic& d = diags_.error(DiagCode::bad_project_file, at_.at(key.source()),
                                 "unknown key `" + std::string(key.str()) + "` " + std::string(where));
    std::string near = nearest_name(std::string(key.str()), known);
    if (!near.empty()) d.help = "did you mean `" + near + "`?";
  }

  // A table's string values as bindings; every other value is an error.
  std::vector<Binding> bindings(const toml::table& table, std::string_view where,
                                std::string* engine = nullptr) {
    std::vector<Binding> out;
    for (auto&& [key, node] : table) {
      std::string name(key.str());
      const std::string* value = node.is_string() ? &node.as_string()->get() : nullptr;
      if (!value) {
        diags_
            .error(DiagCode::bad_project_file, at_.at(node.source()),
                   "`" + name + "` " + std::string(where) + " must be a string, not " +
                       std::string(kind_of(node)))
            .help = engine && name == "engine" ? "e.g. engine = \"postgresql://user@host/database\""
                                               : "e.g. " + name + " = \"data/" + name + ".parquet\"";
        continue;
      }
      if (engine && name == "engine") {
        check_engine(*value, node);
        *engine = *value;
        continue;
      }
      out.push_back(Binding{name, *value, at_.at(key.source())});
    }
    in_file_order(out);
    return out;
  }

 private:
  void check_engine(const std::string& uri, const toml::node& node) {
    if (!uri.starts_with("postgresql://") && !uri.starts_with("postgres://")) {
      diags_.error(DiagCode::bad_project_file, at_.at(node.source()),
                   "`engine` must be a PostgreSQL URI (postgresql://...), the one engine kpic runs on");
    } else if (has_password(uri)) {
      diags_.error(DiagCode::bad_project_file, at_.at(node.source()), "a password in kpic.toml").help =
          "leave it out of the URI: libpq reads it from PGPASSWORD or ~/.pgpass";
    }
  }

  const Locator& at_;
  Diagnostics& diags_;
};

}  // namespace

const Target* ProjectFile::target(std::string_view name) const {
  for (const Target& t : targets)
    if (t.name == name) return &t;
  return nullptr;
}

std::optional<fs::path> find_project_file(const fs::path& kpi_file) {
  std::error_code ec;
  fs::path folder = fs::absolute(kpi_file, ec).parent_path();
  for (fs::path p = folder; !p.empty(); p = p.parent_path()) {
    if (fs::is_regular_file(p / "kpic.toml", ec)) return p / "kpic.toml";
    if (p == p.root_path()) break;
  }
  return std::nullopt;
}

std::optional<ProjectFile> parse_project_file(SourceManager& sources, const fs::path& path, std::string text,
                                              Diagnostics& diags) {
  size_t errors_before = diags.list().size();
  FileId file = sources.add(path.string(), text);
  Locator at(sources, file);
  toml::table root;
  try {
    root = toml::parse(sources.text(file), path.string());
  } catch (const toml::parse_error& e) {
    diags.error(DiagCode::bad_project_file, at.at(e.source()), std::string(e.description()));
    return std::nullopt;
  }

  ProjectFile project;
  project.path = path;
  Reader reader(at, diags);
  for (auto&& [key, node] : root) {
    if (key.str() == "sources" && node.is_table()) {
      project.sources = reader.bindings(*node.as_table(), "in [sources]");
    } else if (key.str() == "targets" && node.is_table()) {
      for (auto&& [name, target] : *node.as_table()) {
        std::string where = "in [targets." + std::string(name.str()) + "]";
        if (!target.is_table()) {
          diags
              .error(DiagCode::bad_project_file, at.at(target.source()),
                     "target `" + std::string(name.str()) + "` must be a table, not " +
                         std::string(kind_of(target)))
              .help = "write it as a [targets." + std::string(name.str()) + "] section";
          continue;
        }
        Target t{std::string(name.str()), "", at.at(name.source()), {}};
        t.bindings = reader.bindings(*target.as_table(), where, &t.engine);
        project.targets.push_back(std::move(t));
      }
    } else if (key.str() == "sources" || key.str() == "targets") {
      diags
          .error(DiagCode::bad_project_file, at.at(node.source()),
                 "`" + std::string(key.str()) + "` must be a table, not " + std::string(kind_of(node)))
          .help = "write it as a [" + std::string(key.str()) + "] section";
    } else {
      reader.unknown_key(key, "in kpic.toml (it has [sources] and [targets.NAME])", {"sources", "targets"});
    }
  }
  in_file_order(project.targets);
  for (size_t i = errors_before; i < diags.list().size(); ++i)
    if (diags.list()[i].severity == Severity::Error) return std::nullopt;
  return project;
}

std::optional<ProjectFile> read_project_file(SourceManager& sources, const fs::path& path,
                                             Diagnostics& diags) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in || in.bad()) {
    Diagnostic d;
    d.code = DiagCode::bad_project_file;
    d.message = "cannot read the project file";
    d.path = path.string();
    diags.add(std::move(d));
    return std::nullopt;
  }
  return parse_project_file(sources, path, std::move(text).str(), diags);
}

std::optional<std::vector<Binding>> bindings_for(const ProjectFile& project, std::string_view target,
                                                 Diagnostics& diags) {
  std::vector<Binding> out = project.sources;
  if (target.empty()) return out;
  const Target* t = project.target(target);
  if (!t) {
    std::vector<std::string> names;
    std::string list;
    for (const Target& each : project.targets) {
      names.push_back(each.name);
      list += (list.empty() ? "" : ", ") + each.name;
    }
    Diagnostic d;
    d.code = DiagCode::unknown_target;
    d.message = "no target `" + std::string(target) + "` in the project file";
    d.path = project.path.string();
    std::string near = nearest_name(std::string(target), names);
    d.help = !near.empty()  ? "did you mean `" + near + "`?"
             : list.empty() ? "the file defines no [targets.NAME] section"
                            : "its targets: " + list;
    diags.add(std::move(d));
    return std::nullopt;
  }
  for (const Binding& b : t->bindings) {
    auto same = std::find_if(out.begin(), out.end(), [&](const Binding& o) { return o.source == b.source; });
    if (same != out.end())
      *same = b;
    else
      out.push_back(b);
  }
  return out;
}

void check_declared_sources(const ProjectFile& project, const std::vector<std::string>& declared,
                            Diagnostics& diags) {
  auto check = [&](const Binding& b) {
    if (std::find(declared.begin(), declared.end(), b.source) != declared.end()) return;
    Diagnostic& d = diags.error(DiagCode::project_binding_unknown_source, b.where,
                                "`" + b.source + "` is bound here but no file declares that source");
    std::string near = nearest_name(b.source, declared);
    if (!near.empty()) d.help = "did you mean `" + near + "`?";
  };
  for (const Binding& b : project.sources) check(b);
  for (const Target& t : project.targets)
    for (const Binding& b : t.bindings) check(b);
}

}  // namespace kpic::project
