// Step 1 of the front end: parse the main file and its imports, collect the declared sources.
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <map>

#include "compiler/sema/frontend.h"
#include "compiler/sema/std_modules.h"
#include "compiler/sema/std_prune.h"
#include "compiler/syntax/parser.h"

namespace kpic::sema {

namespace fs = std::filesystem;

const SourceInfo* Unit::find_source(const std::string& name) const {
  for (const auto& s : sources)
    if (s.name == name) return &s;
  return nullptr;
}

const SourceInfo* Unit::bind_target() const { return sources.size() == 1 ? &sources[0] : nullptr; }

namespace {

std::string file_key(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::path(path), ec);
  return ec ? fs::path(path).lexically_normal().string() : p.string();
}

void report_unreadable(const std::string& path, const std::string& reason, Diagnostics& diags) {
  Diagnostic d;
  d.code = DiagCode::cannot_read_file;
  d.path = path;
  d.message = "cannot read the file: " + reason;
  diags.add(std::move(d));
}

bool g_outside_imports_allowed = false;

// The project folder of a main file: the nearest folder at or above it holding kpic.toml, else its own.
fs::path project_root(const std::string& main_file) {
  std::error_code ec;
  fs::path dir = fs::weakly_canonical(fs::absolute(fs::path(main_file), ec), ec).parent_path();
  for (fs::path p = dir; !p.empty(); p = p.parent_path()) {
    if (fs::exists(p / "kpic.toml", ec)) return p;
    if (p == p.parent_path()) break;
  }
  return dir;
}

bool is_inside(const fs::path& file, const fs::path& root) {
  auto r = root.begin();
  auto f = file.begin();
  for (; r != root.end(); ++r, ++f)
    if (f == file.end() || *f != *r) return false;
  return true;
}

const syntax::FileReader& reader_of(const LoadOptions& opts) {
  static const syntax::FileReader disk;
  return opts.reader != nullptr ? *opts.reader : disk;
}

class Loader {
 public:
  Loader(SourceManager& sm, Diagnostics& diags, const LoadOptions& opts)
      : sm_(sm),
        diags_(diags),
        reader_(reader_of(opts)),
        allow_outside_(opts.allow_outside_imports),
        prune_(opts.prune_std) {}

  Unit run(const std::string& name, std::string text) {
    root_ = project_root(name);
    load(name, std::move(text), "", file_key(name), true);
    collect_sources(name);
    return std::move(unit_);
  }

  // Several main files (`kpic run a.kpi b.kpi`): each with its imports; a file that an earlier one
  // imports becomes a main file too. A source declared in several files is one source when the
  // declarations agree (see add_source).
  Unit run_many(const std::vector<std::string>& names) {
    merge_sources_ = true;
    for (const std::string& name : names) {
      std::string key = file_key(name);
      if (auto it = loaded_.find(key); it != loaded_.end()) {
        unit_.files[it->second].is_main = true;
        continue;
      }
      std::string text, error;
      if (!reader_.read(name, text, error)) {
        report_unreadable(name, error, diags_);
        continue;
      }
      root_ = project_root(name);
      load(name, std::move(text), "", key, true);
    }
    collect_sources(names.empty() ? std::string() : names.front());
    return std::move(unit_);
  }

 private:
  void load(const std::string& name, std::string text, const std::string& module, const std::string& key,
            bool is_main) {
    if (prune_ && module.empty()) prune_->add_file(text);
    FileId id = sm_.add(name, std::move(text));
    size_t index = unit_.files.size();
    unit_.files.push_back(ParsedFile{id, name, module, is_main, syntax::parse(sm_, id, diags_)});
    loaded_[key] = index;
    stack_.push_back({key, name});
    // Imports are resolved after the file is fully parsed; the vector may grow while we recurse.
    std::vector<const ast::Import*> imports;
    for (const auto& st : unit_.files[index].ast.stmts)
      if (st.kind == ast::StmtKind::Import && st.import) imports.push_back(st.import.get());
    for (const ast::Import* imp : imports) resolve(*imp, name, module);
    stack_.pop_back();
  }

