#include "compiler/lsp/features.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sys/stat.h>

#include "compiler/driver/diff/expanded_formula.h"
#include "compiler/driver/output/targets.h"
#include "compiler/lsp/server.h"
#include "compiler/sema/builtins.h"
#include "compiler/sema/std_modules.h"
#include "compiler/syntax/parser.h"

namespace kpic::lsp {

namespace fs = std::filesystem;

namespace {

const char* const kKeywords[] = {"import", "source", "fn", "test", "given", "expect", "where", "by", "per", "as",
                                 "if", "then", "else", "and", "or", "not", "in", "is", "null", "true", "false"};

// LSP enums used here.
enum : int { kSevError = 1, kSevWarning = 2, kSevInfo = 3 };
enum : int { kCompletionFunction = 3, kCompletionField = 5, kCompletionVariable = 6, kCompletionModule = 9,
             kCompletionUnit = 11, kCompletionKeyword = 14 };
enum : int { kSymbolNamespace = 3, kSymbolField = 8, kSymbolFunction = 12, kSymbolVariable = 13,
             kSymbolStruct = 23, kSymbolEvent = 24 };

// The standard library's templates and the units it uses, parsed once (completion).
struct StdTemplate {
  std::string module, name, doc;
  std::vector<std::string> params;
};
struct StdCatalog {
  std::vector<StdTemplate> templates;
  std::set<std::string> units;
};

void collect_units(const ast::File& f, std::set<std::string>& units) {
  auto from = [&](const std::vector<ast::Attribute>& attrs) {
    for (const auto& at : attrs)
      if (at.name == "unit" && at.arg && at.arg->kind == ast::ExprKind::Name) units.insert(at.arg->name);
  };
  for (const auto& st : f.stmts) {
    if (st.metric) from(st.metric->attributes);
    if (st.fn) from(st.fn->attributes);
  }
}

const StdCatalog& std_catalog() {
  static const StdCatalog catalog = [] {
    StdCatalog c;
    SourceManager sm;
    for (const std::string& module : sema::std_module_names()) {
      auto src = sema::std_module_source(module);
      if (!src) continue;
      Diagnostics diags;
      FileId id = sm.add("<std>/" + module, sema::std_module_without_tests(*src));
      ast::File f = syntax::parse(sm, id, diags);
      for (const auto& st : f.stmts)
        if (st.fn) c.templates.push_back({module, st.fn->name, st.fn->doc.text, st.fn->params});
      collect_units(f, c.units);
    }
    return c;
  }();
  return catalog;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
  return out;
}

std::string signature(const std::string& name, const std::vector<std::string>& params) {
  return "fn " + name + "(" + join(params, ", ") + ")";
}

// The innermost Call expression whose callee name starts at `begin`.
const ast::Expr* find_call(const ast::Expr* e, uint32_t begin) {
  if (!e) return nullptr;
  if (e->kind == ast::ExprKind::Call && e->name_range.begin == begin) return e;
  for (const auto& x : e->args)
    if (auto* c = find_call(x.get(), begin)) return c;
  for (const auto& x : e->list)
    if (auto* c = find_call(x.get(), begin)) return c;
  if (auto* c = find_call(e->filter.get(), begin)) return c;
  for (const auto& x : e->per)
    if (auto* c = find_call(x.get(), begin)) return c;
  return nullptr;
}

const ast::Expr* find_call_in(const ast::File& f, uint32_t begin) {
  auto in_metric = [&](const ast::MetricDef& m) -> const ast::Expr* {
    if (auto* c = find_call(m.expr.get(), begin)) return c;
    if (auto* c = find_call(m.where.get(), begin)) return c;
    for (const auto& d : m.by)
      if (auto* c = find_call(d.expr.get(), begin)) return c;
    return nullptr;
  };
  for (const auto& st : f.stmts) {
    if (st.metric)
      if (auto* c = in_metric(*st.metric)) return c;
    if (st.fn)
      if (auto* c = find_call(st.fn->body.get(), begin)) return c;
    if (st.test)
      for (const auto& m : st.test->metrics)
        if (auto* c = in_metric(m)) return c;
  }
  return nullptr;
}

// The parameter names used in a template body: range, parameter index, and whether the use is an
// operand of an operator (where an argument such as `a + b` needs parentheses).
struct ParamUse {
  SourceRange range;
  size_t param;
  bool operand;
};

bool simple_operand(const ast::Expr& e) {
  return e.parenthesized || (e.kind != ast::ExprKind::Binary && e.kind != ast::ExprKind::Unary &&
                             e.kind != ast::ExprKind::If && e.kind != ast::ExprKind::In &&
                             e.kind != ast::ExprKind::IsNull);
}

void param_uses(const ast::Expr* e, const ast::FnDef& fn, bool operand, std::vector<ParamUse>& out) {
  if (!e) return;
  if (e->kind == ast::ExprKind::Name && e->qualifier.empty()) {
    auto it = std::find(fn.params.begin(), fn.params.end(), e->name);
    if (it != fn.params.end()) out.push_back({e->range, static_cast<size_t>(it - fn.params.begin()), operand});
  }
  bool op = e->kind == ast::ExprKind::Unary || e->kind == ast::ExprKind::Binary || e->kind == ast::ExprKind::In ||
            e->kind == ast::ExprKind::IsNull;
  for (const auto& x : e->args) param_uses(x.get(), fn, op, out);
  for (const auto& x : e->list) param_uses(x.get(), fn, false, out);
  param_uses(e->filter.get(), fn, false, out);
  for (const auto& x : e->per) param_uses(x.get(), fn, false, out);
}

// The template's body with each parameter replaced by the call's argument text.
std::string substituted_body(const SourceManager& sm, const ast::FnDef& fn, const ast::Expr& call) {
  if (!fn.body) return "";
  std::vector<ParamUse> uses;
  param_uses(fn.body.get(), fn, false, uses);
  std::sort(uses.begin(), uses.end(), [](const ParamUse& x, const ParamUse& y) { return x.range.begin > y.range.begin; });
  std::string body(sm.slice(fn.body->range));
  uint32_t base = fn.body->range.begin;
  for (const ParamUse& u : uses) {
    const SourceRange& r = u.range;
    size_t i = u.param;
    if (i >= call.args.size() || r.begin < base || r.end - base > body.size()) continue;
    std::string arg(sm.slice(call.args[i]->range));
    if (u.operand && !simple_operand(*call.args[i])) arg = "(" + arg + ")";
    body.replace(r.begin - base, r.end - r.begin, arg);
  }
  return body;
}

std::string attribute_text(const SourceManager& sm, const std::vector<ast::Attribute>& attrs, const char* name) {
  for (const auto& at : attrs)
    if (at.name == name && at.arg) {
      std::string text(sm.slice(at.arg->range));
      if (at.arg->kind == ast::ExprKind::StringLit) text = at.arg->text;
      return at.op ? std::string(ast::op_spelling(*at.op)) + " " + text : text;
    }
  return "";
}

bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

const std::vector<std::string>& token_types() {
  static const std::vector<std::string> types = {"variable", "function", "namespace", "property",
                                                 "parameter", "type", "decorator"};
  return types;
}

const std::vector<std::string>& token_modifiers() {
  static const std::vector<std::string> mods = {"declaration", "defaultLibrary", "readonly"};
  return mods;
}

bool plain_name(const std::string& text) {
  if (text.empty() || std::isdigit(static_cast<unsigned char>(text[0]))) return false;
  for (char c : text)
    if (!is_ident_char(c)) return false;
  for (const char* k : kKeywords)
    if (text == k) return false;
  return true;
}

std::string suggestion(const std::string& help) {
  const std::string head = "did you mean `";
  size_t at = help.find(head);
  if (at == std::string::npos) return "";
  size_t end = help.find('`', at + head.size());
  if (end == std::string::npos) return "";
  return help.substr(at + head.size(), end - at - head.size());
}

std::string rename_problem(const std::string& key, const std::string& name) {
  if (key.rfind("m:", 0) != 0 && key.rfind("f:", 0) != 0) return "only metrics and templates can be renamed";
  if (!plain_name(name)) return "`" + name + "` is not a valid name";
  return "";
}

View::View(const Analysis& a, bool utf16, std::string std_dir) : a_(a), utf16_(utf16), std_dir_(std::move(std_dir)) {}

const LineIndex& View::index(FileId file) const {
  auto it = indexes_.find(file);
  if (it == indexes_.end()) it = indexes_.emplace(file, LineIndex(a_.sm.text(file), utf16_)).first;
  return it->second;
}

std::string View::uri(FileId file) const {
  if (file == a_.main) return path_to_uri(a_.path);
  const sema::ParsedFile* pf = a_.file(file);
  if (pf && !pf->module.empty()) {
    if (std_dir_.empty()) return "kpic-std:" + pf->module;
    std::string path = std_dir_ + "/" + fs::path(pf->path).filename().string();
    std::error_code ec;
    if (!fs::exists(path, ec)) {
      fs::create_directories(std_dir_, ec);
      if (auto src = sema::std_module_source(pf->module)) {
        std::ofstream(path, std::ios::binary) << *src;
        ::chmod(path.c_str(), 0444);  // shown read-only: the standard library is not edited here
      }
    }
    return path_to_uri(path);
  }
  return path_to_uri(a_.sm.name(file));
}

json View::range(FileId file, uint32_t begin, uint32_t end) const {
  const LineIndex& li = index(file);
  Position b = li.position(begin), e = li.position(std::max(begin, end));
  return {{"start", {{"line", b.line}, {"character", b.character}}}, {"end", {{"line", e.line}, {"character", e.character}}}};
}

uint32_t View::offset(Position p) const { return a_.main == kNoFile ? 0 : index(a_.main).offset(p); }

const Ref* View::ref_at(Position p) const { return a_.main == kNoFile ? nullptr : a_.ref_at(a_.main, offset(p)); }

json View::diagnostics() const {
  json out = json::array();
  if (a_.main == kNoFile) return out;
  const sema::ParsedFile& main = a_.unit.files.front();
  for (const Diagnostic& d : a_.diags.list()) {
    json j;
    std::string message = d.message;
    if (d.range.valid() && d.range.file == a_.main) {
      j["range"] = range(a_.main, d.range.begin, d.range.end);
    } else {
      // In an imported file (shown on the import that brings it in) or about no place (a data file).
      uint32_t b = 0, e = 0;
      if (d.range.valid()) {
        LineCol lc = a_.sm.line_col(d.range.file, d.range.begin);
        message = a_.sm.name(d.range.file) + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.col) + ": " + message;
        // On the import of that file, else (a file imported by an import) on the first import.
        const std::string key = "i:" + std::to_string(d.range.file);
        for (const auto& st : main.ast.stmts)
          if (st.import && e == 0) {
            b = st.import->range.begin;
            e = st.import->range.end;
          }
        for (const auto& r : a_.refs)
          if (r.file == a_.main && r.kind == SymKind::Import && r.key == key) {
            b = r.begin;
            e = r.end;
          }
      } else if (!d.path.empty()) {
        message = d.path + ": " + message;
      }
      j["range"] = range(a_.main, b, e);
    }
    if (!d.help.empty()) message += "\nhelp: " + d.help;
    j["severity"] = d.severity == Severity::Error ? kSevError : d.severity == Severity::Warning ? kSevWarning : kSevInfo;
    j["code"] = code_string(d.code);
    j["source"] = "kpic";
    j["message"] = message;
    json related = json::array();
    for (const auto& n : d.notes)
      if (n.range.valid()) related.push_back({{"location", location(n.range.file, n.range.begin, n.range.end)}, {"message", n.message}});
    if (!related.empty()) j["relatedInformation"] = related;
    if (std::string s = suggestion(d.help); !s.empty()) j["data"] = {{"suggestion", s}};
    out.push_back(std::move(j));
  }
  return out;
}

std::string View::hover_text(const Ref& r) const {
  const std::string name = r.key.substr(2);
  std::string out;
  switch (r.kind) {
    case SymKind::Metric: {
      FileId in = kNoFile;
      const ast::MetricDef* md = a_.metric_def(name, &in);
      const sema::Metric* m = a_.metric(name);
      out = "**metric** `" + name + "`";
      if (m) out += ": " + std::string(type_name(m->type));
      out += "\n\n";
      std::string doc = m ? m->doc : md ? md->doc.text : "";
      if (!doc.empty()) out += doc + "\n\n";
      if (m) {
        if (!a_.diags.has_errors()) out += "```kpi\n" + diff::metric_formula(a_.program, *m) + "\n```\n\n";
        if (m->source >= 0 && static_cast<size_t>(m->source) < a_.program.sources.size())
          out += "- source: `" + a_.program.sources[static_cast<size_t>(m->source)].name + "`\n";
        if (!m->unit.empty()) out += "- unit: " + m->unit + "\n";
        if (!m->dims.empty()) {
          std::vector<std::string> dims;
          for (const auto& d : m->dims) dims.push_back(d.name);
          out += "- by: " + join(dims, ", ") + "\n";
        }
        if (m->target) out += "- target: " + output::target_text(*m->target, m->unit) + "\n";
        if (!m->owner.empty()) out += "- owner: " + m->owner + "\n";
      } else if (md) {
        for (const char* attr : {"unit", "target", "owner"})
          if (std::string v = attribute_text(a_.sm, md->attributes, attr); !v.empty())
            out += std::string("- ") + attr + ": " + v + "\n";
      }
      if (in != kNoFile && in != a_.main) out += "- defined in " + a_.sm.name(in) + "\n";
      break;
    }
    case SymKind::Fn: {
      FileId in = kNoFile;
      const ast::FnDef* fn = a_.fn_def(name, &in);
      if (!fn) break;
      out = "```kpi\n" + signature(fn->name, fn->params) + "\n```\n\n";
      if (!fn->doc.text.empty()) out += fn->doc.text + "\n\n";
      if (!r.decl) {
        const sema::ParsedFile* pf = a_.file(r.file);
        if (const ast::Expr* call = pf ? find_call_in(pf->ast, r.begin) : nullptr)
          out += "Expanded here:\n```kpi\n" + substituted_body(a_.sm, *fn, *call) + "\n```\n\n";
      } else if (fn->body) {
        out += "```kpi\n" + std::string(a_.sm.slice(fn->body->range)) + "\n```\n\n";
      }
      if (std::string u = attribute_text(a_.sm, fn->attributes, "unit"); !u.empty()) out += "- unit: " + u + "\n";
      if (const sema::ParsedFile* pf = a_.file(in); pf && in != a_.main)
        out += "- from " + (pf->module.empty() ? pf->path : "`" + pf->module + "`") + "\n";
      break;
    }
    case SymKind::Builtin: {
      const sema::BuiltinInfo* b = sema::find_builtin(name);
      if (!b) break;
      static const char* const kinds[] = {"aggregate", "scalar", "time bucket", "period", "window", "literal"};
      out = "**builtin** `" + name + "` (" + kinds[static_cast<int>(b->kind)] + ", " + std::to_string(b->min_args) +
            (b->max_args != b->min_args ? "–" + std::to_string(b->max_args) : "") + " arguments)\n\n" +
            std::string(b->doc);
      break;
    }
    case SymKind::Column: {
      size_t dot = name.find('.');
      std::string source = name.substr(0, dot), column = name.substr(dot + 1);
      out = "**column** `" + column + "`";
      bool from_data = false;
      if (const Schema* s = a_.schema(source, &from_data)) {
        int at = s->find(column);
        if (at >= 0) out += ": " + std::string(type_name(s->fields[static_cast<size_t>(at)].type));
        out += "\n\n- source: `" + source + "`" + (from_data ? " (type from the bound data)" : " (type from its schema block)");
        if (at < 0) out += "\n- not a column of this source";
      } else if (source != "?") {
        out += "\n\n- source: `" + source + "` (no schema block and no data bound: type unknown)";
      }
      break;
    }
    case SymKind::Source: {
      out = "**source** `" + name + "`";
      const sema::SourceInfo* s = a_.unit.find_source(name);
      if (s && !s->default_path.empty()) out += " \"" + s->default_path + "\"";
      bool from_data = false;
      if (const Schema* sc = a_.schema(name, &from_data)) {
        out += from_data ? "\n\nColumns (from the bound data):\n" : "\n\nColumns:\n";
        for (const auto& f : sc->fields) out += "- `" + f.name + "`: " + std::string(type_name(f.type)) + "\n";
      }
      break;
    }
    case SymKind::Param: {
      size_t dot = name.find('.');
      out = "**parameter** `" + name.substr(dot + 1) + "` of template `" + name.substr(0, dot) + "`";
      break;
    }
    case SymKind::Import: {
      // The imported file's header comment, and what it defines.
      FileId id = static_cast<FileId>(std::stoul(name));
      const sema::ParsedFile* pf = a_.file(id);
      if (!pf) break;
      out = "**" + (pf->module.empty() ? pf->path : pf->module) + "**\n\n";
      for (const auto& c : pf->ast.comments) {
        if (!c.own_line || c.doc || a_.sm.line_col(id, c.range.begin).line != 1 + static_cast<uint32_t>(&c - &pf->ast.comments[0])) break;
        out += c.text.substr(std::min<size_t>(c.text.size(), 2)) + "\n";
      }
      size_t metrics = 0, fns = 0;
      for (const auto& st : pf->ast.stmts) {
        metrics += st.metric != nullptr;
        fns += st.fn != nullptr;
      }
      out += "\n" + std::to_string(fns) + " templates, " + std::to_string(metrics) + " metrics";
      break;
    }
    case SymKind::Test:
      break;
  }
  return out;
}

json View::hover(Position p) const {
  const Ref* r = ref_at(p);
  if (!r) return nullptr;
  std::string text = hover_text(*r);
  if (text.empty()) return nullptr;
  return {{"contents", {{"kind", "markdown"}, {"value", text}}}, {"range", range(r->file, r->begin, r->end)}};
}

json View::completion(Position p, const std::string& line_before) const {
  json items = json::array();
  auto item = [&](const std::string& label, int kind, const std::string& detail, const std::string& doc,
                  const std::string& sort) {
    json it = {{"label", label}, {"kind", kind}, {"sortText", sort + label}};
    if (!detail.empty()) it["detail"] = detail;
    if (!doc.empty()) it["documentation"] = {{"kind", "markdown"}, {"value", doc}};
    items.push_back(std::move(it));
  };
  // The word being typed and what precedes it.
  size_t w = line_before.size();
  while (w > 0 && (is_ident_char(line_before[w - 1]) || line_before[w - 1] == '.')) --w;
  std::string word = line_before.substr(w), before = line_before.substr(0, w);
  while (!before.empty() && before.back() == ' ') before.pop_back();

  if (before.size() >= 6 && before.substr(before.size() - 6) == "import" && word.rfind("std", 0) == 0) {
    for (const std::string& m : sema::std_module_names()) item(m, kCompletionModule, "standard module", "", "0");
    return {{"isIncomplete", false}, {"items", items}};
  }
  if (before.size() >= 6 && before.substr(before.size() - 6) == "@unit(") {
    std::set<std::string> units = std_catalog().units;
    for (const auto& f : a_.unit.files) collect_units(f.ast, units);
    for (const std::string& u : units) item(u, kCompletionUnit, "unit", "", "0");
    return {{"isIncomplete", false}, {"items", items}};
  }
  if (size_t dot = word.find('.'); dot != std::string::npos) {  // `orders.` : that source's columns
    if (const Schema* s = a_.schema(word.substr(0, dot)))
      for (const auto& f : s->fields) item(f.name, kCompletionField, std::string(type_name(f.type)), "", "0");
    return {{"isIncomplete", false}, {"items", items}};
  }
  // Inside the parentheses of an aggregate or a template call, columns come first.
  bool in_call = false;
  int depth = 0;
  for (size_t i = line_before.size(); i-- > 0;) {
    char c = line_before[i];
    if (c == ')') ++depth;
    if (c == '(' && depth-- == 0) {
      size_t e = i;
      while (e > 0 && line_before[e - 1] == ' ') --e;
      size_t b = e;
      while (b > 0 && is_ident_char(line_before[b - 1])) --b;
      std::string callee = line_before.substr(b, e - b);
      const sema::BuiltinInfo* bi = sema::find_builtin(callee);
      in_call = (bi && bi->kind == sema::BuiltinKind::Aggregate) || a_.fn_def(callee);
      break;
    }
  }
  std::set<std::string> seen;
  for (const auto& s : a_.unit.sources) {
    bool from_data = false;
    if (const Schema* sc = a_.schema(s.name, &from_data))
      for (const auto& f : sc->fields)
        if (seen.insert("c:" + f.name).second)
          item(f.name, kCompletionField, std::string(type_name(f.type)) + " · column of " + s.name, "", in_call ? "0" : "2");
  }
  for (const auto& f : a_.unit.files)
    for (const auto& st : f.ast.stmts) {
      if (st.metric && seen.insert("m:" + st.metric->name).second) {
        const sema::Metric* m = a_.metric(st.metric->name);
        item(st.metric->name, kCompletionVariable, m ? "metric: " + std::string(type_name(m->type)) : "metric",
             st.metric->doc.text, in_call ? "2" : "0");
      }
      if (st.fn && seen.insert("f:" + st.fn->name).second)
        item(st.fn->name, kCompletionFunction, signature(st.fn->name, st.fn->params), st.fn->doc.text, "1");
    }
  // Templates of standard modules not imported yet: completing one adds the import.
  uint32_t import_at = 0;
  if (a_.main != kNoFile)
    for (const auto& st : a_.unit.files.front().ast.stmts)
      if (st.import) import_at = st.import->range.end;
  for (const auto& t : std_catalog().templates) {
    if (!seen.insert("f:" + t.name).second) continue;
    item(t.name, kCompletionFunction, signature(t.name, t.params) + " — " + t.module, t.doc, "3");
    std::string text = import_at == 0 ? "import " + t.module + "\n" : "\nimport " + t.module;
    items.back()["additionalTextEdits"] = json::array({{{"range", range(a_.main, import_at, import_at)}, {"newText", text}}});
  }
  for (auto b = sema::builtins_begin(); b != sema::builtins_end(); ++b)
    if (seen.insert("f:" + std::string(b->name)).second)
      item(std::string(b->name), kCompletionFunction, "builtin", std::string(b->doc), "4");
  for (const char* k : kKeywords) item(k, kCompletionKeyword, "", "", "5");
  (void)p;
  return {{"isIncomplete", false}, {"items", items}};
}

json View::definition(Position p) const {
  const Ref* r = ref_at(p);
  if (!r) return nullptr;
  if (r->kind == SymKind::Import) return location(static_cast<FileId>(std::stoul(r->key.substr(2))), 0, 0);
  const Ref* d = r->decl ? r : a_.definition(r->key);
  if (!d) return nullptr;
  return location(d->file, d->begin, d->end);
}

json View::locations(const std::string& key, bool include_decl) const {
  json out = json::array();
  for (const auto& r : a_.refs)
    if (r.key == key && (include_decl || !r.decl)) out.push_back(location(r.file, r.begin, r.end));
  return out;
}

json View::document_symbols() const {
  json out = json::array();
  if (a_.main == kNoFile) return out;
  auto symbol = [&](const std::string& name, const std::string& detail, int kind, SourceRange whole, SourceRange sel) {
    if (!sel.valid()) sel = whole;
    json s = {{"name", name.empty() ? "?" : name}, {"kind", kind}, {"range", range(a_.main, whole.begin, std::max(whole.end, sel.end))},
              {"selectionRange", range(a_.main, sel.begin, sel.end)}};
    if (!detail.empty()) s["detail"] = detail;
    return s;
  };
  for (const auto& st : a_.unit.files.front().ast.stmts) {
    if (st.metric) {
      const sema::Metric* m = a_.metric(st.metric->name);
      out.push_back(symbol(st.metric->name, m && !m->unit.empty() ? m->unit : "", kSymbolVariable, st.metric->range, st.metric->name_range));
    } else if (st.fn) {
      out.push_back(symbol(st.fn->name, signature(st.fn->name, st.fn->params), kSymbolFunction, st.fn->range, st.fn->name_range));
    } else if (st.source) {
      json s = symbol(st.source->name, st.source->default_path, kSymbolStruct, st.source->range, st.source->name_range);
      json cols = json::array();
      for (const auto& c : st.source->schema)
        cols.push_back(symbol(c.name, c.type, kSymbolField, SourceRange::cover(c.name_range, c.type_range), c.name_range));
      if (!cols.empty()) s["children"] = cols;
      out.push_back(std::move(s));
    } else if (st.test) {
      json s = symbol(st.test->name, "test", kSymbolEvent, st.test->range, st.test->range);
      json kids = json::array();
      for (const auto& m : st.test->metrics) kids.push_back(symbol(m.name, "", kSymbolVariable, m.range, m.name_range));
      if (!kids.empty()) s["children"] = kids;
      out.push_back(std::move(s));
    } else if (st.import) {
      const auto& imp = *st.import;
      out.push_back(symbol(imp.module.empty() ? imp.path : imp.module, "import", kSymbolNamespace, imp.range, imp.range));
    }
  }
  return out;
}

json View::semantic_tokens() const {
  json data = json::array();
  if (a_.main == kNoFile) return {{"data", data}};
  struct Tok {
    uint32_t begin, end;
    int type, mods;
  };
  std::vector<Tok> toks;
  for (const auto& r : a_.refs) {
    if (r.file != a_.main) continue;
    int type = 0, mods = r.decl ? 1 : 0;
    switch (r.kind) {
      case SymKind::Metric: type = 0; break;
      case SymKind::Fn: type = 1; break;
      case SymKind::Builtin: type = 1; mods |= 2; break;
      case SymKind::Source: type = 2; break;
      case SymKind::Column: type = 3; break;
      case SymKind::Param: type = 4; break;
      case SymKind::Test:
      case SymKind::Import: continue;
    }
    toks.push_back({r.begin, r.end, type, mods});
  }
  auto attrs = [&](const std::vector<ast::Attribute>& list) {
    for (const auto& at : list)
      toks.push_back({at.range.begin, at.range.begin + 1 + static_cast<uint32_t>(at.name.size()), 6, 0});
  };
  for (const auto& st : a_.unit.files.front().ast.stmts) {
    if (st.metric) attrs(st.metric->attributes);
    if (st.fn) attrs(st.fn->attributes);
    if (st.source)
      for (const auto& c : st.source->schema)
        if (c.type_range.valid()) toks.push_back({c.type_range.begin, c.type_range.end, 5, 0});
  }
  std::sort(toks.begin(), toks.end(), [](const Tok& x, const Tok& y) { return x.begin < y.begin; });
  const LineIndex& li = index(a_.main);
  uint32_t prev_line = 0, prev_char = 0, last_end = 0;
  for (const Tok& t : toks) {
    if (t.begin < last_end || t.end <= t.begin) continue;  // overlapping or empty
    Position b = li.position(t.begin), e = li.position(t.end);
    if (e.line != b.line) continue;  // tokens are single-line
    uint32_t dl = b.line - prev_line, dc = dl == 0 ? b.character - prev_char : b.character;
    data.insert(data.end(), {dl, dc, e.character - b.character, static_cast<uint32_t>(t.type), static_cast<uint32_t>(t.mods)});
    prev_line = b.line;
    prev_char = b.character;
    last_end = t.end;
  }
  return {{"data", data}};
}

json View::code_actions(Position from, Position to) const {
  json out = json::array();
  if (a_.main == kNoFile) return out;
  uint32_t b = offset(from), e = offset(to);
  json diags = diagnostics();
  size_t i = 0;
  for (const Diagnostic& d : a_.diags.list()) {
    json& lsp_diag = diags[i++];
    if (!d.range.valid() || d.range.file != a_.main || d.range.end < b || d.range.begin > e) continue;
    std::string s = suggestion(d.help);
    std::string_view old = a_.sm.slice(d.range);
    if (s.empty() || old.empty() || (!plain_name(std::string(old)) && old.find('.') == std::string_view::npos)) continue;
    json edit = {{"changes", {{uri(a_.main), json::array({{{"range", range(a_.main, d.range.begin, d.range.end)}, {"newText", s}}})}}}};
    out.push_back({{"title", "Change `" + std::string(old) + "` to `" + s + "`"}, {"kind", "quickfix"},
                   {"diagnostics", json::array({lsp_diag})}, {"isPreferred", true}, {"edit", edit}});
  }
  return out;
}

json View::code_lenses(const LensValues* values) const {
  json out = json::array();
  if (a_.main == kNoFile) return out;
  for (const auto& st : a_.unit.files.front().ast.stmts) {
    if (!st.metric) continue;
    const std::string& name = st.metric->name;
    std::string title = "▶ run";
    if (values && values->ok) {
      if (auto it = values->summary.find(name); it != values->summary.end()) title = "▶ " + it->second;
    } else if (values && !values->error.empty()) {
      title = "▶ run (" + values->error + ")";
    }
    SourceRange r = st.metric->name_range.valid() ? st.metric->name_range : st.metric->range;
    out.push_back({{"range", range(a_.main, r.begin, r.end)},
                   {"command", {{"title", title}, {"command", "kpic.runMetric"}, {"arguments", json::array({uri(a_.main), name})}}}});
  }
  return out;
}

}  // namespace kpic::lsp
