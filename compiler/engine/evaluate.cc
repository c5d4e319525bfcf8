// evaluate / explain: plan -> kernels (cached) -> scans -> post-aggregate steps. See evaluate.h.
#include "compiler/engine/evaluate.h"

#include <llvm/IR/Module.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <atomic>
#include <mutex>
#include <system_error>
#include <string_view>
#include <thread>

#include "compiler/codegen/kernel_builder.h"
#include "compiler/engine/metric_eval.h"
#include "compiler/engine/scan_plan.h"
#include "compiler/jit/code_cache.h"
#include "compiler/jit/jit.h"
#include "runtime/exec/memory_budget.h"
#include "compiler/plan/plan.h"
#include "runtime/base/check.h"
#include "runtime/exec/chunk_filter.h"
#include "runtime/exec/kernel_abi.h"
#include "runtime/exec/lookup.h"
#include "runtime/exec/scanner.h"

namespace kpic::engine {
namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

std::mutex g_jit_mu;
std::atomic<bool> g_jit_wanted{false};  // compile() has started: JitWarmUp leaves the rest to it

jit::Jit& the_jit() {
  static std::unique_ptr<jit::Jit> jit;
  if (jit) return *jit;
  jit = jit::Jit::create();
  jit->define_symbols({
#define KPIC_RT_HELPER(name, ret, params) {#name, reinterpret_cast<void*>(&name)},
#include "runtime/exec/kernel_helpers.def"
  });
  return *jit;
}

// A damaged compiled-code cache entry was refused and removed: the kernels are compiled again.
void cache_note(Diagnostics& diags, const std::string& path, const std::string& why) {
  Diagnostic d;
  d.severity = Severity::Note;
  d.code = DiagCode::damaged_cache_entry;
  d.message = "compiled-code cache entry refused (" + why + "); removed, the kernels are compiled again";
  d.path = path;
  diags.add(std::move(d));
}

std::vector<int> wanted_metrics(const sema::Program& p, const std::vector<std::string>& only, bool imported,
                                Diagnostics& diags, std::vector<int>& shown) {
  std::vector<int> wanted;
  if (!only.empty()) {
    for (const auto& name : only) {
      int found = -1;
      for (size_t m = 0; m < p.metrics.size(); ++m)
        if (p.metrics[m].name == name && !p.metrics[m].unsplit_copy) found = static_cast<int>(m);
      if (found < 0) {
        std::vector<std::string> names;
        for (const auto& m : p.metrics) names.push_back(m.name);
        Diagnostic& d = diags.error(DiagCode::unknown_metric_option, SourceRange{}, "no metric named `" + name + "`");
        std::string near = nearest_name(name, names);
        if (!near.empty()) d.help = "did you mean `" + near + "`?";
        continue;
      }
      wanted.push_back(found);
      shown.push_back(found);
    }
    return wanted;
  }
  for (size_t m = 0; m < p.metrics.size(); ++m)
    if (p.metrics[m].from_main_file || imported) {
      wanted.push_back(static_cast<int>(m));
      shown.push_back(static_cast<int>(m));
    }
  return wanted;
}

// Plans and compiles the program (or loads its kernels from the cache).
struct Compiled {
  plan::Plan plan;
  std::vector<exec::KernelFn> kernels;
  bool cache_hit = false;
  std::string ir;
};

// All the rows the program's sources hold (the code generator's level depends on it).
int64_t total_rows(const std::vector<const TableReader*>& readers) {
  int64_t rows = 0;
  for (const TableReader* r : readers)
    if (r)
      for (int c = 0; c < r->num_chunks(); ++c) rows += r->chunk_rows(c);
  return rows;
}

// The code generator's level for these inputs: by their rows (Jit::level_for_rows), or `quick`/`full` from
// $KPIC_CODE_LEVEL (for tests, which compare the two on small data).
jit::CodeLevel code_level(const std::vector<const TableReader*>& readers) {
  if (const char* env = std::getenv("KPIC_CODE_LEVEL"); env && *env) {
    if (std::string_view(env) == "quick") return jit::CodeLevel::Quick;
    if (std::string_view(env) == "full") return jit::CodeLevel::Full;
  }
  return jit::Jit::level_for_rows(total_rows(readers));
}

bool compile(const sema::Program& p, const std::vector<int>& wanted, jit::CodeLevel level, bool use_cache,
             const std::string& cache_dir, bool want_ir, Compiled& out, Diagnostics& diags) {
  g_jit_wanted.store(true, std::memory_order_relaxed);
  out.plan = plan::build_plan(p, wanted);
  if (out.plan.passes.empty()) return true;
  codegen::KernelModule km = codegen::build_kernels(out.plan, level != jit::CodeLevel::Quick);
  std::lock_guard<std::mutex> lock(g_jit_mu);
  jit::Jit& jit = the_jit();
  std::string key = jit::CodeCache::key(codegen::module_text(*km.module) + "\n" + jit.cpu_key(level) + "\nkpic " +
                                        KPIC_VERSION + " abi " + std::to_string(exec::kKernelAbiVersion));
  jit::CodeCache cache(cache_dir);
  std::string object;
  if (use_cache && !want_ir) {
    jit::CacheLookup hit = cache.get(key);
    if (!hit.damaged.empty()) cache_note(diags, hit.path, hit.damaged);
    if (hit.object) {
      object = std::move(*hit.object);
      out.cache_hit = true;
    }
  }
  std::vector<void*> addrs;
  if (out.cache_hit) {
    try {
      addrs = jit.load(object, km.kernel_names);
    } catch (const jit::LoadError& e) {
      // Verified but not loadable (written by another build of kpic?): never trusted twice.
      cache_note(diags, cache.entry_path(key), std::string("it cannot be loaded: ") + e.what());
      cache.discard(key);
      out.cache_hit = false;
    }
  }
  if (!out.cache_hit) {
    // The module is valid by construction and the host target started: a failure is a kpic bug.
    object = jit.compile(*km.module, level, want_ir ? &out.ir : nullptr);
    if (use_cache) cache.put(key, object);
    try {
      addrs = jit.load(object, km.kernel_names);
    } catch (const jit::LoadError& e) {
      KPIC_UNREACHABLE("cannot load the kernels just compiled: ", e.what());
    }
  }
  for (void* a : addrs) out.kernels.push_back(reinterpret_cast<exec::KernelFn>(a));
  return true;
}

void report_scan(Diagnostics& diags, const exec::ScanError& e) {
  Diagnostic d;
  d.severity = Severity::Error;
  d.code = static_cast<DiagCode>(e.code);
  d.message = e.message;
  d.path = e.path;
  diags.add(std::move(d));
}

}  // namespace

