// The subcommands of `kpic`. Each registers itself on the CLI11 app; when the user runs it, its
// callback stores the process exit code in `exit_code` (0 ok, 1 diagnostics / failed checks, 2 usage).
#pragma once

namespace CLI {
class App;
}

namespace kpic::driver {

void add_check_command(CLI::App& app, int& exit_code);    // check_command.cc
void add_fmt_command(CLI::App& app, int& exit_code);      // fmt_command.cc
void add_schema_command(CLI::App& app, int& exit_code);   // schema_command.cc
void add_run_command(CLI::App& app, int& exit_code);      // run_command.cc (run and explain)
void add_test_command(CLI::App& app, int& exit_code);     // test_command.cc
void add_doc_command(CLI::App& app, int& exit_code);      // doc_command.cc
void add_diff_command(CLI::App& app, int& exit_code);     // diff_command.cc
void add_report_command(CLI::App& app, int& exit_code);   // report_command.cc
void add_sql_command(CLI::App& app, int& exit_code);      // sql_command.cc (SQL lowering)
void add_lsp_command(CLI::App& app, int& exit_code);      // lsp_command.cc (language server)
void add_debug_command(CLI::App& app, int& exit_code);    // debug_command.cc (hidden: AST and program dumps)

}  // namespace kpic::driver
