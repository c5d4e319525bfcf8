// The IR emitter behind build_kernels (private to compiler/codegen): expression code in
// expr_codegen.cc, the row loop and aggregate updates in kernel_builder.cc.
#pragma once

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include <string>
#include <vector>

#include "compiler/plan/ir.h"
#include "runtime/exec/kernel_abi.h"

namespace kpic::codegen {

// A value with its validity (false = SQL null). `v` is i1 for Bool, double for Float, i64 otherwise
// (Date days, Timestamp µs, String global id, Int).
struct Val {
  llvm::Value* v = nullptr;
  llvm::Value* valid = nullptr;
  ValueType type = ValueType::Null;
};

class KernelEmitter {
 public:
  KernelEmitter(llvm::Module& m, const plan::Plan& plan);
  // Emits `void name(KernelCtx*, const KernelColumn*, i64)` for `pass`.
  void emit_pass(const plan::Pass& pass, const std::string& name);

 private:
  // expr_codegen.cc
  Val gen(const plan::Node& e);
  Val gen_binary(const plan::Node& e);
  Val gen_call(const plan::Node& e);
  Val gen_column(int slot, ValueType t, bool wide);
  Val convert(Val x, ValueType to);
  llvm::Value* cmp(lang::Op op, Val a, Val b);
  llvm::Value* checked_int(llvm::Intrinsic::ID id, llvm::Value* a, llvm::Value* b, llvm::Value* valid);
  llvm::Value* string_id(const std::string& s);
  llvm::Value* to_double(Val x);
  llvm::Value* bits(Val x);  // i64 bits of a value (doubles normalised: -0 -> +0)
  llvm::Function* helper(exec::RtHelper h);

  // kernel_builder.cc
  void emit_agg(const plan::AggState& a, llvm::Value* state);
  void neumaier(llvm::Value* state, int off, llvm::Value* x);
  llvm::Value* slot_ptr(llvm::Value* state, int off);

  llvm::Module& m_;
  llvm::LLVMContext& c_;
  llvm::IRBuilder<> b_;
  const plan::Plan& plan_;
  const plan::Pass* pass_ = nullptr;

  llvm::Type* i1_;
  llvm::Type* i8_;
  llvm::Type* i32_;
  llvm::Type* i64_;
  llvm::Type* f64_;
  llvm::PointerType* ptr_;

  llvm::Function* fn_ = nullptr;
  llvm::Value* ctx_ = nullptr;
  llvm::Value* row_ = nullptr;
  llvm::BasicBlock* overflow_bb_ = nullptr;
  llvm::GlobalVariable* ones_ = nullptr;
  struct SlotPtrs {
    llvm::Value* values = nullptr;
    llvm::Value* validity = nullptr;
    llvm::Value* ids = nullptr;
  };
  std::vector<SlotPtrs> slots_;
};

}  // namespace kpic::codegen
