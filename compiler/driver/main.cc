// kpic: the command-line entry point. Only dispatch lives here; each subcommand is its own file.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <new>
#include <pthread.h>
#include <unistd.h>
#include <string>

#include "compiler/diag/internal_error.h"
#include "compiler/driver/atomic_write.h"
#include "compiler/driver/commands.h"
#include "compiler/sema/frontend.h"

namespace {

// Everything a command printed must have arrived: a write error on stdout (a full disk, /dev/full)
// is an error, exit 1, never a silent truncation.
int checked_exit(int code) {
  std::string error = kpic::driver::finish_stdout();
  if (error.empty()) return code;
  std::fprintf(stderr, "kpic: cannot write to standard output: %s\n", error.c_str());
  return code == 0 ? 1 : code;
}

// Input nested as deeply as the parser's limits allow (ParseLimits: 200 levels of brackets and operators,
// 1000 `if` arms) is walked recursively by every phase; the main thread's 8 MiB is enough without
// sanitizers but not by a wide margin. kpic runs on a thread with a 256 MiB stack (only reserved: pages
// are touched as used), so no accepted input comes near a stack overflow.
template <class F>
int run_on_big_stack(F&& body) {
  struct Call {
    F* body;
    int result;
  } call{&body, 0};
  pthread_attr_t attr;
  pthread_t thread;
  bool ok = pthread_attr_init(&attr) == 0 && pthread_attr_setstacksize(&attr, size_t{256} << 20) == 0 &&
            pthread_create(
                &thread, &attr,
                [](void* p) -> void* {
                  auto* c = static_cast<Call*>(p);
                  c->result = (*c->body)();
                  return nullptr;
                },
                &call) == 0;
  pthread_attr_destroy(&attr);
  if (!ok) return body();  // no thread: the ordinary stack
  pthread_join(thread, nullptr);
  return call.result;
}

int kpic_main(int argc, char** argv);

}  // namespace

int main(int argc, char** argv) {
  int rc = run_on_big_stack([&] { return kpic_main(argc, argv); });
#ifndef __SANITIZE_ADDRESS__
  // Static destructors (LLVM's options and JIT, ANTLR's caches) would only free memory that exit gives
  // back anyway: skipped, ~1.5 ms of every run. Every command has finished its output (checked_exit);
  // the C streams are flushed here. Sanitizer builds exit normally, for the leak check.
  std::fflush(nullptr);
  _exit(rc);
#else
  return rc;
#endif
}

namespace {

int kpic_main(int argc, char** argv) {
  CLI::App app{"kpic — a compiler for business KPIs", "kpic"};
  app.set_version_flag("--version", std::string("kpic ") + KPIC_VERSION);
  app.require_subcommand(1);
  int exit_code = 0;
  // A flag of every command that loads .kpi files (CLI11 lets it follow the subcommand).
  app.add_flag_callback(
      "--allow-outside-imports", [] { kpic::sema::LoadOptions::set_outside_imports_allowed(true); },
      "let `import \"path\"` name any file, also outside the project folder (trusted definitions only)");
  app.fallthrough();
  kpic::driver::add_check_command(app, exit_code);
  kpic::driver::add_fmt_command(app, exit_code);
  kpic::driver::add_schema_command(app, exit_code);
  kpic::driver::add_run_command(app, exit_code);
  kpic::driver::add_test_command(app, exit_code);
  kpic::driver::add_doc_command(app, exit_code);
  kpic::driver::add_diff_command(app, exit_code);
  kpic::driver::add_report_command(app, exit_code);
  kpic::driver::add_sql_command(app, exit_code);
  kpic::driver::add_lsp_command(app, exit_code);
  kpic::driver::add_debug_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return checked_exit(code == 0 ? 0 : 2);  // bad usage is exit code 2
  } catch (const std::bad_alloc&) {
    // Never an internal error: the input (or the data) needs more memory than kpic may use.
    std::string cmd;
    for (const CLI::App* sub : app.get_subcommands()) cmd = sub->get_name();
    std::fprintf(stderr,
                 "kpic%s%s: error[KP0907]: out of memory: kpic needed more memory than it may use\n"
                 "help: check the memory limit (`ulimit -v`, the container's limit); for `run`, fewer `--threads`, "
                 "fewer metrics at a time (`--metric`) or fewer distinct groups use less\n",
                 cmd.empty() ? "" : " ", cmd.c_str());
    return 1;
  } catch (const std::exception& e) {
    // A broken invariant (KPIC_CHECK's InternalError) or any other exception no command turned into a
    // diagnostic: a bug in kpic, exit code 3.
    std::fflush(stdout);
    return kpic::report_internal_error(e, stderr);
  }
  return checked_exit(exit_code);
}

}  // namespace
