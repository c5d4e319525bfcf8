// The one class that owns LLVM's ORC JIT (modelled on LLVM's KaleidoscopeJIT): an LLJIT for the host,
// a short optimising IR pipeline (SROA, EarlyCSE, InstCombine, SimplifyCFG) that runs before object
// emission, and one resource tracker per loaded program. Compilation produces an object file so that
// compiled code can be cached on disk (code_cache.h) and loaded again without running LLVM's optimiser
// or code generator.
// LLVM-version details stay in jit.cc.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace llvm {
class Module;
}

namespace kpic::jit {

class Jit {
 public:
  // nullptr with `error` set when the host target cannot be initialised. Cheap: the target machine and
  // the LLJIT are built on first use.
  static std::unique_ptr<Jit> create(std::string& error);
  ~Jit();

  // "cpu-name +feature,..." of the host: part of the compiled-code cache key.
  const std::string& cpu_key() const;

  // Symbols the compiled code may call (runtime helpers), by C name.
  void define_symbols(const std::vector<std::pair<std::string, void*>>& symbols);

  // Verifies `m` (an invalid module is an internal error), optimises it (for the host CPU) and emits an
  // object file. When `optimized_ir` is non-null it receives the optimised IR as text.
  bool compile(llvm::Module& m, std::string& object, std::string* optimized_ir, std::string& error);

  // Loads an object file under a new resource tracker (kept until the Jit is destroyed) and looks up
  // `names`; addresses[i] is the address of names[i].
  bool load(const std::string& object, const std::vector<std::string>& names, std::vector<void*>& addresses,
            std::string& error);

 private:
  struct Impl;
  explicit Jit(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kpic::jit
