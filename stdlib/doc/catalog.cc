#include "stdlib/doc/catalog.h"

#include <functional>
#include <set>

#include "compiler/syntax/parser.h"
#include "stdlib/embedded.h"

namespace kpic::stdlib {

namespace {

// Collapses every run of whitespace (newlines included) to one space and trims the ends.
std::string collapse(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

std::string_view slice(const SourceManager& sm, uint32_t begin, uint32_t end, FileId file) {
  SourceRange r;
  r.file = file;
  r.begin = begin;
  r.end = end;
  return sm.slice(r);
}

// The argument of @unit(usd) / @target(>= 20) / @owner("growth") as a reader would write it.
std::string attribute_text(const SourceManager& sm, const ast::Attribute& a) {
  if (!a.arg) return "";
  if (a.arg->kind == ast::ExprKind::StringLit) return a.arg->text;
  std::string value = collapse(sm.slice(a.arg->range));
  if (a.op) return std::string(ast::op_spelling(*a.op)) + " " + value;
  return value;
}

void apply_attributes(const SourceManager& sm, const std::vector<ast::Attribute>& attrs, CatalogEntry& e) {
  for (const auto& a : attrs) {
    if (a.name == "unit") e.unit = attribute_text(sm, a);
    if (a.name == "target") e.target = attribute_text(sm, a);
    if (a.name == "owner") e.owner = attribute_text(sm, a);
  }
}

// A template: its signature, definition, description and attributes; `module` is where it comes from
// when it is imported ("" for the file's own).
CatalogEntry template_entry(const SourceManager& sm, const ast::FnDef& f, const std::string& module) {
  CatalogEntry e;
  e.kind = CatalogEntry::Kind::Template;
  e.name = f.name;
  e.doc = f.doc.text;
  e.signature = f.name + "(";
  for (size_t i = 0; i < f.params.size(); ++i) e.signature += (i ? ", " : "") + f.params[i];
  e.signature += ")";
  e.definition = "fn " + e.signature + " = " + collapse(sm.slice(f.body->range));
  apply_attributes(sm, f.attributes, e);
  e.inherited_from = module;
  return e;
}

// Calls every Call's name in `e` (depth-first).
void visit_calls(const ast::Expr* e, const std::function<void(const std::string&)>& fn) {
  if (!e) return;
  if (e->kind == ast::ExprKind::Call) fn(e->name);
  for (const auto& a : e->args) visit_calls(a.get(), fn);
  for (const auto& a : e->list) visit_calls(a.get(), fn);
  for (const auto& a : e->per) visit_calls(a.get(), fn);
  visit_calls(e->filter.get(), fn);
}

std::string file_intro(const SourceManager& sm, const ast::File& file) {
  uint32_t first_stmt = file.stmts.empty() ? UINT32_MAX : file.stmts.front().range().begin;
  std::string intro;
  for (const auto& c : file.comments) {
    if (c.range.begin >= first_stmt || c.doc || !c.own_line) break;
    std::string_view t = c.text;
    while (!t.empty() && t.front() == '#') t.remove_prefix(1);
    if (!t.empty() && t.front() == ' ') t.remove_prefix(1);
    if (t.substr(0, 4) == "RUN:") continue;  // golden-test command lines are not part of the description
    if (!intro.empty()) intro += '\n';
    intro += t;
  }
  return intro;
}

}  // namespace

std::string join_doc_lines(std::string_view doc, std::string_view line_break,
                           const std::function<std::string(char)>& escape) {
  std::string out;
  for (char c : doc) {
    if (c == '\n') {
      char last = out.empty() ? ' ' : out.back();
      out += (last == '.' || last == ':') ? std::string(line_break) : std::string(" ");
    } else {
      out += escape(c);
    }
  }
  return out;
}

std::map<std::string, int> template_test_counts(const ast::File& file) {
  std::map<std::string, int> counts;
  for (const auto& stmt : file.stmts) {
    if (stmt.kind != ast::StmtKind::Test) continue;
    std::set<std::string> called;
    for (const auto& m : stmt.test->metrics) {
      visit_calls(m.expr.get(), [&](const std::string& n) { called.insert(n); });
      visit_calls(m.where.get(), [&](const std::string& n) { called.insert(n); });
    }
    for (const auto& n : called) ++counts[n];
  }
  return counts;
}

CatalogSection make_section(const SourceManager& sm, const ast::File& file, std::string title,
                            const TemplateIndex& templates) {
  CatalogSection section;
  section.title = std::move(title);
  section.intro = file_intro(sm, file);
  std::map<std::string, int> tested = template_test_counts(file);
  for (const auto& stmt : file.stmts) {
    CatalogEntry e;
    switch (stmt.kind) {
      case ast::StmtKind::Source: {
        const auto& s = *stmt.source;
        e.kind = CatalogEntry::Kind::Source;
        e.name = s.name;
        e.doc = s.doc.text;
        e.data = s.default_path;
        for (const auto& c : s.schema) {
          if (!e.columns.empty()) e.columns += ", ";
          e.columns += c.name + " " + c.type;
        }
        e.line = static_cast<int>(sm.line_col(file.file, s.range.begin).line);
        break;
      }
      case ast::StmtKind::Fn: {
        e = template_entry(sm, *stmt.fn, "");
        e.tests = tested.count(e.name) ? tested[e.name] : 0;
        e.line = static_cast<int>(sm.line_col(file.file, stmt.fn->name_range.begin).line);
        break;
      }
      case ast::StmtKind::Metric: {
        const auto& m = *stmt.metric;
        e.kind = CatalogEntry::Kind::Metric;
        e.name = m.name;
        e.doc = m.doc.text;
        e.definition = collapse(slice(sm, m.name_range.begin, m.range.end, file.file));
        apply_attributes(sm, m.attributes, e);
        for (const auto& d : m.by) {
          if (!d.alias.empty()) e.by.push_back(d.alias);
          else if (d.expr->kind == ast::ExprKind::Call) e.by.push_back(d.expr->name);
          else e.by.push_back(d.expr->name);
        }
        // A metric that is one template call takes the template's description and unit (as sema does).
        if (m.expr->kind == ast::ExprKind::Call) {
          auto it = templates.find(m.expr->name);
          if (it != templates.end()) {
            if (e.doc.empty()) e.doc = it->second.doc;
            if (e.unit.empty()) e.unit = it->second.unit;
            if (e.target.empty()) e.target = it->second.target;
            if (e.owner.empty()) e.owner = it->second.owner;
            e.inherited_from = it->second.inherited_from;
          }
        }
        e.line = static_cast<int>(sm.line_col(file.file, m.name_range.begin).line);
        break;
      }
      default:
        continue;
    }
    section.entries.push_back(std::move(e));
  }
  for (const auto& stmt : file.stmts)
    if (stmt.kind == ast::StmtKind::Test) section.tests.push_back(stmt.test->name);
  return section;
}

TemplateIndex imported_templates(SourceManager& sm, const ast::File& file, Diagnostics& diags) {
  TemplateIndex index;
  std::set<std::string> seen;
  // The file's own templates first (they shadow imported ones, as in sema), then its imports, depth-first.
  std::function<void(const ast::File&, const std::string&)> walk = [&](const ast::File& f, const std::string& module) {
    for (const auto& stmt : f.stmts) {
      if (stmt.kind != ast::StmtKind::Fn) continue;
      CatalogEntry e = template_entry(sm, *stmt.fn, module);
      index.emplace(e.name, std::move(e));
    }
    for (const auto& stmt : f.stmts) {
      if (stmt.kind != ast::StmtKind::Import || stmt.import->module.empty()) continue;
      const std::string& name = stmt.import->module;
      if (!seen.insert(name).second) continue;
      auto text = module_source(name);
      if (!text) continue;  // sema reports unknown modules; the catalog just has no doc for them
      FileId id = sm.add("<std>/" + std::string(module_file(name).value_or(name)), std::string(*text));
      ast::File parsed = syntax::parse(sm, id, diags);
      walk(parsed, name);
    }
  };
  walk(file, "");
  return index;
}

Catalog stdlib_catalog(SourceManager& sm, Diagnostics& diags) {
  Catalog cat;
  cat.title = "The standard library";
  for (std::string_view name : module_names()) {
    std::string module(name);
    FileId id = sm.add(std::string(module_file(module).value_or(module)), std::string(*module_source(module)));
    ast::File parsed = syntax::parse(sm, id, diags);
    if (module == "std") {
      cat.preface = file_intro(sm, parsed);
      continue;
    }
    cat.sections.push_back(make_section(sm, parsed, module, {}));
  }
  return cat;
}

}  // namespace kpic::stdlib
