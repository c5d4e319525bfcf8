// The metric catalog behind `kpic doc`: what a set of .kpi files defines (sources, metrics, templates)
// with their descriptions, units, targets and owners, built from the AST alone (no type checking), and
// rendered as Markdown or as a standalone HTML page. docs/stdlib.md is this catalog of the standard library.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/syntax/ast.h"

namespace kpic::stdlib {

struct CatalogEntry {
  enum class Kind { Source, Metric, Template };
  Kind kind = Kind::Metric;
  std::string name;
  std::string signature;   // templates: "arpu(revenue, user)"
  std::string definition;  // the statement as written, whitespace collapsed ("nps = nps(nps_score) by region")
  std::string doc;         // the `##` description ('\n' between lines)
  std::string unit, target, owner;  // "usd", ">= 20", "growth"; empty when absent
  std::string inherited_from;       // a metric that is one template call: the template's module, when
                                    // its description or unit came from there
  std::vector<std::string> by;      // metrics: dimension names
  std::string data;                 // sources: default path; schema as "col type, ..." in `columns`
  std::string columns;
  int tests = 0;                    // templates: test blocks of the file calling it directly
  int line = 0;
};

struct CatalogSection {
  std::string title;  // "std.revenue", or the file's name
  std::string intro;  // the file's leading `#` comment lines
  std::vector<CatalogEntry> entries;
  std::vector<std::string> tests;  // names of the file's test blocks
};

struct Catalog {
  std::string title;
  std::string preface;  // Markdown paragraph(s) under the title
  std::vector<CatalogSection> sections;
};

// Templates a file can call, by name: its own and those of the standard modules it imports (directly or
// through `import std`). Used to give a metric that is one template call the template's doc and unit.
using TemplateIndex = std::map<std::string, CatalogEntry>;

// One section from a parsed file. `templates` resolves metrics written as one template call.
CatalogSection make_section(const SourceManager& sm, const ast::File& file, std::string title,
                            const TemplateIndex& templates);

// The templates of the standard modules `file` imports (transitively). Parse errors in embedded modules
// go to `diags`.
TemplateIndex imported_templates(SourceManager& sm, const ast::File& file, Diagnostics& diags);

// The whole standard library as one catalog (every embedded module but `std` itself, in name order).
Catalog stdlib_catalog(SourceManager& sm, Diagnostics& diags);

// How many test blocks of `file` call each template directly (in local metrics).
std::map<std::string, int> template_test_counts(const ast::File& file);

// The `##` lines of a description as running text: a line that ends a sentence ('.' or ':') is followed by
// `line_break`, other lines continue the sentence (joined with a space); every other character goes
// through `escape`.
std::string join_doc_lines(std::string_view doc, std::string_view line_break,
                           const std::function<std::string(char)>& escape);

std::string render_markdown(const Catalog& catalog);
std::string render_html(const Catalog& catalog);

}  // namespace kpic::stdlib
