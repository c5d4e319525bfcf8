#include "compiler/syntax/parse_cache.h"

#include <string_view>
#include <vector>

namespace kpic::syntax {

namespace {

thread_local ParseCache* active_cache = nullptr;

constexpr size_t kMaxJoin = 4;         // pieces joined to find one that parses alone
constexpr uint64_t kKeepScopes = 4;    // a piece unused by this many scopes is forgotten

// ---------------------------------------------------------------- cutting the text into pieces

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Length of the name (plain or `backquoted`) at s[i]; 0 when there is none.
size_t name_at(std::string_view s, size_t i) {
  if (i >= s.size()) return 0;
  if (s[i] == '`') {
    size_t j = s.find_first_of("`\n", i + 1);
    return j != std::string_view::npos && s[j] == '`' ? j + 1 - i : 0;
  }
  if (s[i] >= '0' && s[i] <= '9') return 0;
  size_t j = i;
  while (j < s.size() && name_char(s[j])) ++j;
  return j - i;
}

size_t skip_blanks(std::string_view s, size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\f')) ++i;
  return i;
}

bool reserved(std::string_view w) {
  static const char* const words[] = {"and", "or",   "not",  "in",    "is", "null", "true", "false",
                                      "if",  "then", "else", "where", "by", "per",  "as"};
  for (const char* r : words)
    if (w == r) return true;
  return false;
}

// True when the code at s[i] (the start of a line's code) begins a top-level statement: the test
// parser.cc's resynchronisation makes on tokens, on the text. A wrong guess costs a join, never a
// different result.
bool begins_statement(std::string_view s, size_t i) {
  if (s[i] == '@') return true;
  size_t n = name_at(s, i);
  if (n == 0) return false;
  std::string_view word = s.substr(i, n);
  size_t j = skip_blanks(s, i + n);
  char next = j < s.size() ? s[j] : '\0';
  if ((word == "fn" || word == "source") && j > i + n && name_at(s, j) > 0) return true;
  if (word == "import" && (name_at(s, j) > 0 || next == '"')) return true;
  if (word == "test" && next == '"') return true;
  if (word == "calendar" && next == '{') return true;
  if (reserved(word)) return false;
  return next == '=' && (j + 1 >= s.size() || s[j + 1] != '=');
}

// Offsets where pieces begin: 0, then every line outside `{ ... }` that begins a statement, moved up
// over the comment lines directly above it (its doc comment belongs with it).
std::vector<uint32_t> cut_points(std::string_view s) {
  std::vector<uint32_t> cuts{0};
  int depth = 0;
  size_t comments_from = std::string_view::npos;  // first of the comment lines directly above
  size_t i = 0;
  while (i < s.size()) {
    size_t line = i;
    size_t k = skip_blanks(s, i);
    bool blank = k >= s.size() || s[k] == '\n' || s[k] == '\r';
    bool comment = !blank && s[k] == '#';
    if (depth == 0 && !blank && !comment && line > 0 && begins_statement(s, k)) {
      size_t at = comments_from != std::string_view::npos ? comments_from : line;
      if (at > cuts.back()) cuts.push_back(static_cast<uint32_t>(at));
    }
    if (!comment) comments_from = std::string_view::npos;
    else if (comments_from == std::string_view::npos) comments_from = line;
    // The braces of the line, outside strings, backquoted names and comments (none spans lines).
    for (i = k; i < s.size() && s[i] != '\n'; ++i) {
      char c = s[i];
      if (c == '#') {
        i = s.find('\n', i);
        if (i == std::string_view::npos) i = s.size();
        break;
      }
      if (c == '"' || c == '`') {
        for (++i; i < s.size() && s[i] != c && s[i] != '\n'; ++i) {
          if (c == '"' && s[i] == '\\' && i + 1 < s.size() && s[i + 1] != '\n') ++i;
        }
        if (i >= s.size() || s[i] == '\n') break;
        continue;
      }
      if (c == '{') ++depth;
      if (c == '}' && depth > 0) --depth;
    }
    if (i < s.size()) ++i;  // the newline
  }
  return cuts;
}

// ---------------------------------------------------------------- moving an AST to another offset

// Copies of AST nodes with every range moved by `delta` bytes into `file`. A new field in a node must be
// copied here too: the size checks below fail when a node changes.
static_assert(sizeof(void*) != 8 || sizeof(ast::Expr) == 240, "ast::Expr changed: update copy(const ast::Expr*)");
static_assert(sizeof(void*) != 8 || sizeof(ast::MetricDef) == 168, "ast::MetricDef changed: update copy()");

struct Mover {
  FileId file;
  uint32_t delta;

