// Plan IR -> LLVM IR: one fused kernel per pass (reads only the plan's IR nodes, never sema) (runtime/exec/kernel_abi.h gives its signature).
//
// A kernel loops over the rows of a batch once: it evaluates the pass's `where`, its group keys (and
// finds the group's state block through kpic_rt_group), then, for every aggregate state of every metric
// of the pass, the aggregate's inner filter, its argument and the state update. Values travel with a
// validity flag (SQL nulls); integer overflow stores an error in the context and stops the batch;
// division by zero gives null. String values are global string ids (see Plan::strings), so string
// equality and `in [...]` compare integers.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "compiler/plan/ir.h"

namespace llvm {
class LLVMContext;
class Module;
}  // namespace llvm

namespace kpic::codegen {

struct KernelModule {
  std::unique_ptr<llvm::LLVMContext> context;
  std::unique_ptr<llvm::Module> module;
  std::vector<std::string> kernel_names;  // indexed by pass id: "kpic_pass_<id>"
};

// `reuse_rows`: kernels keep the previous row's group and calendar bucket and reuse them for a row with
// the same keys and day (large inputs, usually in time order). Off for small inputs, whose scans take
// less than the extra code costs to compile.
//
// The plan is valid by construction: a construct the code generator cannot emit is a kpic bug
// (an InternalError, runtime/base/check.h).
KernelModule build_kernels(const plan::Plan& plan, bool reuse_rows = true);

// The module serialised (unoptimised bitcode; deterministic), used as the compiled-code cache key.
std::string module_text(const llvm::Module& m);

}  // namespace kpic::codegen
