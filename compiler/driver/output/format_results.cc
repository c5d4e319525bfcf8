#include "compiler/driver/output/format_results.h"

namespace kpic::output {

std::optional<Format> parse_format(std::string_view name) {
  if (name == "table") return Format::Table;
  if (name == "json") return Format::Json;
  if (name == "csv") return Format::Csv;
  if (name == "markdown" || name == "md") return Format::Markdown;
  return std::nullopt;
}

std::string format_results(const sema::Program& program, const RunResult& result, const OutputOptions& opts) {
  switch (opts.format) {
    case Format::Json: return format_json(result, &program);
    case Format::Csv: return format_csv(result);
    case Format::Markdown: return format_markdown(program, result, opts.describe);
    case Format::Table: break;
  }
  return format_table(program, result, opts.describe, opts.color, opts.list_missed);
}

}  // namespace kpic::output
