// The engine's one entry point: a typed Program plus one TableReader per source in, results out.
//
// evaluate() plans the program (compiler/plan), generates one fused kernel per pass (compiler/codegen),
// JIT-compiles them or loads them from the compiled-code cache (compiler/jit), streams every source's
// chunks through the kernels on N threads (runtime/exec) and evaluates the post-aggregate steps
// (composition, `per`, `prev`/`growth`/`running_sum`). Run-time errors (overflow, bad data, a data type
// that contradicts the schema) are reported to `diags` with the metric's or source's name; evaluate()
// never throws on bad input and returns an empty RunResult when `diags` has errors.
#pragma once

#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/sema/program.h"
#include "runtime/column/table_reader.h"
#include "runtime/exec/result.h"

namespace kpic::engine {

struct EvaluateOptions {
  int threads = 0;             // 0 = all cores
  bool use_cache = true;       // false: --no-cache (neither read nor write the compiled-code cache)
  std::string cache_dir;       // "" = $XDG_CACHE_HOME/kpic or ~/.cache/kpic
  std::vector<std::string> only_metrics;  // --metric: evaluate (and return) only these and their deps
  bool include_imported = false;          // return metrics with from_main_file=false too
  bool progress = false;                  // progress line on stderr for long scans (set when a terminal)
  // The bytes aggregate state may hold (--memory-limit; 0: no limit). Unset: $KPIC_MEMORY_LIMIT if set,
  // else 60% of the machine's memory (runtime/exec/memory_budget.h).
  std::optional<size_t> memory_limit;
};

// Starts the JIT (host target, code generator, linker) on another thread for as long as it lives, so that
// it is ready when the caller has parsed and checked its program; evaluate() waits for it if it is not.
// Joined when destroyed. Cold `kpic run` saves the JIT's start-up (~1 ms) and, when the caller is still
// parsing after it, the code generator's (~2 ms) on a machine with a free core.
class JitWarmUp {
 public:
  JitWarmUp();
  ~JitWarmUp();
  JitWarmUp(const JitWarmUp&) = delete;
  JitWarmUp& operator=(const JitWarmUp&) = delete;

 private:
  std::thread thread_;
};

// readers[i] is the data of program.sources[i] (nullptr when the source has no data: its metrics are
// then evaluated over no rows). Result metrics: the main file's metrics in file order (or only_metrics).
RunResult evaluate(const sema::Program& program, const std::vector<const TableReader*>& readers,
                   const EvaluateOptions& opts, Diagnostics& diags);

// The metrics evaluate() returns, as indices into program.metrics: `only_metrics` in order (an unknown
// name is a KP0802 error in `diags`, with the nearest name), else the main file's (and, `include_imported`,
// the imported ones). Other backends (kpic run --engine) select as evaluate() does.
std::vector<int> select_metrics(const sema::Program& program, const std::vector<std::string>& only_metrics,
                                bool include_imported, Diagnostics& diags);

struct ExplainOptions {
  bool ir = false;  // append the optimised LLVM IR of every kernel
};

// `kpic explain`: the plan (passes, the metrics merged into each, aggregate states, chunks skipped by
// statistics) as text; with opts.ir the optimised IR.
std::string explain(const sema::Program& program, const std::vector<const TableReader*>& readers,
                    const ExplainOptions& opts, Diagnostics& diags);

}  // namespace kpic::engine
