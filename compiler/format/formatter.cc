#include "compiler/format/formatter.h"

#include <algorithm>

#include "compiler/format/comment_queue.h"
#include "compiler/format/expr_doc.h"
#include "compiler/format/line_writer.h"
#include "compiler/syntax/parser.h"
#include "runtime/base/check.h"

namespace kpic::format {

namespace {

constexpr int kBlockIndent = 2;

// Every line of a schema block or a `given` block ends with a comma (the language allows a trailing
// comma there), so adding a column changes one line.
std::string item_separator(size_t, size_t) { return ","; }

bool has_doc(const ast::DocComment& d) { return !d.text.empty() || (d.range.valid() && d.range.end > d.range.begin); }

uint32_t first_of(uint32_t a, const SourceRange& r) { return r.valid() ? std::min(a, r.begin) : a; }

class Formatter {
 public:
  Formatter(const SourceManager& sm, const ast::File& file)
      : sm_(sm), file_(file), exprs_(sm), comments_(sm, file, out_) {}

  std::string run() {
    const ast::Stmt* prev = nullptr;
    for (const auto& s : file_.stmts) {
      uint32_t first = first_offset(s);
      comments_.trailing(first);
      if (prev != nullptr && needs_blank(*prev, s)) out_.blank();
      comments_.before(first, 0);
      comments_.keep_gap(first);
      statement(s, first, 0);
      prev = &s;
    }
    comments_.trailing(UINT32_MAX);
    comments_.before(UINT32_MAX, 0);
    return out_.finish();
  }

 private:
  static uint32_t first_offset(const ast::Stmt& s) {
    uint32_t first = s.range().begin;
    auto decorations = [&](const ast::DocComment& doc, const std::vector<ast::Attribute>* attrs) {
      if (has_doc(doc)) first = first_of(first, doc.range);
      if (attrs != nullptr && !attrs->empty()) first = first_of(first, attrs->front().range);
    };
    switch (s.kind) {
      case ast::StmtKind::Metric: decorations(s.metric->doc, &s.metric->attributes); break;
      case ast::StmtKind::Fn: decorations(s.fn->doc, &s.fn->attributes); break;
      case ast::StmtKind::Source: decorations(s.source->doc, nullptr); break;
      default: break;
    }
    return first;
  }

  static bool decorated(const ast::Stmt& s) {
    switch (s.kind) {
      case ast::StmtKind::Metric: return has_doc(s.metric->doc) || !s.metric->attributes.empty();
      case ast::StmtKind::Fn: return has_doc(s.fn->doc) || !s.fn->attributes.empty();
      case ast::StmtKind::Source: return has_doc(s.source->doc);
      default: return false;
    }
  }
  static bool block(const ast::Stmt& s) {
    return s.kind == ast::StmtKind::Test || (s.kind == ast::StmtKind::Source && !s.source->schema.empty());
  }
  static bool needs_blank(const ast::Stmt& prev, const ast::Stmt& s) {
    if (decorated(prev) || decorated(s) || block(prev) || block(s)) return true;
    return prev.kind == ast::StmtKind::Import && s.kind != ast::StmtKind::Import;
  }

  // Lays out `d` at `indent` and writes it.
  void write(int indent, const Doc& d) { out_.code(indent, render(d, kLineWidth - indent)); }

  // Comments inside [begin, end) go above the statement that starts at `first`.
  void hoist(uint32_t first, uint32_t begin, uint32_t end, int indent) {
    size_t before = comments_.pending();
    comments_.hoist(begin, end, indent);
    if (comments_.pending() != before) comments_.set_last_line(comments_.line_of(first) - 1);
  }

  // A definition's comments that sit inside its attributes or its code (from `begin` to `end`) go
  // above it all, where they cannot separate its doc comments from it.
  void hoist_inside(uint32_t first, const std::vector<ast::Attribute>& attrs, uint32_t begin, uint32_t end,
                    int indent) {
    for (const auto& a : attrs) hoist(first, a.range.begin, a.range.end, indent);
    hoist(first, begin, end, indent);
  }

  void statement(const ast::Stmt& s, uint32_t first, int indent) {
    switch (s.kind) {
      case ast::StmtKind::Metric: metric(*s.metric, first, indent); break;
      case ast::StmtKind::Fn: fn(*s.fn, first, indent); break;
      case ast::StmtKind::Import: import(*s.import, indent); break;
      case ast::StmtKind::Source: source(*s.source, first, indent); break;
      case ast::StmtKind::Test: test(*s.test, indent); break;
      case ast::StmtKind::Calendar: calendar(*s.calendar, indent); break;
    }
  }

