// Step 2 of the front end: bind schemas to sources and build the typed Program.
#include <fmt/format.h>

#include "compiler/sema/frontend.h"
#include "compiler/sema/program_builder.h"
#include "compiler/sema/source_binding.h"
#include "compiler/syntax/parser.h"

namespace kpic::sema {

std::vector<Source> bind_sources(const Unit& unit, const std::map<std::string, Schema>& data, bool allow_unknown,
                                 std::vector<bool>& unknown_ok, Diagnostics& diags) {
  std::vector<Source> out;
  unknown_ok.clear();
  for (const auto& info : unit.sources) {
    Source s;
    s.name = info.name;
    s.default_path = info.resolved_path;
    s.implicit = info.implicit;
    s.range = info.range;
    auto it = data.find(info.name);
    if (it != data.end()) {
      s.schema = it->second;
      s.schema_known = true;
      // A declared schema must agree with the data bound to the source.
      for (const auto& f : info.schema.fields) {
        int i = s.schema.find(f.name);
        if (i < 0) {
          diags.error(DiagCode::bad_schema, info.range,
                      fmt::format("source `{}` declares column `{}`, which its data does not have", info.name, f.name));
        } else if (s.schema.fields[i].type != f.type &&
                   !(f.type == ValueType::Float && s.schema.fields[i].type == ValueType::Int)) {
          diags.error(DiagCode::bad_schema, info.range,
                      fmt::format("source `{}` declares column `{}` as {}, but its data has {}", info.name, f.name,
                                  type_name(f.type), type_name(s.schema.fields[i].type)));
        }
      }
    } else if (info.has_schema) {
      s.schema = info.schema;
      s.schema_known = true;
    }
    unknown_ok.push_back(!s.schema_known && allow_unknown);
    out.push_back(std::move(s));
  }
  return out;
}

// Parses command-line text (`--by month(ts) as m`, `--where region == "eu"`) as part of a synthetic
// statement, so that `as` aliases parse with the real grammar; diagnostics point into that text.
static const ast::MetricDef* parse_cli(SourceManager& sm, const std::string& label, const std::string& text,
                                       std::vector<std::unique_ptr<ast::File>>& keep, Diagnostics& diags) {
  FileId id = sm.add(label, text);
  keep.push_back(std::make_unique<ast::File>(syntax::parse(sm, id, diags)));
  for (const auto& st : keep.back()->stmts)
    if (st.kind == ast::StmtKind::Metric && st.metric) return st.metric.get();
  return nullptr;
}

Program analyze(SourceManager& sm, const Unit& unit, const std::map<std::string, Schema>& data,
                const AnalyzeOptions& opts, Diagnostics& diags) {
  if (unit.files.empty()) return Program{};
  Definitions defs(unit, diags);
  std::vector<bool> unknown_ok;
  std::vector<Source> sources = bind_sources(unit, data, opts.allow_unknown_columns, unknown_ok, diags);
  ProgramBuilder builder(defs, std::move(sources), std::move(unknown_ok), diags);

  std::vector<std::unique_ptr<ast::File>> cli_files;
  std::vector<ExtraDim> extra;
  for (const auto& text : opts.extra_by) {
    const ast::MetricDef* m = parse_cli(sm, "--by", "cli = count() by " + text, cli_files, diags);
    if (m && m->by.size() == 1 && m->by[0].expr) extra.push_back({m->by[0].expr.get(), m->by[0].alias});
    else if (m) diags.error(DiagCode::bad_dimension, m->range, fmt::format("`--by {}` is not one dimension", text));
  }
  builder.set_extra_dims(std::move(extra));
  if (!opts.extra_where.empty()) {
    const ast::MetricDef* m = parse_cli(sm, "--where", "cli = count() where " + opts.extra_where, cli_files, diags);
    if (m && m->where) builder.set_extra_where(m->where.get());
  }
  std::vector<int> roots;
  for (size_t i = 0; i < defs.metrics.size(); ++i)
    if (defs.metrics[i].from_main) roots.push_back(static_cast<int>(i));
  return builder.build(roots);
}

}  // namespace kpic::sema
