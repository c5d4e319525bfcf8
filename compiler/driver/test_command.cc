// `kpic test [FILE...]`: runs the `test "name" { given ... expect ... }` blocks of .kpi files.
//
// Files: the ones given (a folder stands for every .kpi file under it), else every .kpi file under the
// current directory (recursively, hidden folders skipped), in sorted order. A file with no `test "` block
// is skipped; finding no test at all is an error (exit 1), so CI never passes on nothing. The session
// (session.h, test_session) loads each file and types the `given` columns of a source without a schema
// block by its bound data file when it can be read; for each test, sema builds a Program from the file's
// metrics and the test's local ones (sema::analyze_tests), the `given` rows
// become MemoryTable readers, the engine evaluates them exactly as `kpic run` evaluates files, and every
// `expect` is compared (output/test_report.h). Output on stdout: one `PASS file: name` / `FAIL file:
// name` line per test in file order, the expected/actual report under each failed expectation, and
// `N passed, N failed`. Diagnostics (tests that do not type-check, run-time errors) go to stderr.
// Exit 1 when a test fails or a file has errors, else 0.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <iostream>
#include <map>
#include <memory>
#include <regex>

#include "compiler/diag/render.h"
#include "compiler/diag/terminal_color.h"
#include "compiler/driver/catalog_files.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/session.h"
#include "compiler/engine/evaluate.h"
#include "compiler/driver/output/format_results.h"
#include "compiler/driver/output/test_report.h"
#include "compiler/driver/output/text_table.h"
#include "compiler/sema/frontend.h"
#include "runtime/readers/memory_table.h"

namespace kpic::driver {

namespace {

namespace fs = std::filesystem;

struct TestArgs {
  std::vector<std::string> files;
  std::string target;  // --target NAME (kpic.toml)
  bool no_cache = false;
};

struct Tally {
  int passed = 0;
  int failed = 0;
  bool errors = false;  // a file that does not load, or diagnostics outside any test
  bool usage = false;   // a --target that cannot be used (exit 2)
};

// The names of the lines that start a test block (`test "name"`), read from the text: the tests a
// file means to have even when it does not parse. Unreadable files count as having one (unnamed), so
// that loading them reports the error.
std::vector<std::string> test_lines(const std::string& path) {
  std::string text, error;
  if (!syntax::read_source_file(path, text, error)) return {""};
  std::istringstream in(text);
  static const std::regex kTestLine(R"re(^[ \t]*test[ \t]+"([^"]*)")re");
  std::vector<std::string> names;
  std::string line;
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_search(line, m, kTestLine)) names.push_back(m[1].str());
  }
  return names;
}

class TestRunner {
 public:
  TestRunner(const TestArgs& args, Tally& tally)
      : args_(args), tally_(tally), color_(use_color(stdout)), diag_color_(use_color(stderr)) {}

  void run_file(const std::string& path);

 private:
  // Runs one test; returns the report of its failures ("" when it passes).
  std::string run_test(const SourceManager& sm, const sema::TestCase& tc, Diagnostics& diags);
  void print_diags(const SourceManager& sm, Diagnostics& diags) {
    if (diags.size() == 0) return;
    diags.sort();
    std::cout.flush();
    std::cerr << render_all(sm, diags, {diag_color_});
    std::cerr.flush();
  }
  void print_result(const std::string& path, const std::string& name, const std::string& report) {
    bool ok = report.empty();
    (ok ? tally_.passed : tally_.failed)++;
    std::cout << output::paint(ok ? "PASS" : "FAIL", ok ? output::Style::Green : output::Style::Red, color_) << " "
              << path << ": " << name << "\n"
              << report;
  }