  void attributes(const std::vector<ast::Attribute>& attrs, int indent) {
    for (const auto& a : attrs) {
      comments_.before(a.range.begin, indent);
      comments_.keep_gap(a.range.begin);
      // `@name` alone when it was written without parentheses
      bool parens = a.op || a.arg || (a.range.valid() && a.range.end > a.range.begin && sm_.slice(a.range).back() == ')');
      std::vector<Doc> parts{Doc::text("@" + a.name + (parens ? "(" : ""))};
      if (a.op) parts.push_back(Doc::text(std::string(ast::op_spelling(*a.op)) + (a.arg ? " " : "")));
      if (a.arg) parts.push_back(exprs_.expr(*a.arg));
      if (parens) parts.push_back(Doc::text(")"));
      write(indent, Doc::concat(std::move(parts)));
      comments_.wrote_until(a.range.end);
    }
  }

  // The part of a definition after its doc comments and attributes: comments before it are placed,
  // comments inside it hoisted above the whole definition (so that doc comments stay attached).
  uint32_t code_begin(const SourceRange& name_range, const SourceRange& range) {
    return name_range.valid() ? std::max(range.begin, std::min(name_range.begin, range.end)) : range.begin;
  }

  void metric(const ast::MetricDef& m, uint32_t first, int indent) {
    uint32_t begin = code_begin(m.name_range, m.range);
    hoist_inside(first, m.attributes, begin, m.range.end, indent);
    attributes(m.attributes, indent);
    comments_.before(begin, indent);
    comments_.keep_gap(begin);
    std::vector<Doc> parts{value(exprs_.name(m.name, m.name_range) + " =", *m.expr, indent)};
    if (m.where) {
      parts.push_back(Doc::nest(kContinuationIndent, Doc::line() + Doc::text("where ") + exprs_.expr(*m.where)));
    }
    if (!m.by.empty()) {
      // Dimensions are packed: a break goes between two of them, never inside one that fits on a line.
      std::vector<Doc> dims;
      for (size_t i = 0; i < m.by.size(); ++i) {
        Doc dim = exprs_.expr(*m.by[i].expr);
        if (!m.by[i].alias.empty()) dim = dim + Doc::text(" as " + exprs_.name(m.by[i].alias, m.by[i].alias_range));
        dims.push_back(i + 1 < m.by.size() ? dim + Doc::text(",") : dim);
      }
      Doc clause = Doc::text("by ") + Doc::nest(kContinuationIndent, Doc::fill(std::move(dims)));
      parts.push_back(Doc::nest(kContinuationIndent, Doc::line() + clause));
    }
    write(indent, Doc::group(Doc::concat(std::move(parts))));
    comments_.wrote_until(m.range.end);
  }

  // The value after `NAME =` (the head, written at `indent`): on the same line when it fits there;
  // else on the next line, indented by 4, when it fits there whole or when it is an operator chain or
  // an `if` (which then break there, before their operators / `then` / `else`, rather than inside the
  // brackets of their first operand); else on the same line, broken inside. (The enclosing statement
  // group is broken whenever the first choice fails.)
  Doc value(const std::string& head, const ast::Expr& e, int indent) const {
    Doc d = exprs_.expr(e);
    int width = d.flat_width(kLineWidth);
    int own_line = indent + kContinuationIndent + width;
    bool breaks_on_own_line =
        !e.parenthesized && (e.kind == ast::ExprKind::Binary || e.kind == ast::ExprKind::If);
    if (indent + static_cast<int>(head.size()) + 1 + width > kLineWidth &&
        (own_line <= kLineWidth || breaks_on_own_line)) {
      return Doc::text(head) + Doc::nest(kContinuationIndent, Doc::line() + d);
    }
    return Doc::text(head + " ") + d;
  }

  void fn(const ast::FnDef& f, uint32_t first, int indent) {
    uint32_t begin = code_begin(f.name_range, f.range);
    hoist_inside(first, f.attributes, begin, f.range.end, indent);
    attributes(f.attributes, indent);
    comments_.before(begin, indent);
    comments_.keep_gap(begin);
    std::string head = "fn " + exprs_.name(f.name, f.name_range) + "(";
    for (size_t i = 0; i < f.params.size(); ++i) {
      if (i > 0) head += ", ";
      head += exprs_.name(f.params[i], i < f.param_ranges.size() ? f.param_ranges[i] : SourceRange{});
    }
    head += ") =";
    write(indent, Doc::group(value(head, *f.body, indent)));
    comments_.wrote_until(f.range.end);
  }