JitWarmUp::JitWarmUp() {
  try {
    thread_ = std::thread([] {
      try {
        {
          std::lock_guard<std::mutex> lock(g_jit_mu);
          the_jit().prepare();
        }
        // The code generator's own start only while the caller is still parsing: a run whose kernels
        // come from the cache would otherwise wait for it.
        if (!g_jit_wanted.load(std::memory_order_relaxed)) {
          std::lock_guard<std::mutex> lock(g_jit_mu);
          the_jit().prepare_codegen();
        }
      } catch (...) {
        // Reported where the JIT is used: compile() meets the same failure on the caller's thread.
      }
    });
  } catch (const std::system_error&) {
    // No thread to spare: the JIT starts when it is first used, as without a warm-up.
  }
}

JitWarmUp::~JitWarmUp() {
  if (thread_.joinable()) thread_.join();
}

std::vector<int> select_metrics(const sema::Program& program, const std::vector<std::string>& only_metrics,
                                bool include_imported, Diagnostics& diags) {
  std::vector<int> shown;
  return wanted_metrics(program, only_metrics, include_imported, diags, shown);
}

RunResult evaluate(const sema::Program& program, const std::vector<const TableReader*>& readers,
                   const EvaluateOptions& opts, Diagnostics& diags) {
  RunResult result;
  std::vector<int> shown;
  std::vector<int> wanted = wanted_metrics(program, opts.only_metrics, opts.include_imported, diags, shown);
  if (diags.has_errors()) return result;
  auto t0 = Clock::now();
  Compiled c;
  jit::CodeLevel level = code_level(readers);
  if (!compile(program, wanted, level, opts.use_cache, opts.cache_dir, false, c, diags)) return result;
  result.timings.compile_ms = ms_since(t0);
  result.timings.cache_hit = c.cache_hit;

  auto t1 = Clock::now();
  exec::StringPool pool(c.plan.strings);
  exec::ScanPlan scan = scan_plan(program, c.plan);
  exec::ScanContext sc;
  sc.plan = &scan;
  sc.readers = readers;
  sc.readers.resize(program.sources.size(), nullptr);
  sc.kernels = c.kernels;
  sc.pool = &pool;
  sc.progress = opts.progress;
  sc.threads = opts.threads > 0 ? opts.threads : std::max(1u, std::thread::hardware_concurrency());
  // A testing knob: the groups a scan thread holds before a pass partitions them (docs/architecture.md).
  if (const char* after = std::getenv("KPIC_PARTITION_AFTER"); after && *after) {
    char* end = nullptr;
    unsigned long long n = std::strtoull(after, &end, 10);
    if (*end == '\0') sc.partition_after = static_cast<size_t>(n);
  }
  if (opts.memory_limit) {
    sc.memory_limit = *opts.memory_limit;
  } else if (const char* env = std::getenv("KPIC_MEMORY_LIMIT"); env && *env) {
    // Set by tests to force small inputs through the partitioned path; "none" turns the limit off.
    if (std::string_view(env) != "none") sc.memory_limit = exec::parse_memory_size(env).value_or(0);
  } else {
    sc.memory_limit = exec::default_memory_limit();
  }
  result.timings.memory_limit = sc.memory_limit;
  // A pass whose groups only `per`s walk, scanned in parts: each part is reduced into those pers, then
  // dropped, so that its groups never need to be held all at once (scan_plan.h: streamed_passes).
  PerPartials partials;
  int per_overflow = -1;  // a streamed pass whose `per` values overflowed (reported as run() would)
  sc.on_part = [&](int pass, int part, std::unique_ptr<exec::PassState>& state) {
    if (part == 0)  // the parts (re)start: drop what an abandoned round reduced
      for (size_t i = 0; i < c.plan.pers.size(); ++i)
        if (c.plan.pers[i].passes.size() == 1 && c.plan.pers[i].passes[0] == pass) partials.erase(static_cast<int>(i));
    std::vector<std::unique_ptr<exec::PassState>> one(c.plan.passes.size());
    one[static_cast<size_t>(pass)] = std::move(state);
    MetricEvaluator reduce(c.plan, one, pool);
    reduce.reduce_part(pass, partials);
    if (reduce.overflowed()) per_overflow = pass;
    state = std::move(one[static_cast<size_t>(pass)]);
  };
  sc.params.assign(c.plan.params.size(), 0);
  sc.param_valid.assign(c.plan.params.size(), 0);
  std::vector<std::unique_ptr<exec::PassState>> states(c.plan.passes.size());
  exec::ScanError err;
  if (!exec::materialize_lags(sc, err) || !exec::materialize_lookups(sc, err)) {
    report_scan(diags, err);
    return result;
  }
  // Stage by stage: after each, the kernel parameters that are now known (ungrouped aggregates used in
  // rows after stage 0, ungrouped metrics used as values after the stages that feed them).
  for (int stage = 0; stage <= c.plan.max_stage; ++stage) {
    if (!exec::run_stage(sc, stage, states, err)) {
      report_scan(diags, err);
      return result;
    }
    MetricEvaluator params(c.plan, states, pool);
    params.use_partials(&partials);
    for (size_t i = 0; i < c.plan.params.size(); ++i) {
      if (c.plan.param_stage[i] != stage) continue;
      Value v = params.param(static_cast<int>(i));
      sc.param_valid[i] = !v.is_null;
      if (v.type == ValueType::Float) std::memcpy(&sc.params[i], &v.f, 8);
      else if (v.type == ValueType::String) sc.params[i] = v.is_null ? -1 : pool.intern(v.s);  // kernels see ids
      else sc.params[i] = v.i;
    }
  }
  if (per_overflow >= 0) {
    const auto& names = c.plan.passes[static_cast<size_t>(per_overflow)].metrics;
    diags.error(DiagCode::overflow, SourceRange{},
                "integer overflow while computing metric `" + (names.empty() ? std::string("?") : names[0]) + "`");
    return result;
  }
  MetricEvaluator eval(c.plan, states, pool);
  eval.use_partials(&partials);
  if (!eval.run(diags)) return result;
  for (int m : shown) result.metrics.push_back(eval.result(m));
  result.timings.scan_ms = ms_since(t1);
  result.timings.scan_parts = sc.parts_used;
  return result;
}

