// Step 2 of the front end: bind schemas to sources and build the typed Program.
#include <cctype>
#include <set>
#include <tuple>
#include <fmt/format.h>

#include "compiler/sema/expr_checker.h"
#include "compiler/sema/frontend.h"
#include "compiler/sema/calendar.h"
#include "compiler/sema/program_builder.h"
#include "compiler/sema/relations.h"
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
      // Located at the column's line in the `source` block, with the nearest column of the data.
      for (size_t k = 0; k < info.schema.fields.size(); ++k) {
        const Field& f = info.schema.fields[k];
        SourceRange at = k < info.column_ranges.size() ? info.column_ranges[k] : info.range;
        int i = s.schema.find(f.name);
        if (i < 0) {
          auto& d = diags.error(DiagCode::bad_schema, at,
                                fmt::format("source `{}` declares column `{}`, which its data does not have",
                                            info.name, f.name));
          std::vector<std::string> names;
          for (const auto& df : s.schema.fields) names.push_back(df.name);
          std::string near = nearest_name(f.name, names);
          if (!near.empty()) d.help = fmt::format("the data has `{}`", near);
        } else if (s.schema.fields[i].type != f.type &&
                   !(f.type == ValueType::Float && s.schema.fields[i].type == ValueType::Int)) {
          diags.error(DiagCode::bad_schema, at,
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
  bind_relations(unit, out, diags);
  return out;
}

// Parses the text of a command-line option (`--by month(ts) as m`, `--where region == "eu"`) as one
// expression, added to `sm` under the option's name so that diagnostics point into it.
static ast::ExprPtr parse_cli(SourceManager& sm, const std::string& label, const std::string& text, Diagnostics& diags) {
  FileId id = sm.add(label, text);
  return syntax::parse_expression(sm, id, diags);
}

// Splits `month(ts) as m` into the expression text and the alias.
static std::pair<std::string, std::string> split_alias(const std::string& text) {
  size_t at = text.rfind(" as ");
  if (at == std::string::npos) return {text, ""};
  std::string alias = text.substr(at + 4);
  while (!alias.empty() && alias.back() == ' ') alias.pop_back();
  while (!alias.empty() && alias.front() == ' ') alias.erase(0, 1);
  for (char c : alias)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return {text, ""};
  return {text.substr(0, at), alias};
}

// A template checks its body once per use of a parameter: `fn f(x) = sum(x) + avg(x)` called with a
// misspelt column would report it twice. One diagnostic per (severity, code, location) is kept, the first.
static void drop_repeats(Diagnostics& diags) {
  std::set<std::tuple<int, int, FileId, uint32_t, uint32_t>> seen;
  Diagnostics kept;
  for (const auto& d : diags.list()) {
    if (d.range.valid() && !seen.insert({static_cast<int>(d.severity), static_cast<int>(d.code), d.range.file,
                                         d.range.begin, d.range.end})
                               .second)
      continue;
    kept.add(d);
  }
  diags = std::move(kept);
}

Program analyze(SourceManager& sm, const Unit& unit, const std::map<std::string, Schema>& data,
                const AnalyzeOptions& opts, Diagnostics& diags) {
  if (unit.files.empty()) return Program{};
  Definitions defs(unit, diags);
  defs.check_template_calls(diags);
  std::vector<bool> unknown_ok;
  std::vector<Source> sources = bind_sources(unit, data, opts.allow_unknown_columns, unknown_ok, diags);
  ProgramBuilder builder(defs, std::move(sources), std::move(unknown_ok), diags);

  std::vector<ast::ExprPtr> cli_exprs;  // kept alive while the builder refers to them
  std::vector<ExtraDim> extra;
  for (const auto& text : opts.extra_by) {
    auto [expr_text, alias] = split_alias(text);
    if (auto e = parse_cli(sm, "--by", expr_text, diags)) {
      if (alias.empty() && is_computed_dimension(*e)) {
        auto& d = diags.error(DiagCode::bad_dimension, e->range, "a computed `--by` dimension needs a name");
        d.help = "name its output column with ` as NAME` at the end: `--by 'hour(ts) as hour'`";
        continue;
      }
      extra.push_back({e.get(), alias});
      cli_exprs.push_back(std::move(e));
    }
  }
  builder.set_extra_dims(std::move(extra));
  if (!opts.extra_where.empty()) {
    if (auto e = parse_cli(sm, "--where", opts.extra_where, diags)) {
      builder.set_extra_where(e.get());
      cli_exprs.push_back(std::move(e));
    }
  }
  std::vector<int> roots;
  for (size_t i = 0; i < defs.metrics.size(); ++i)
    if (defs.metrics[i].from_main) roots.push_back(static_cast<int>(i));
  Program program = builder.build(roots);
  program.calendar = resolve_calendar(unit, diags);
  drop_repeats(diags);
  return program;
}

}  // namespace kpic::sema