  const TestArgs& args_;
  Tally& tally_;
  bool color_;
  bool diag_color_;
};

void TestRunner::run_file(const std::string& path) {
  std::vector<std::string> written = test_lines(path);
  if (written.empty()) return;
  Session s;
  sema::Unit unit;
  std::vector<sema::TestCase> tests;
  SessionRequest req;
  req.file = path;
  req.target = args_.target;
  TestSessionStatus status = test_session(req, s, unit, tests);
  SourceManager& sm = s.sm;
  Diagnostics& diags = s.diags;
  // The test blocks of the main file, as written, to report those that do not type-check.
  std::vector<const ast::TestBlock*> blocks;
  if (!unit.files.empty()) {
    for (const ast::Stmt& stmt : unit.files[0].ast.stmts) {
      if (stmt.kind == ast::StmtKind::Test && stmt.test) blocks.push_back(stmt.test.get());
    }
  }
  if (status == TestSessionStatus::file_errors) {
    print_diags(sm, diags);
    if (blocks.empty()) {  // the parser could not recover them: report the tests the text names
      tally_.errors = true;
      for (const std::string& name : written) {
        if (!name.empty()) print_result(path, name, "  (the file has errors: see above)\n");
      }
      return;
    }
    for (const ast::TestBlock* b : blocks) print_result(path, b->name, "  (the file has errors: see above)\n");
    return;
  }
  if (status == TestSessionStatus::usage) {
    tally_.usage = true;
    return;
  }
  if (status == TestSessionStatus::project_errors) {
    print_diags(sm, diags);
    tally_.errors = true;
    for (const ast::TestBlock* b : blocks) print_result(path, b->name, "  (kpic.toml has errors: see above)\n");
    return;
  }
  print_diags(sm, diags);
  if (diags.has_errors() && tests.size() == blocks.size()) tally_.errors = true;  // errors outside tests
  std::map<uint32_t, const sema::TestCase*> by_offset;
  for (const sema::TestCase& tc : tests) by_offset[tc.range.begin] = &tc;
  for (const ast::TestBlock* b : blocks) {
    auto it = by_offset.find(b->range.begin);
    if (it == by_offset.end()) {
      print_result(path, b->name, "  (does not type-check: see the errors above)\n");
      continue;
    }
    Diagnostics run_diags;
    std::string report = run_test(sm, *it->second, run_diags);
    print_result(path, it->second->name, report);
    print_diags(sm, run_diags);
    by_offset.erase(it);
  }
  for (const auto& [offset, tc] : by_offset) {  // tests sema found that the AST walk did not
    Diagnostics run_diags;
    print_result(path, tc->name, run_test(sm, *tc, run_diags));
    print_diags(sm, run_diags);
  }
}

std::string TestRunner::run_test(const SourceManager& sm, const sema::TestCase& tc, Diagnostics& diags) {
  const sema::Program& program = tc.program;
  std::vector<std::unique_ptr<TableReader>> owned;
  std::vector<const TableReader*> readers(program.sources.size(), nullptr);
  for (size_t s = 0; s < program.sources.size() && s < tc.given.size(); ++s) {
    if (s >= tc.rows.size() || tc.rows[s] == 0) continue;  // no rows: the engine evaluates over none
    try {
      owned.push_back(std::make_unique<MemoryTable>(program.sources[s].schema, tc.given[s],
                                                    "given " + program.sources[s].name));
    } catch (const DataError& e) {
      return "  given " + program.sources[s].name + ": " + e.message + "\n";
    }
    readers[s] = owned.back().get();
  }
  engine::EvaluateOptions opts;
  opts.threads = 1;  // a handful of rows: threads would only add start-up time
  opts.use_cache = !args_.no_cache;
  opts.include_imported = true;
  RunResult result = engine::evaluate(program, readers, opts, diags);
  if (diags.has_errors()) return "  evaluation failed: see the errors below\n";

  std::string report;
  for (const sema::TestCase::Expect& e : tc.expects) {
    const std::string& metric = program.metrics[static_cast<size_t>(e.metric)].name;
    auto found = std::find_if(result.metrics.begin(), result.metrics.end(),
                              [&](const MetricResult& m) { return m.name == metric; });
    output::ExpectCheck check = output::check_expect(metric, e.op, e.is_list, e.values,
                                                     found == result.metrics.end() ? nullptr : &*found);
    if (check.ok) continue;
    std::string where;
    if (e.range.valid()) {
      LineCol lc = sm.line_col(e.range.file, e.range.begin);
      where = sm.name(e.range.file) + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.col) + ": " +
              std::string(sm.slice(e.range));
    } else {
      where = "expect " + metric;
    }
    report += "  " + where + "\n" + check.report;
  }
  return report;
}

}  // namespace

void add_test_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<TestArgs>();
  auto* cmd = app.add_subcommand("test", "Run the `test` blocks of .kpi files");
  cmd->add_option("files", args->files, "Files to test (default: every .kpi file under the current directory)");
  cmd->add_option("--target", args->target, "Type `given` columns by the data of [targets.NAME] in kpic.toml");
  cmd->add_flag("--no-cache", args->no_cache, "Do not read or write the compiled-code cache");
  cmd->callback([args, &exit_code] {
    std::vector<std::string> files;
    for (const std::string& f : args->files.empty() ? std::vector<std::string>{"."} : args->files) {
      std::error_code ec;
      if (!fs::is_directory(f, ec)) {
        files.push_back(f);  // a missing file is reported when it is loaded
        continue;
      }
      for (std::string& k : find_kpi_files(f)) files.push_back(std::move(k));
    }
    Tally tally;
    TestRunner runner(*args, tally);
    for (const std::string& f : files) runner.run_file(f);
    // A --target that cannot be used stops before any test: no tally that reads like a run.
    if (!tally.usage || tally.passed + tally.failed > 0) {
      std::cout << tally.passed << " passed, " << tally.failed << " failed\n";
      std::cout.flush();
    }
    exit_code = tally.usage ? 2 : (tally.failed > 0 || tally.errors) ? 1 : 0;
    if (tally.passed + tally.failed == 0 && !tally.errors && !tally.usage) {
      std::string where;
      for (const std::string& f : args->files.empty() ? std::vector<std::string>{"."} : args->files)
        where += (where.empty() ? "" : ", ") + f;
      std::fprintf(stderr, "kpic test: no test found in %s (%zu .kpi file%s, none with a `test \"...\"` block)\n",
                   where.c_str(), files.size(), files.size() == 1 ? "" : "s");
      exit_code = 1;
    }
  });
}

}  // namespace kpic::driver