std::string explain(const sema::Program& program, const std::vector<const TableReader*>& readers,
                    const ExplainOptions& opts, Diagnostics& diags) {
  std::vector<int> shown;
  std::vector<int> wanted = wanted_metrics(program, {}, false, diags, shown);
  Compiled c;
  jit::CodeLevel level = code_level(readers);
  if (!compile(program, wanted, level, false, "", opts.ir, c, diags)) return "";
  std::string out = plan::plan_text(c.plan);
  exec::ScanPlan scan = scan_plan(program, c.plan);
  for (size_t s = 0; s < program.sources.size() && s < readers.size(); ++s) {
    if (!readers[s]) continue;
    int chunks = readers[s]->num_chunks(), skipped = 0;
    std::string per_pass;
    for (const auto& pass : scan.passes) {
      if (pass.source != static_cast<int>(s)) continue;
      int n = 0;
      for (int k = 0; k < chunks; ++k) n += exec::chunk_excluded(pass.prune, *readers[s], k);
      if (n) per_pass += "  pass " + std::to_string(pass.id) + " skips " + std::to_string(n) + " chunk(s) by statistics\n";
    }
    for (int k = 0; k < chunks; ++k) {
      bool all = true, any = false;
      for (const auto& pass : scan.passes)
        if (pass.source == static_cast<int>(s)) {
          any = true;
          all = all && exec::chunk_excluded(pass.prune, *readers[s], k);
        }
      skipped += any && all;
    }
    out += "data " + program.sources[s].name + ": " + std::to_string(chunks) + " chunk(s), " +
           std::to_string(skipped) + " skipped by statistics\n" + per_pass;
  }
  if (opts.ir) out += "\n" + c.ir;
  return out;
}

}  // namespace kpic::engine
