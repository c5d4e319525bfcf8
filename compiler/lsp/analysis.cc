#include "compiler/lsp/analysis.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "compiler/sema/builtins.h"

namespace kpic::lsp {

namespace fs = std::filesystem;

namespace {

// Collects the Refs of one unit's ASTs.
class Indexer {
 public:
  explicit Indexer(Analysis& a) : a_(a) {
    for (const auto& m : a.program.metrics)
      if (m.source >= 0 && static_cast<size_t>(m.source) < a.program.sources.size())
        metric_source_.emplace(m.name, a.program.sources[static_cast<size_t>(m.source)].name);
    for (const auto& f : a.unit.files)
      for (const auto& st : f.ast.stmts) {
        if (st.kind == ast::StmtKind::Metric && st.metric) metrics_.insert(st.metric->name);
        if (st.kind == ast::StmtKind::Fn && st.fn) fns_.insert(st.fn->name);
      }
  }

  void run() {
    for (const auto& f : a_.unit.files)
      for (const auto& st : f.ast.stmts) statement(f.file, st);
    std::sort(a_.refs.begin(), a_.refs.end(), [](const Ref& x, const Ref& y) {
      return x.file != y.file ? x.file < y.file : x.begin != y.begin ? x.begin < y.begin : x.end > y.end;
    });
  }

 private:
  struct Context {
    const ast::FnDef* fn = nullptr;
    std::string source;  // the metric's source, "" when unknown
    const std::set<std::string>* locals = nullptr;  // metrics local to a test block
  };

  void add(SourceRange r, SymKind kind, std::string key, bool decl) {
    if (!r.valid() || r.end <= r.begin) return;
    a_.refs.push_back(Ref{r.file, r.begin, r.end, kind, std::move(key), decl});
  }

  void statement(FileId file, const ast::Stmt& st) {
    switch (st.kind) {
      case ast::StmtKind::Metric:
        if (st.metric) metric(*st.metric, nullptr);
        break;
      case ast::StmtKind::Fn:
        if (st.fn) {
          const ast::FnDef& fn = *st.fn;
          add(fn.name_range, SymKind::Fn, "f:" + fn.name, true);
          for (size_t i = 0; i < fn.params.size() && i < fn.param_ranges.size(); ++i)
            add(fn.param_ranges[i], SymKind::Param, "p:" + fn.name + "." + fn.params[i], true);
          Context ctx;
          ctx.fn = &fn;
          expr(fn.body.get(), ctx);
        }
        break;
      case ast::StmtKind::Source:
        if (st.source) {
          add(st.source->name_range, SymKind::Source, "s:" + st.source->name, true);
          for (const auto& c : st.source->schema)
            add(c.name_range, SymKind::Column, "c:" + st.source->name + "." + c.name, true);
        }
        break;
      case ast::StmtKind::Test:
        if (st.test) test(file, *st.test);
        break;
      case ast::StmtKind::Import:
        if (st.import) import(file, *st.import);
        break;
      case ast::StmtKind::Calendar: break;  // names no symbol
    }
  }

  // `import std.x` / `import "f.kpi"`: a use of the file it brought in (found by module or path).
  void import(FileId file, const ast::Import& imp) {
    const sema::ParsedFile* from = a_.file(file);
    for (const auto& f : a_.unit.files) {
      bool match = !imp.module.empty()
                       ? f.module == imp.module
                       : from && f.module.empty() &&
                             fs::path(f.path).lexically_normal() ==
                                 (fs::path(from->path).parent_path() / imp.path).lexically_normal();
      if (match) {
        add(imp.range, SymKind::Import, "i:" + std::to_string(f.file), false);
        return;
      }
    }
  }

  void metric(const ast::MetricDef& m, const std::set<std::string>* locals) {
    add(m.name_range, SymKind::Metric, "m:" + m.name, true);
    Context ctx;
    ctx.locals = locals;
    if (auto it = metric_source_.find(m.name); it != metric_source_.end()) ctx.source = it->second;
    expr(m.expr.get(), ctx);
    expr(m.where.get(), ctx);
    for (const auto& d : m.by) expr(d.expr.get(), ctx);
  }

  void test(FileId, const ast::TestBlock& t) {
    std::set<std::string> locals;
    for (const auto& m : t.metrics) locals.insert(m.name);
    for (const auto& g : t.given) {
      add(g.source_range, SymKind::Source, "s:" + g.source, false);
      for (size_t i = 0; i < g.columns.size() && i < g.column_ranges.size(); ++i)
        add(g.column_ranges[i], SymKind::Column, "c:" + g.source + "." + g.columns[i], false);
    }
    for (const auto& m : t.metrics) metric(m, &locals);
    for (const auto& e : t.expects) add(e.metric_range, SymKind::Metric, "m:" + e.metric, false);
  }

  std::string column_source(const std::string& column, const Context& ctx) const {
    if (!ctx.source.empty()) return ctx.source;
    for (const auto& s : a_.unit.sources)
      if (const Schema* sc = a_.schema(s.name); sc && sc->find(column) >= 0) return s.name;
    if (a_.unit.sources.size() == 1) return a_.unit.sources[0].name;
    return "?";
  }

