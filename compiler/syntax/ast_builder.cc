#include "compiler/syntax/ast_builder.h"

#include <fmt/format.h>

#include <charconv>

namespace kpic::syntax {

using P = kpic_grammar::KpiParser;
using ast::Expr;
using ast::ExprKind;
using ast::ExprPtr;
using ast::Op;

namespace {

// True when error recovery touched this subtree: a rule that failed, a token ANTLR skipped or conjured.
bool has_syntax_error(antlr4::tree::ParseTree* tree) {
  if (auto* rule = dynamic_cast<antlr4::ParserRuleContext*>(tree)) {
    if (rule->exception != nullptr) return true;
    for (auto* child : rule->children) {
      if (has_syntax_error(child)) return true;
    }
    return false;
  }
  if (dynamic_cast<antlr4::tree::ErrorNode*>(tree) != nullptr) return true;
  if (auto* term = dynamic_cast<antlr4::tree::TerminalNode*>(tree)) return TokenRanges::conjured(term->getSymbol());
  return false;
}

bool is_doc(const std::string& text) { return text.rfind("##", 0) == 0 && text.rfind("###", 0) != 0; }

}  // namespace

void AstBuilder::fail(DiagCode code, SourceRange range, std::string message, std::string help) {
  broken_ = true;
  if (Diagnostic* d = sink_.error(code, range, std::move(message))) d->help = std::move(help);
}

ExprPtr AstBuilder::placeholder(antlr4::ParserRuleContext* ctx) {
  broken_ = true;
  return std::make_unique<Expr>(ExprKind::NullLit, ranges_.of(ctx));
}

// ---------------------------------------------------------------- statements

void AstBuilder::build_statements(const std::vector<P::StatementContext*>& stmts, ast::File& out) {
  for (P::StatementContext* s : stmts) statement(s, out);
}

ExprPtr AstBuilder::build_standalone(P::StandaloneExprContext* ctx) {
  if (ctx == nullptr || (!tree_clean_ && has_syntax_error(ctx)) || sink_.error_within(0, UINT32_MAX))
    return nullptr;
  broken_ = false;
  ExprPtr e = expr(ctx->expr());
  return broken_ ? nullptr : std::move(e);
}

void AstBuilder::statement(P::StatementContext* ctx, ast::File& out) {
  if (ctx == nullptr || (!tree_clean_ && has_syntax_error(ctx))) return;
  SourceRange range = ranges_.of(ctx);
  // An error anywhere on the statement's lines (e.g. a bad character the parser never saw, or a stray
  // `)` after it) means the statement is not what the author wrote: leave it out.
  std::string_view text = sm_.text(range.file);
  size_t line_end = text.find('\n', range.end);
  if (line_end == std::string_view::npos) line_end = text.size();
  size_t line_begin = text.rfind('\n', range.begin == 0 ? 0 : range.begin - 1);
  line_begin = line_begin == std::string_view::npos || range.begin == 0 ? 0 : line_begin + 1;
  if (sink_.error_within(static_cast<uint32_t>(line_begin), static_cast<uint32_t>(line_end))) return;
  broken_ = false;
  ast::Stmt stmt{};
  std::vector<ast::Attribute> attrs = attributes(ctx);
  ast::DocComment doc = doc_above(ctx->getStart());
  if (!attrs.empty()) {
    // `##` lines may also sit between the attributes and the definition.
    antlr4::ParserRuleContext* def = ctx->metricDef() ? static_cast<antlr4::ParserRuleContext*>(ctx->metricDef())
                                                      : ctx->fnDef();
    if (def != nullptr) {
      ast::DocComment inner = doc_above(def->getStart());
      if (!inner.text.empty() || inner.range.valid()) {
        doc.range = doc.range.valid() ? SourceRange::cover(doc.range, inner.range) : inner.range;
        doc.text = doc.text.empty() ? inner.text : doc.text + "\n" + inner.text;
      }
    }
  }
  if (auto* m = ctx->metricDef()) {
    stmt.kind = ast::StmtKind::Metric;
    stmt.metric = std::make_unique<ast::MetricDef>(metric(m));
    stmt.metric->range = range;
    stmt.metric->doc = std::move(doc);
    stmt.metric->attributes = std::move(attrs);
  } else if (auto* f = ctx->fnDef()) {
    stmt.kind = ast::StmtKind::Fn;
    stmt.fn = std::make_unique<ast::FnDef>(fn(f));
    stmt.fn->range = range;
    stmt.fn->doc = std::move(doc);
    stmt.fn->attributes = std::move(attrs);
  } else {
    if (!attrs.empty()) {
      fail(DiagCode::syntax_error, attrs.front().range, "attributes apply only to metric and fn definitions");
    }
    if (auto* i = ctx->importStmt()) {
      stmt.kind = ast::StmtKind::Import;
      stmt.import = std::make_unique<ast::Import>(import(i));
    } else if (auto* s = ctx->sourceDecl()) {
      stmt.kind = ast::StmtKind::Source;
      stmt.source = std::make_unique<ast::SourceDecl>(source(s));
      stmt.source->doc = std::move(doc);
    } else if (auto* t = ctx->testBlock()) {
      stmt.kind = ast::StmtKind::Test;
      stmt.test = std::make_unique<ast::TestBlock>(test(t));
    } else if (auto* c = ctx->calendarDecl()) {
      stmt.kind = ast::StmtKind::Calendar;
      stmt.calendar = std::make_unique<ast::CalendarDecl>(calendar(c));
    } else {
      broken_ = true;
    }
  }
  if (!broken_) out.stmts.push_back(std::move(stmt));
}

std::vector<ast::Attribute> AstBuilder::attributes(P::StatementContext* ctx) {
  std::vector<ast::Attribute> out;
  for (P::AttributeContext* a : ctx->attribute()) {
    ast::Attribute attr;
    attr.name = ident(a->ident());
    attr.range = ranges_.of(a);
    if (a->compOp()) attr.op = comp_op(a->compOp());
    if (a->expr()) attr.arg = expr(a->expr());
    out.push_back(std::move(attr));
  }
  return out;
}

ast::MetricDef AstBuilder::metric(P::MetricDefContext* ctx) {
  ast::MetricDef m;
  m.name = ident(ctx->ident());
  m.name_range = ranges_.of(ctx->ident());
  m.range = ranges_.of(ctx);
  m.doc = doc_above(ctx->getStart());
  std::vector<P::ExprContext*> exprs = ctx->expr();
  m.expr = exprs.empty() ? placeholder(ctx) : expr(exprs[0]);
  if (ctx->WHERE() != nullptr) m.where = exprs.size() > 1 ? expr(exprs[1]) : placeholder(ctx);
  for (P::DimensionContext* d : ctx->dimension()) {
    ast::Dimension dim;
    dim.expr = d->expr() ? expr(d->expr()) : placeholder(d);
    if (d->ident()) {
      dim.alias = ident(d->ident());
      dim.alias_range = ranges_.of(d->ident());
    }
    m.by.push_back(std::move(dim));
  }
  return m;
}

ast::FnDef AstBuilder::fn(P::FnDefContext* ctx) {
  ast::FnDef f;
  std::vector<P::IdentContext*> ids = ctx->ident();
  if (ids.empty()) {
    broken_ = true;
    return f;
  }
  f.name = ident(ids[0]);
  f.name_range = ranges_.of(ids[0]);
  f.range = ranges_.of(ctx);
  for (size_t i = 1; i < ids.size(); ++i) {
    f.params.push_back(ident(ids[i]));
    f.param_ranges.push_back(ranges_.of(ids[i]));
  }
  f.body = ctx->expr() ? expr(ctx->expr()) : placeholder(ctx);
  return f;
}

ast::Import AstBuilder::import(P::ImportStmtContext* ctx) {
  ast::Import imp;
  imp.range = ranges_.of(ctx);
  if (ctx->STRING()) {
    imp.path = string_value(ctx->STRING());
  } else if (ctx->dottedName()) {
    for (P::IdentContext* id : ctx->dottedName()->ident()) {
      if (!imp.module.empty()) imp.module += '.';
      imp.module += ident(id);
    }
  } else {
    broken_ = true;
  }
  return imp;
}

ast::SourceDecl AstBuilder::source(P::SourceDeclContext* ctx) {
  ast::SourceDecl s;
  s.name = ident(ctx->ident());
  s.name_range = ranges_.of(ctx->ident());
  s.range = ranges_.of(ctx);
  if (ctx->STRING()) s.default_path = string_value(ctx->STRING());
  if (auto* schema = ctx->schema()) {
    s.has_schema = true;
    for (P::SchemaColumnContext* col : schema->schemaColumn()) {
      std::vector<P::IdentContext*> ids = col->ident();
      if (ids.size() < 2) {
        broken_ = true;
        continue;
      }
      ast::SchemaColumn c;
      c.name = ident(ids[0]);
      c.name_range = ranges_.of(ids[0]);
      c.type = ident(ids[1]);
      c.type_range = ranges_.of(ids[1]);
      if (!column_modifiers(ids, c)) continue;
      s.schema.push_back(std::move(c));
    }
  }
  return s;
}

// The words after a schema column's type: `key` and `references SOURCE`, each at most once.
bool AstBuilder::column_modifiers(const std::vector<P::IdentContext*>& ids, ast::SchemaColumn& c) {
  for (size_t i = 2; i < ids.size(); ++i) {
    std::string word = ident(ids[i]);
    SourceRange at = ranges_.of(ids[i]);
    if (word == "key" && !c.key && !ids[i]->BQNAME()) {
      c.key = true;
      c.key_range = at;
    } else if (word == "references" && c.references.empty() && !ids[i]->BQNAME() && i + 1 < ids.size()) {
      c.references = ident(ids[i + 1]);
      c.references_range = ranges_.of(ids[i + 1]);
      ++i;
    } else {
      fail(DiagCode::syntax_error, at,
           word == "references" && c.references.empty()
               ? std::string("expected a source name after `references`")
               : fmt::format("unexpected `{}` after the type of column `{}`", word, c.name),
           "a column is declared `name: type`, optionally followed by `key` or `references SOURCE`");
      return false;
    }
  }
  return true;
}

ast::CalendarDecl AstBuilder::calendar(P::CalendarDeclContext* ctx) {
  ast::CalendarDecl c;
  c.range = ranges_.of(ctx);
  for (P::CalendarEntryContext* entry : ctx->calendarEntry()) {
    std::vector<P::IdentContext*> ids = entry->ident();
    ast::CalendarEntry e;
    if (ids.empty()) {
      broken_ = true;
      continue;
    }
    e.key = ident(ids[0]);
    e.key_range = ranges_.of(ids[0]);
    if (ids.size() == 2) {
      e.value = ident(ids[1]);
      e.value_range = ranges_.of(ids[1]);
    } else if (entry->STRING() != nullptr) {
      e.value = string_value(entry->STRING());
      e.value_range = ranges_.of(entry->STRING()->getSymbol());
      e.quoted = true;
    } else {
      broken_ = true;
      continue;
    }
    c.entries.push_back(std::move(e));
  }
  return c;
}

ast::TestBlock AstBuilder::test(P::TestBlockContext* ctx) {
  ast::TestBlock t;
  t.range = ranges_.of(ctx);
  if (ctx->STRING()) t.name = string_value(ctx->STRING());
  for (P::TestItemContext* item : ctx->testItem()) {
    if (item->givenBlock()) {
      t.given.push_back(given(item->givenBlock()));
    } else if (item->expectStmt()) {
      t.expects.push_back(expect(item->expectStmt()));
    } else if (item->metricDef()) {
      t.metrics.push_back(metric(item->metricDef()));
    }
  }
  return t;
}

ast::TestGiven AstBuilder::given(P::GivenBlockContext* ctx) {
  ast::TestGiven g;
  g.source = ident(ctx->ident());
  g.source_range = ranges_.of(ctx->ident());
  g.range = ranges_.of(ctx);
  for (P::GivenColumnContext* col : ctx->givenColumn()) {
    g.columns.push_back(ident(col->ident()));
    g.column_ranges.push_back(ranges_.of(col->ident()));
    g.values.push_back(col->list() ? list(col->list()) : placeholder(col));
  }
  return g;
}

ast::TestExpect AstBuilder::expect(P::ExpectStmtContext* ctx) {
  ast::TestExpect e;
  e.metric = ident(ctx->ident());
  e.metric_range = ranges_.of(ctx->ident());
  e.range = ranges_.of(ctx);
  if (ctx->compOp()) e.op = comp_op(ctx->compOp());
  if (ctx->list()) {
    e.value = list(ctx->list());
  } else if (ctx->expr() && ctx->compOp()) {
    e.value = expect_value(ctx->compOp()->getStart(), ctx->expr());
  } else {
    e.value = placeholder(ctx);
  }
  return e;
}

// The `##` lines directly above `first` (no blank line between them and the definition).
ast::DocComment AstBuilder::doc_above(const antlr4::Token* first) const {
  ast::DocComment doc;
  if (first == nullptr || TokenRanges::conjured(first)) return doc;
  std::vector<const antlr4::Token*> lines;
  size_t want_line = first->getLine() - 1;
  for (size_t j = first->getTokenIndex(); j-- > 0;) {
    const antlr4::Token* t = tokens_[j];
    if (t->getType() != P::COMMENT || t->getLine() != want_line || !is_doc(t->getText())) break;
    // only on a line of its own
    if (j > 0 && tokens_[j - 1]->getLine() == t->getLine()) break;
    lines.push_back(t);
    --want_line;
  }
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
    std::string text(sm_.slice(ranges_.of(*it)));
    text = text.substr(2);
    if (!text.empty() && text[0] == ' ') text = text.substr(1);
    while (!text.empty() && (text.back() == '\r' || text.back() == ' ' || text.back() == '\t')) text.pop_back();
    if (it != lines.rbegin()) doc.text += '\n';
    doc.text += text;
    SourceRange r = ranges_.of(*it);
    doc.range = doc.range.valid() ? SourceRange::cover(doc.range, r) : r;
  }
  return doc;
}

std::vector<ast::Comment> AstBuilder::comments() const {
  std::vector<ast::Comment> out;
  for (size_t i = 0; i < tokens_.size(); ++i) {
    const antlr4::Token* t = tokens_[i];
    if (t->getType() != P::COMMENT) continue;
    ast::Comment c;
    c.range = ranges_.of(t);
    c.text = std::string(sm_.slice(c.range));
    while (!c.text.empty() && c.text.back() == '\r') c.text.pop_back();
    c.doc = is_doc(c.text);
    c.own_line = i == 0 || tokens_[i - 1]->getLine() != t->getLine();
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace kpic::syntax