  void import(const ast::Import& im, int indent) {
    comments_.hoist(im.range.begin, im.range.end, indent);
    std::string target = im.module;
    if (im.module.empty()) {
      target = exprs_.string_token_after(im.range.begin, im.range.end, im.range.file);
      if (target.empty()) target = exprs_.string_literal(im.path, {});
    }
    out_.code(indent, "import " + target);
    comments_.wrote_until(im.range.end);
  }

  // On one line: `calendar { week_start: sunday, time_zone: "Europe/Berlin" }`.
  void calendar(const ast::CalendarDecl& c, int indent) {
    comments_.hoist(c.range.begin, c.range.end, indent);
    std::string text = "calendar {";
    for (size_t i = 0; i < c.entries.size(); ++i) {
      const ast::CalendarEntry& e = c.entries[i];
      text += (i ? ", " : " ") + exprs_.name(e.key, e.key_range) + ": " +
              (e.quoted ? exprs_.string_literal(e.value, {}) : exprs_.name(e.value, e.value_range));
    }
    out_.code(indent, text + (c.entries.empty() ? "}" : " }"));
    comments_.wrote_until(c.range.end);
  }

  void source(const ast::SourceDecl& s, uint32_t first, int indent) {
    uint32_t begin = code_begin(s.name_range, s.range);
    uint32_t head_end = s.schema.empty() ? s.range.end : s.schema.front().name_range.begin;
    hoist(first, begin, head_end, indent);
    comments_.before(begin, indent);
    comments_.keep_gap(begin);
    std::string head = "source " + exprs_.name(s.name, s.name_range);
    if (!s.default_path.empty()) {
      std::string path = exprs_.string_token_after(s.name_range.valid() ? s.name_range.end : s.range.begin,
                                                   head_end, s.range.file);
      head += " " + (path.empty() ? exprs_.string_literal(s.default_path, {}) : path);
    }
    if (!s.has_schema) {
      out_.code(indent, head);
      comments_.wrote_until(s.range.end);
      return;
    }
    if (s.schema.empty() && comments_.pending() == pending_after(s.range.end)) {
      out_.code(indent, head + " {}");
      comments_.wrote_until(s.range.end);
      return;
    }
    open_block(indent, head + " {");
    for (size_t i = 0; i < s.schema.size(); ++i) {
      const ast::SchemaColumn& c = s.schema[i];
      uint32_t cb = c.name_range.begin, ce = std::max(c.type_range.end, c.name_range.end);
      if (c.key) ce = std::max(ce, c.key_range.end);
      if (!c.references.empty()) ce = std::max(ce, c.references_range.end);
      item_start(cb, ce, indent + kBlockIndent);
      std::string relation = std::string(c.key ? " key" : "") +
                             (c.references.empty() ? "" : " references " + exprs_.name(c.references, c.references_range));
      out_.code(indent + kBlockIndent, exprs_.name(c.name, c.name_range) + ": " + c.type + relation +
                                           item_separator(i, s.schema.size()));
      comments_.wrote_until(ce);
    }
    close_block(s.range.end, indent);
  }

  // How many comments would still be pending if every comment before `offset` were placed.
  size_t pending_after(uint32_t offset) const {
    size_t n = 0;
    for (const auto& c : file_.comments) n += c.range.begin >= offset ? 1 : 0;
    return n;
  }

  void open_block(int indent, const std::string& header) {
    out_.code(indent, header);
    out_.block_opened();
  }
  // Before an item of a block: the comments before it, a kept blank line, comments inside it hoisted.
  void item_start(uint32_t begin, uint32_t end, int indent) {
    comments_.before(begin, indent);
    comments_.keep_gap(begin);
    comments_.hoist(begin, end, indent);
  }
  void close_block(uint32_t end, int indent) {
    uint32_t brace = end > 0 ? end - 1 : end;
    comments_.trailing(brace);
    comments_.before(brace, indent + kBlockIndent);
    out_.code(indent, "}");
    comments_.wrote_until(end);
  }

  void test(const ast::TestBlock& t, int indent) {
    // Items in source order: given blocks, local metrics, expectations.
    struct Item {
      uint32_t begin;
      const ast::TestGiven* given = nullptr;
      const ast::MetricDef* metric = nullptr;
      const ast::TestExpect* expect = nullptr;
    };
    std::vector<Item> items;
    for (const auto& g : t.given) items.push_back({g.range.begin, &g, nullptr, nullptr});
    for (const auto& m : t.metrics) items.push_back({metric_first(m), nullptr, &m, nullptr});
    for (const auto& e : t.expects) items.push_back({e.range.begin, nullptr, nullptr, &e});
    std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.begin < b.begin; });