  void expr(const ast::Expr* e, const Context& ctx) {
    if (!e) return;
    if (e->kind == ast::ExprKind::Name) {
      SourceRange nr = e->name_range.valid() ? e->name_range : e->range;
      if (!e->qualifier.empty()) {
        SourceRange qr{e->range.file, e->range.begin, e->range.begin + static_cast<uint32_t>(e->qualifier.size())};
        add(qr, SymKind::Source, "s:" + e->qualifier, false);
        add(nr, SymKind::Column, "c:" + e->qualifier + "." + e->name, false);
      } else if (ctx.fn && std::find(ctx.fn->params.begin(), ctx.fn->params.end(), e->name) != ctx.fn->params.end()) {
        add(nr, SymKind::Param, "p:" + ctx.fn->name + "." + e->name, false);
      } else if (metrics_.count(e->name) || (ctx.locals && ctx.locals->count(e->name))) {
        add(nr, SymKind::Metric, "m:" + e->name, false);
      } else {
        add(nr, SymKind::Column, "c:" + column_source(e->name, ctx) + "." + e->name, false);
      }
    } else if (e->kind == ast::ExprKind::Call) {
      SourceRange nr = e->name_range.valid() ? e->name_range : e->range;
      if (fns_.count(e->name)) add(nr, SymKind::Fn, "f:" + e->name, false);
      else if (sema::find_builtin(e->name)) add(nr, SymKind::Builtin, "b:" + e->name, false);
    }
    for (const auto& x : e->args) expr(x.get(), ctx);
    for (const auto& x : e->list) expr(x.get(), ctx);
    expr(e->filter.get(), ctx);
    for (const auto& x : e->per) expr(x.get(), ctx);
  }

  Analysis& a_;
  std::set<std::string> metrics_, fns_;
  std::map<std::string, std::string> metric_source_;  // metric -> the source it scans (checked program)
};

}  // namespace

const Ref* Analysis::ref_at(FileId f, uint32_t offset) const {
  const Ref* best = nullptr;
  auto it = std::lower_bound(refs.begin(), refs.end(), f, [](const Ref& r, FileId id) { return r.file < id; });
  for (; it != refs.end() && it->file == f && it->begin <= offset; ++it)
    if (offset <= it->end && (!best || it->end - it->begin < best->end - best->begin)) best = &*it;
  return best;
}

const Ref* Analysis::definition(const std::string& key) const {
  for (const auto& r : refs)
    if (r.decl && r.key == key) return &r;
  return nullptr;
}

const sema::ParsedFile* Analysis::file(FileId id) const {
  for (const auto& f : unit.files)
    if (f.file == id) return &f;
  return nullptr;
}

const ast::MetricDef* Analysis::metric_def(const std::string& name, FileId* in) const {
  for (const auto& f : unit.files)
    for (const auto& st : f.ast.stmts)
      if (st.kind == ast::StmtKind::Metric && st.metric && st.metric->name == name) {
        if (in) *in = f.file;
        return st.metric.get();
      }
  return nullptr;
}

const ast::FnDef* Analysis::fn_def(const std::string& name, FileId* in) const {
  for (const auto& f : unit.files)
    for (const auto& st : f.ast.stmts)
      if (st.kind == ast::StmtKind::Fn && st.fn && st.fn->name == name) {
        if (in) *in = f.file;
        return st.fn.get();
      }
  return nullptr;
}

const sema::Metric* Analysis::metric(const std::string& name) const {
  for (const auto& m : program.metrics)
    if (m.name == name) return &m;
  return nullptr;
}

const Schema* Analysis::schema(const std::string& source, bool* from_data) const {
  if (auto it = bound.find(source); it != bound.end()) {
    if (from_data) *from_data = true;
    return &it->second;
  }
  if (from_data) *from_data = false;
  const sema::SourceInfo* s = unit.find_source(source);
  return s && s->has_schema ? &s->schema : nullptr;
}

bool BufferReader::read(const std::string& path, std::string& text, std::string& error) const {
  if (buffers_)
    if (auto buffer = buffers_(path)) {
      text = std::move(*buffer);
      return true;
    }
  return syntax::FileReader::read(path, text, error);
}

std::shared_ptr<Analysis> analyze_document(const std::string& path, const std::string& text, int version,
                                           const SchemaReader& schemas, const syntax::FileReader* reader) {
  auto a = std::make_shared<Analysis>();
  a->path = path;
  a->version = version;
  sema::LoadOptions load;
  load.reader = reader;
  a->unit = sema::load_text(a->sm, path, text, a->diags, load);
  if (!a->unit.files.empty()) a->main = a->unit.files.front().file;
  for (const auto& f : a->unit.files)
    if (f.module.empty()) a->loaded_paths.push_back(f.path);
  if (!a->diags.has_errors()) {
    if (schemas) a->bound = schemas(a->unit, a->diags);
    if (!a->diags.has_errors()) {
      sema::AnalyzeOptions opts;
      opts.allow_unknown_columns = true;
      a->program = sema::analyze(a->sm, a->unit, a->bound, opts, a->diags);
      sema::analyze_tests(a->sm, a->unit, a->diags, a->bound);
      a->analyzed = true;
    }
  }
  a->diags.sort();
  Indexer(*a).run();
  return a;
}

}  // namespace kpic::lsp
