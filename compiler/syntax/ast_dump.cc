#include "compiler/syntax/ast_dump.h"

#include <fmt/format.h>

#include <cctype>

namespace kpic::syntax {

namespace {

class Dumper {
 public:
  explicit Dumper(const SourceManager* sm) : sm_(sm) {}

  std::string quoted(const std::string& s) const { return ast::quote_string(s); }

  std::string at(SourceRange r) const {
    if (sm_ == nullptr || !r.valid()) return "";
    LineCol b = sm_->line_col(r.file, r.begin);
    LineCol e = sm_->line_col(r.file, r.end);
    return fmt::format("@{}:{}-{}:{}", b.line, b.col, e.line, e.col);
  }

  std::string name(const std::string& n, bool backquoted) const { return backquoted ? "`" + n + "`" : n; }
  // A declared name: backquoted when it is not a plain identifier.
  std::string decl(const std::string& n) const {
    bool plain = !n.empty() && !std::isdigit(static_cast<unsigned char>(n[0]));
    for (char c : n) plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
    return plain ? n : "`" + n + "`";
  }

  std::string expr(const ast::Expr* e) const {
    if (e == nullptr) return "<null>";
    std::string out;
    switch (e->kind) {
      case ast::ExprKind::IntLit:
      case ast::ExprKind::FloatLit:
      case ast::ExprKind::DurationLit: out = e->text; break;
      case ast::ExprKind::StringLit: out = quoted(e->text); break;
      case ast::ExprKind::BoolLit: out = e->bool_value ? "true" : "false"; break;
      case ast::ExprKind::NullLit: out = "null"; break;
      case ast::ExprKind::Name:
        out = (e->qualifier.empty() ? "" : e->qualifier + ".") + name(e->name, e->backquoted);
        break;
      case ast::ExprKind::Unary:
        out = fmt::format("({} {})", ast::op_spelling(e->op), arg(e, 0));
        break;
      case ast::ExprKind::Binary:
        out = fmt::format("({} {} {})", ast::op_spelling(e->op), arg(e, 0), arg(e, 1));
        break;
      case ast::ExprKind::In:
        out = fmt::format("({} {} {})", e->negated ? "not-in" : "in", arg(e, 0), items(e->list));
        break;
      case ast::ExprKind::IsNull:
        out = fmt::format("({} {})", e->negated ? "is-not-null" : "is-null", arg(e, 0));
        break;
      case ast::ExprKind::If:
        out = fmt::format("(if {} {} {})", arg(e, 0), arg(e, 1), arg(e, 2));
        break;
      case ast::ExprKind::Call: {
        out = "(call " + name(e->name, e->backquoted);
        for (const auto& a : e->args) out += " " + expr(a.get());
        if (e->filter) out += " (where " + expr(e->filter.get()) + ")";
        if (!e->per.empty()) {
          out += " (per";
          for (const auto& k : e->per) out += " " + expr(k.get());
          out += ")";
        }
        out += ")";
        break;
      }
      case ast::ExprKind::List: out = items(e->list); break;
    }
    return out + at(e->range);
  }

  std::string arg(const ast::Expr* e, size_t i) const { return i < e->args.size() ? expr(e->args[i].get()) : "<missing>"; }

  std::string items(const std::vector<ast::ExprPtr>& list) const {
    std::string out = "[";
    for (size_t i = 0; i < list.size(); ++i) out += (i ? " " : "") + expr(list[i].get());
    return out + "]";
  }

  std::string doc_and_attrs(const ast::DocComment& doc, const std::vector<ast::Attribute>& attrs) const {
    std::string out;
    if (!doc.text.empty() || doc.range.valid()) out += " (doc " + quoted(doc.text) + ")";
    for (const auto& a : attrs) {
      out += " (@" + a.name;
      if (a.op) out += std::string(" ") + ast::op_spelling(*a.op);
      if (a.arg) out += " " + expr(a.arg.get());
      out += ")";
    }
    return out;
  }

  std::string metric(const ast::MetricDef& m) const {
    std::string out = "(metric " + decl(m.name) + doc_and_attrs(m.doc, m.attributes) + " " + expr(m.expr.get());
    if (m.where) out += " (where " + expr(m.where.get()) + ")";
    if (!m.by.empty()) {
      out += " (by";
      for (const auto& d : m.by) {
        out += d.alias.empty() ? " " + expr(d.expr.get()) : " (as " + expr(d.expr.get()) + " " + decl(d.alias) + ")";
      }
      out += ")";
    }
    return out + ")" + at(m.range);
  }

  std::string stmt(const ast::Stmt& s) const {
    switch (s.kind) {
      case ast::StmtKind::Metric: return metric(*s.metric);
      case ast::StmtKind::Fn: {
        const ast::FnDef& f = *s.fn;
        std::string params;
        for (size_t i = 0; i < f.params.size(); ++i) params += (i ? " " : "") + f.params[i];
        return "(fn " + decl(f.name) + doc_and_attrs(f.doc, f.attributes) + " (" + params + ") " + expr(f.body.get()) + ")" +
               at(f.range);
      }
      case ast::StmtKind::Import:
        return "(import " + (s.import->path.empty() ? s.import->module : quoted(s.import->path)) + ")" +
               at(s.import->range);
      case ast::StmtKind::Source: {
        const ast::SourceDecl& src = *s.source;
        std::string out = "(source " + decl(src.name) + doc_and_attrs(src.doc, {});
        if (!src.default_path.empty()) out += " " + quoted(src.default_path);
        if (src.has_schema) {
          out += " (schema";
          for (const auto& c : src.schema)
            out += " (" + decl(c.name) + " " + c.type + (c.key ? " key" : "") +
                   (c.references.empty() ? "" : " references " + decl(c.references)) + ")";
          out += ")";
        }
        return out + ")" + at(src.range);
      }
      case ast::StmtKind::Test: {
        const ast::TestBlock& t = *s.test;
        std::string out = "(test " + quoted(t.name);
        for (const auto& g : t.given) {
          out += "\n  (given " + decl(g.source);
          for (size_t i = 0; i < g.columns.size() && i < g.values.size(); ++i) {
            out += " (" + decl(g.columns[i]) + " " + expr(g.values[i].get()) + ")";
          }
          out += ")";
        }
        for (const auto& m : t.metrics) out += "\n  " + metric(m);
        for (const auto& e : t.expects) {
          out += fmt::format("\n  (expect {} {} {})", ast::op_spelling(e.op), e.metric, expr(e.value.get()));
        }
        return out + ")" + at(t.range);
      }
      case ast::StmtKind::Calendar: {
        std::string out = "(calendar";
        for (const auto& e : s.calendar->entries) out += " (" + e.key + " " + (e.quoted ? quoted(e.value) : e.value) + ")";
        return out + ")" + at(s.calendar->range);
      }
    }
    return "<?>";
  }

 private:
  const SourceManager* sm_;
};

std::string dump_file(const ast::File& file, const SourceManager* sm) {
  Dumper d(sm);
  std::string out;
  for (const auto& s : file.stmts) out += d.stmt(s) + "\n";
  for (const auto& c : file.comments) {
    out += fmt::format("(comment{}{} {}){}\n", c.doc ? " doc" : "", c.own_line ? " own-line" : "", d.quoted(c.text),
                       d.at(c.range));
  }
  return out;
}

}  // namespace

std::string dump(const ast::File& file) { return dump_file(file, nullptr); }
std::string dump(const ast::File& file, const SourceManager& sm) { return dump_file(file, &sm); }
std::string dump(const ast::Expr& expr) { return Dumper(nullptr).expr(&expr); }

}  // namespace kpic::syntax