  SourceRange operator()(SourceRange r) const { return r.valid() ? SourceRange{file, r.begin + delta, r.end + delta} : r; }

  ast::ExprPtr copy(const ast::Expr* e) const {
    if (e == nullptr) return nullptr;
    auto c = std::make_unique<ast::Expr>(e->kind, (*this)(e->range));
    c->int_value = e->int_value;
    c->float_value = e->float_value;
    c->bool_value = e->bool_value;
    c->text = e->text;
    c->name = e->name;
    c->qualifier = e->qualifier;
    c->name_range = (*this)(e->name_range);
    c->backquoted = e->backquoted;
    c->op = e->op;
    c->negated = e->negated;
    c->parenthesized = e->parenthesized;
    c->args = copy(e->args);
    c->list = copy(e->list);
    c->filter = copy(e->filter.get());
    c->per = copy(e->per);
    return c;
  }
  std::vector<ast::ExprPtr> copy(const std::vector<ast::ExprPtr>& v) const {
    std::vector<ast::ExprPtr> out;
    out.reserve(v.size());
    for (const auto& e : v) out.push_back(copy(e.get()));
    return out;
  }
  std::vector<SourceRange> copy(const std::vector<SourceRange>& v) const {
    std::vector<SourceRange> out;
    out.reserve(v.size());
    for (SourceRange r : v) out.push_back((*this)(r));
    return out;
  }
  ast::DocComment copy(const ast::DocComment& d) const { return {d.text, (*this)(d.range)}; }
  std::vector<ast::Attribute> copy(const std::vector<ast::Attribute>& v) const {
    std::vector<ast::Attribute> out;
    for (const auto& a : v) out.push_back({a.name, (*this)(a.range), a.op, copy(a.arg.get())});
    return out;
  }
  ast::MetricDef copy(const ast::MetricDef& m) const {
    ast::MetricDef c{m.name, (*this)(m.name_range), (*this)(m.range), copy(m.doc), copy(m.attributes),
                     copy(m.expr.get()), copy(m.where.get()), {}};
    for (const auto& d : m.by) c.by.push_back({copy(d.expr.get()), d.alias, (*this)(d.alias_range)});
    return c;
  }
  ast::FnDef copy(const ast::FnDef& f) const {
    return {f.name,   (*this)(f.name_range), (*this)(f.range),        copy(f.doc),
            copy(f.attributes), f.params,   copy(f.param_ranges), copy(f.body.get())};
  }
  ast::SourceDecl copy(const ast::SourceDecl& s) const {
    ast::SourceDecl c{s.name, (*this)(s.name_range), (*this)(s.range), copy(s.doc), s.default_path, s.has_schema, {}};
    for (const auto& col : s.schema)
      c.schema.push_back({col.name, (*this)(col.name_range), col.type, (*this)(col.type_range), col.key,
                          (*this)(col.key_range), col.references, (*this)(col.references_range)});
    return c;
  }
  ast::TestBlock copy(const ast::TestBlock& t) const {
    ast::TestBlock c{t.name, (*this)(t.range), {}, {}, {}};
    for (const auto& g : t.given)
      c.given.push_back({g.source, (*this)(g.source_range), (*this)(g.range), g.columns, copy(g.column_ranges), copy(g.values)});
    for (const auto& m : t.metrics) c.metrics.push_back(copy(m));
    for (const auto& e : t.expects)
      c.expects.push_back({e.metric, (*this)(e.metric_range), (*this)(e.range), e.op, copy(e.value.get())});
    return c;
  }
  ast::Stmt copy(const ast::Stmt& s) const {
    ast::Stmt c{};
    c.kind = s.kind;
    if (s.metric) c.metric = std::make_unique<ast::MetricDef>(copy(*s.metric));
    if (s.fn) c.fn = std::make_unique<ast::FnDef>(copy(*s.fn));
    if (s.import) c.import = std::make_unique<ast::Import>(ast::Import{s.import->module, s.import->path, (*this)(s.import->range)});
    if (s.source) c.source = std::make_unique<ast::SourceDecl>(copy(*s.source));
    if (s.test) c.test = std::make_unique<ast::TestBlock>(copy(*s.test));
    if (s.calendar) {
      c.calendar = std::make_unique<ast::CalendarDecl>(ast::CalendarDecl{(*this)(s.calendar->range), {}});
      for (const auto& e : s.calendar->entries)
        c.calendar->entries.push_back({e.key, (*this)(e.key_range), e.value, (*this)(e.value_range), e.quoted});
    }
    return c;
  }
};

}  // namespace

std::vector<uint32_t> statement_cuts(std::string_view text) { return cut_points(text); }

ParseCache::Use::Use(ParseCache& cache) : previous_(active_cache) {
  active_cache = &cache;
  ++cache.scope_;
}

ParseCache::Use::~Use() {
  active_cache->forget_unused();
  active_cache = previous_;
}

ParseCache* ParseCache::active() { return active_cache; }

void ParseCache::forget_unused() {
  for (auto it = pieces_.begin(); it != pieces_.end();) {
    it = it->second.last_used + kKeepScopes < scope_ ? pieces_.erase(it) : std::next(it);
  }
}

const ast::File* ParseCache::piece(const std::string& name, std::string text, const ParseLimits& limits) {
  auto it = pieces_.find(text);
  if (it == pieces_.end()) {
    SourceManager sm;
    FileId id = sm.add(name, text);
    Diagnostics diags;
    Piece p;
    p.ast = parse_uncached(sm, id, diags, limits);
    p.ok = diags.size() == 0;
    if (!p.ok) p.ast = {};
    it = pieces_.emplace(std::move(text), std::move(p)).first;
  } else if (it->second.ok) {
    ++reused_;
  }
  it->second.last_used = scope_;
  return it->second.ok ? &it->second.ast : nullptr;
}

ast::File ParseCache::parse(const SourceManager& sm, FileId id, Diagnostics& diags, const ParseLimits& limits) {
  std::string_view text = sm.text(id);
  if (text.size() > limits.max_bytes) return parse_uncached(sm, id, diags, limits);
  std::vector<uint32_t> cuts = cut_points(text);
  cuts.push_back(static_cast<uint32_t>(text.size()));
  ast::File out;
  out.file = id;
  for (size_t k = 0; k + 1 < cuts.size();) {
    const ast::File* got = nullptr;
    size_t end = k + 1;
    for (; end < cuts.size() && end <= k + kMaxJoin; ++end) {
      got = piece(sm.name(id), std::string(text.substr(cuts[k], cuts[end] - cuts[k])), limits);
      if (got != nullptr) break;
    }
    if (got == nullptr) return parse_uncached(sm, id, diags, limits);  // the messages of a whole parse
    Mover move{id, cuts[k]};
    for (const auto& s : got->stmts) out.stmts.push_back(move.copy(s));
    for (const auto& c : got->comments) out.comments.push_back({c.text, move(c.range), c.doc, c.own_line});
    k = end;
  }
  return out;
}

}  // namespace kpic::syntax