    uint32_t head_end = items.empty() ? t.range.end : items.front().begin;
    std::string name = exprs_.string_token_after(t.range.begin, head_end, t.range.file);
    if (name.empty()) name = exprs_.string_literal(t.name, {});
    open_block(indent, "test " + name + " {");
    int inner = indent + kBlockIndent;
    for (const Item& it : items) {
      comments_.trailing(it.begin);
      comments_.before(it.begin, inner);
      comments_.keep_gap(it.begin);
      if (it.given != nullptr) given(*it.given, inner);
      if (it.metric != nullptr) metric(*it.metric, it.begin, inner);
      if (it.expect != nullptr) expect(*it.expect, inner);
    }
    close_block(t.range.end, indent);
  }

  static uint32_t metric_first(const ast::MetricDef& m) {
    uint32_t first = first_of(m.range.begin, m.name_range);
    if (has_doc(m.doc)) first = first_of(first, m.doc.range);
    if (!m.attributes.empty()) first = first_of(first, m.attributes.front().range);
    return first;
  }

  void given(const ast::TestGiven& g, int indent) {
    open_block(indent, "given " + exprs_.name(g.source, g.source_range) + " {");
    int inner = indent + kBlockIndent;
    for (size_t i = 0; i < g.columns.size(); ++i) {
      SourceRange cr = i < g.column_ranges.size() ? g.column_ranges[i] : SourceRange{};
      const ast::Expr* v = i < g.values.size() ? g.values[i].get() : nullptr;
      uint32_t end = v != nullptr ? std::max(v->range.end, cr.end) : cr.end;
      item_start(cr.begin, end, inner);
      Doc line = Doc::text(exprs_.name(g.columns[i], cr) + ": ");
      if (v != nullptr) line = line + exprs_.expr(*v);
      write(inner, line + Doc::text(item_separator(i, g.columns.size())));
      comments_.wrote_until(end);
    }
    close_block(g.range.end, indent);
  }

  void expect(const ast::TestExpect& e, int indent) {
    comments_.hoist(e.range.begin, e.range.end, indent);
    Doc d = Doc::text("expect " + exprs_.name(e.metric, e.metric_range) + " " + ast::op_spelling(e.op) + " ");
    if (e.value) d = d + exprs_.expr(*e.value);
    write(indent, d);
    comments_.wrote_until(e.range.end);
  }

  const SourceManager& sm_;
  const ast::File& file_;
  ExprDoc exprs_;
  LineWriter out_;
  CommentQueue comments_;
};

}  // namespace

std::string format_file(const SourceManager& sm, const ast::File& file) { return Formatter(sm, file).run(); }

namespace {

// The comments of a file as written (trailing whitespace aside), for the self-check below.
std::vector<std::string> comment_texts(const ast::File& f) {
  std::vector<std::string> out;
  for (const auto& c : f.comments) {
    size_t end = c.text.find_last_not_of(" \t\r\n");
    out.push_back(end == std::string::npos ? c.text : c.text.substr(0, end + 1));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

std::optional<std::string> format_source(const SourceManager& sm, FileId id, Diagnostics& diags) {
  Diagnostics local;
  ast::File file = syntax::parse(sm, id, local);
  bool failed = local.has_errors();
  for (const auto& d : local.list()) diags.add(d);
  if (failed) return std::nullopt;
  std::string text = format_file(sm, file);
  // Already formatted: the text just parsed without error, so the self-check below would pass.
  if (text == sm.text(id)) return text;

  // Self-check: the result must parse and keep every comment; otherwise it is a formatter bug (an
  // InternalError, exit code 3) and the file must be left alone rather than damaged.
  SourceManager check_sm;
  FileId check_id = check_sm.add(sm.name(id), text);
  Diagnostics check_diags;
  ast::File again = syntax::parse(check_sm, check_id, check_diags);
  KPIC_CHECK(!check_diags.has_errors(), "the formatted text of ", sm.name(id), " does not parse");
  KPIC_CHECK(comment_texts(again) == comment_texts(file) && again.stmts.size() == file.stmts.size(),
             "the formatted text of ", sm.name(id), " lost a comment or a statement");
  return text;
}

}  // namespace kpic::format
