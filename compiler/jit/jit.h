// The one class that owns LLVM's ORC JIT (modelled on LLVM's KaleidoscopeJIT): an LLJIT for the host,
// a short optimising IR pipeline (SROA, EarlyCSE, InstCombine, SimplifyCFG) that runs before object
// emission, and one resource tracker per loaded program. Compilation produces an object file so that
// compiled code can be cached on disk (code_cache.h) and loaded again without running LLVM's optimiser
// or code generator.
// LLVM-version details stay in jit.cc.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace llvm {
class Module;
}

namespace kpic::jit {

// An object file that cannot be loaded: LLVM's message.
class LoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// How hard the code generator works. Quick (CodeGenOptLevel::None: FastISel, fast register allocation)
// emits code in about half the time of Full (CodeGenOptLevel::Less; ~10 ms less per example file) but its
// kernels take up to twice the CPU time, which is ~30 ms of scan per million rows for the larger example
// files: level_for_rows() picks Quick below kQuickBelowRows rows in all, roughly where the two break even.
enum class CodeLevel { Quick, Full };

class Jit {
 public:
  static constexpr int64_t kQuickBelowRows = 500'000;
  // The level for a program whose sources hold `rows` rows in all.
  static CodeLevel level_for_rows(int64_t rows) { return rows < kQuickBelowRows ? CodeLevel::Quick : CodeLevel::Full; }

  // The JIT for the host. Cheap: the target machine and the LLJIT are built on first use. A host target
  // that cannot be initialised (kpic runs on the host it was built for) is an InternalError.
  static std::unique_ptr<Jit> create();
  ~Jit();

  // "cpu-name +feature,... triple pipeline level" of the host and the code generator's settings at
  // `level`: part of the compiled-code cache key.
  std::string cpu_key(CodeLevel level) const;

  // Builds now what compile() and load() would build on first use: the quick level's target machine and
  // the LLJIT (with the symbols defined so far). Lets a caller start the JIT on another thread while it
  // parses; calling it twice, or before or after compile(), changes nothing.
  void prepare();
  // Builds what the first compile() at the quick level would build before its code generator runs (the
  // host subtarget, ~2 ms). Only worth it when a compile is likely: a caller whose kernels come from the
  // compiled-code cache needs just prepare().
  void prepare_codegen();

  // Symbols the compiled code may call (runtime helpers), by C name.
  void define_symbols(const std::vector<std::pair<std::string, void*>>& symbols);

  // Verifies `m`, optimises it (for the host CPU) and returns the object file the code generator emits at
  // `level`. When `optimized_ir` is non-null it receives the optimised IR as text. The module is built by
  // codegen and valid by construction: an invalid one, or a target that cannot emit it, is an InternalError.
  std::string compile(llvm::Module& m, CodeLevel level, std::string* optimized_ir);

  // Loads an object file under a new resource tracker (kept until the Jit is destroyed) and returns the
  // address of each of `names`, in order. Throws LoadError when the object cannot be linked or lacks a
  // name: the one failure a caller may recover from (an object read from the compiled-code cache that
  // another build of kpic wrote); for an object compile() just returned it is a kpic bug.
  std::vector<void*> load(const std::string& object, const std::vector<std::string>& names);

 private:
  struct Impl;
  explicit Jit(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kpic::jit
