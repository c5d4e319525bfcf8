// Quick code generation (CodeLevel::Quick) selects instructions with LLVM's FastISel, which falls back
// to the much slower SelectionDAG for the rest of a basic block as soon as it meets an instruction it
// cannot select. The kernels' only such instructions are a few intrinsics (fabs in the Neumaier float
// sums, smin/smax/umin/umax in min/max): lower_for_fast_isel rewrites them into plain bit and compare
// instructions, so that every block is selected fast. Run after the IR pipeline (InstCombine would turn
// them back into the intrinsics).
#pragma once

namespace llvm {
class Module;
}

namespace kpic::jit {

// Returns how many intrinsic calls were rewritten.
int lower_for_fast_isel(llvm::Module& m);

}  // namespace kpic::jit