  void resolve(const ast::Import& imp, const std::string& importer, const std::string& importer_module) {
    std::string key, name, module;
    std::optional<std::string> text;
    if (!imp.module.empty()) {
      module = imp.module;
      key = "<std>/" + module;
      if (loaded_.count(key) == 0 && !on_stack(key)) {
        auto src = std_module_source(module);
        if (!src) {
          auto& d = diags_.error(DiagCode::bad_import, imp.range, fmt::format("unknown module `{}`", module));
          std::string near = nearest_name(module, std_module_names());
          if (!near.empty()) d.help = fmt::format("did you mean `{}`?", near);
          else if (module.rfind("std", 0) != 0)
            d.help = "modules are `std` and `std.AREA`; import a file with `import \"path/file.kpi\"`";
          return;
        }
        text = std_module_without_tests(*src);
        if (prune_) text = prune_->prune(*text);
      }
      std::string tail = module == "std" ? "std" : module.substr(module.find('.') + 1);
      name = "<std>/" + tail + ".kpi";
    } else {
      if (!importer_module.empty()) {
        diags_.error(DiagCode::bad_import, imp.range, "a standard module cannot import a file by path");
        return;
      }
      fs::path p = fs::path(imp.path);
      if (p.is_relative()) p = fs::path(importer).parent_path() / p;
      name = p.lexically_normal().string();
      key = file_key(name);
      if (!allowed_import(imp, name, key)) return;
      if (loaded_.count(key) == 0 && !on_stack(key)) {
        std::string read, error;
        if (!reader_.read(name, read, error)) {
          auto& d = diags_.error(DiagCode::bad_import, imp.range,
                                 fmt::format("cannot read imported file `{}`: {}", name, error));
          if (error == std::strerror(ENOENT)) d.help = "paths in `import \"...\"` are relative to the importing file";
          return;
        }
        text = std::move(read);
      }
    }
    if (on_stack(key)) {
      std::string chain;
      bool in = false;
      for (const auto& [k, n] : stack_) {
        if (k == key) in = true;
        if (in) chain += n + " -> ";
      }
      chain += name;
      auto& d = diags_.error(DiagCode::import_cycle, imp.range, fmt::format("import cycle: {}", chain));
      d.help = "move what both files need into a third file that both import";
      return;
    }
    if (loaded_.count(key)) return;  // already loaded through another import
    load(name, std::move(*text), module, key, false);
  }

  // The import rule (LoadOptions::allow_outside_imports), checked before the file is opened.
  bool allowed_import(const ast::Import& imp, const std::string& name, const std::string& key) {
    if (allow_outside_) return true;
    if (fs::path(name).extension() != ".kpi") {
      auto& d = diags_.error(DiagCode::bad_import, imp.range,
                             fmt::format("cannot import `{}`: an imported file must be a .kpi file", imp.path));
      d.help = "pass --allow-outside-imports to import other files";
      return false;
    }
    std::error_code ec;
    fs::path where = fs::weakly_canonical(fs::absolute(fs::path(key), ec), ec);
    if (is_inside(where, root_)) return true;
    auto& d = diags_.error(DiagCode::bad_import, imp.range,
                           fmt::format("cannot import `{}`: it is outside the project folder `{}`", imp.path,
                                       fs::proximate(root_, ec).string()));
    d.help = "imports must stay inside the folder of kpic.toml (or of the main file); pass "
             "--allow-outside-imports to trust files outside it";
    return false;
  }

  bool on_stack(const std::string& key) const {
    for (const auto& e : stack_)
      if (e.first == key) return true;
    return false;
  }

  void collect_sources(const std::string& main_name) {
    for (const auto& f : unit_.files) {
      // A standard module's sources serve its own tests: they are not the program's when imported.
      if (!f.is_main && !f.module.empty()) continue;
      for (const auto& st : f.ast.stmts) {
        if (st.kind != ast::StmtKind::Source || !st.source) continue;
        add_source(*st.source, f);
      }
    }
    if (unit_.sources.empty()) {
      SourceInfo s;
      s.name = fs::path(main_name).stem().string();
      if (s.name.empty()) s.name = "data";
      s.implicit = true;
      unit_.sources.push_back(std::move(s));
    }
  }

