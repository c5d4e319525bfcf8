// lower_for_fast_isel: see fast_isel_lowering.h.
#include "compiler/jit/fast_isel_lowering.h"

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/IntrinsicInst.h>
#include <llvm/IR/Module.h>

#include <vector>

namespace kpic::jit {
namespace {

// The replacement of one intrinsic call, or nullptr when it is left alone.
llvm::Value* lowered(llvm::IntrinsicInst& call) {
  llvm::IRBuilder<> b(&call);
  llvm::Type* t = call.getType();
  auto select = [&](llvm::CmpInst::Predicate pred) -> llvm::Value* {
    if (!t->isIntegerTy()) return nullptr;
    llvm::Value* x = call.getArgOperand(0);
    llvm::Value* y = call.getArgOperand(1);
    return b.CreateSelect(b.CreateICmp(pred, x, y), x, y);
  };
  switch (call.getIntrinsicID()) {
    case llvm::Intrinsic::fabs: {
      if (!t->isDoubleTy() && !t->isFloatTy()) return nullptr;
      // Clear the sign bit.
      unsigned bits = t->getPrimitiveSizeInBits();
      llvm::Type* it = b.getIntNTy(bits);
      llvm::Value* v = b.CreateBitCast(call.getArgOperand(0), it);
      v = b.CreateAnd(v, llvm::ConstantInt::get(it, llvm::APInt::getSignedMaxValue(bits)));
      return b.CreateBitCast(v, t);
    }
    case llvm::Intrinsic::smax: return select(llvm::CmpInst::ICMP_SGT);
    case llvm::Intrinsic::smin: return select(llvm::CmpInst::ICMP_SLT);
    case llvm::Intrinsic::umax: return select(llvm::CmpInst::ICMP_UGT);
    case llvm::Intrinsic::umin: return select(llvm::CmpInst::ICMP_ULT);
    default: return nullptr;
  }
}

}  // namespace

int lower_for_fast_isel(llvm::Module& m) {
  std::vector<llvm::IntrinsicInst*> calls;
  for (llvm::Function& f : m)
    for (llvm::BasicBlock& bb : f)
      for (llvm::Instruction& inst : bb)
        if (auto* call = llvm::dyn_cast<llvm::IntrinsicInst>(&inst)) calls.push_back(call);
  int n = 0;
  for (llvm::IntrinsicInst* call : calls) {
    if (llvm::Value* v = lowered(*call)) {
      call->replaceAllUsesWith(v);
      call->eraseFromParent();
      ++n;
    }
  }
  return n;
}

}  // namespace kpic::jit