  void add_source(const ast::SourceDecl& decl, const ParsedFile& f) {
    SourceInfo s;
    s.name = decl.name;
    s.default_path = decl.default_path;
    if (!decl.default_path.empty()) {
      fs::path p(decl.default_path);
      if (p.is_relative() && f.module.empty()) p = fs::path(f.path).parent_path() / p;
      s.resolved_path = p.lexically_normal().string();
    }
    s.has_schema = decl.has_schema;
    s.range = decl.name_range;
    std::vector<std::string> type_names;
    for (ValueType t : {ValueType::Int, ValueType::Float, ValueType::Bool, ValueType::String, ValueType::Date,
                        ValueType::Timestamp})
      type_names.emplace_back(type_name(t));
    for (const auto& col : decl.schema) {
      if (s.schema.find(col.name) >= 0) {
        diags_.error(DiagCode::bad_schema, col.name_range,
                     fmt::format("column `{}` is declared twice in source `{}`", col.name, decl.name));
        continue;
      }
      auto t = parse_type_name(col.type);
      if (!t) {
        auto& d = diags_.error(DiagCode::bad_schema, col.type_range, fmt::format("unknown type `{}`", col.type));
        std::string near = nearest_name(col.type, type_names);
        d.help = near.empty() ? "types are int, float, bool, string, date and timestamp"
                              : fmt::format("did you mean `{}`?", near);
        continue;
      }
      s.schema.fields.push_back(Field{col.name, *t, true, {}});
      s.column_ranges.push_back(col.name_range);
      if (col.key || !col.references.empty()) s.relations.push_back(col);
    }
    for (auto& prev : unit_.sources) {
      if (prev.name != s.name) continue;
      if (merge_sources_ && merge_source(prev, s)) return;
      auto& d = diags_.error(DiagCode::duplicate_definition, decl.name_range,
                             fmt::format("source `{}` is declared twice", s.name));
      if (merge_sources_)
        d.message += " with a different path or schema: the files run together share one source per name";
      d.notes.push_back({prev.range, "first declared here"});
      return;
    }
    unit_.sources.push_back(std::move(s));
  }

  // Two declarations of one source in files run together: one source (scanned once for all) when their
  // paths agree (or one has none) and their schema blocks agree (or one has none). `into` takes what
  // `other` adds.
  static bool merge_source(SourceInfo& into, const SourceInfo& other) {
    if (!into.resolved_path.empty() && !other.resolved_path.empty() &&
        file_key(into.resolved_path) != file_key(other.resolved_path))
      return false;
    if (into.has_schema && other.has_schema) {
      if (into.schema.fields.size() != other.schema.fields.size()) return false;
      for (const auto& f : other.schema.fields) {
        int at = into.schema.find(f.name);
        if (at < 0 || into.schema.fields[static_cast<size_t>(at)].type != f.type) return false;
      }
      if (into.relations.size() != other.relations.size()) return false;
      for (size_t i = 0; i < into.relations.size(); ++i)
        if (into.relations[i].name != other.relations[i].name || into.relations[i].key != other.relations[i].key ||
            into.relations[i].references != other.relations[i].references)
          return false;
    }
    if (into.resolved_path.empty()) {
      into.default_path = other.default_path;
      into.resolved_path = other.resolved_path;
    }
    if (!into.has_schema && other.has_schema) {
      into.has_schema = true;
      into.schema = other.schema;
      into.column_ranges = other.column_ranges;
      into.relations = other.relations;
    }
    return true;
  }

  SourceManager& sm_;
  Diagnostics& diags_;
  const syntax::FileReader& reader_;
  bool allow_outside_;
  StdPruner* prune_;
  fs::path root_;  // the project folder of the main file being loaded
  bool merge_sources_ = false;
  Unit unit_;
  std::map<std::string, size_t> loaded_;
  std::vector<std::pair<std::string, std::string>> stack_;  // (key, display name) of files being loaded
};

}  // namespace

bool LoadOptions::outside_imports_allowed() { return g_outside_imports_allowed; }
void LoadOptions::set_outside_imports_allowed(bool allowed) { g_outside_imports_allowed = allowed; }

Unit load(SourceManager& sm, const std::string& path, Diagnostics& diags, const LoadOptions& opts) {
  std::string text, error;
  if (!reader_of(opts).read(path, text, error)) {
    report_unreadable(path, error, diags);
    return Unit{};
  }
  return Loader(sm, diags, opts).run(path, std::move(text));
}

Unit load_many(SourceManager& sm, const std::vector<std::string>& paths, Diagnostics& diags,
               const LoadOptions& opts) {
  if (paths.size() == 1) return load(sm, paths.front(), diags, opts);
  return Loader(sm, diags, opts).run_many(paths);
}

Unit load_text(SourceManager& sm, const std::string& name, std::string text, Diagnostics& diags,
               const LoadOptions& opts) {
  return Loader(sm, diags, opts).run(name, std::move(text));
}

}  // namespace kpic::sema
