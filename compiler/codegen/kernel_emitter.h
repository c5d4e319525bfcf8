// The IR emitter behind build_kernels (private to compiler/codegen): expression code in
// expr_codegen.cc, the row loop and aggregate updates in kernel_builder.cc.
#pragma once

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include <functional>
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
  KernelEmitter(llvm::Module& m, const plan::Plan& plan, bool reuse_rows);
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
  // Floor division of microseconds into days, inline (exec::days_of_us).
  llvm::Value* days_of_us(llvm::Value* us);
  // exec::bucket_days(days, code); with reuse_rows_, called only when `days` differs from this call
  // site's last input in the batch (rows in time order repeat a day for thousands of rows).
  llvm::Value* bucket_of_days(llvm::Value* days, int64_t code);

  // kernel_builder.cc
  void emit_agg(const plan::AggState& a, llvm::Value* state);
  void neumaier(llvm::Value* state, int off, llvm::Value* x);
  llvm::Value* slot_ptr(llvm::Value* state, int off);
  // The group state block of the row with these key `values` (null ones 0) and null `mask`: with
  // reuse_rows_, the previous row's block when its keys are the same (KernelCtx::reuse_groups), else
  // kpic_rt_group's (the values stored in `keys`, an array of the kernel, for it).
  llvm::Value* group_state(llvm::Value* keys, const std::vector<llvm::Value*>& values, llvm::Value* mask);
  // A variable of the kernel that keeps its value from row to row of a batch: an alloca set to `init`
  // in the entry block (SROA makes it a register).
  llvm::Value* kernel_var(llvm::Type* t, llvm::Value* init, const char* name);
  // `prev` when `same`, else what `call` emits (in its own block, which also updates the kernel
  // variables that `same` and `prev` were read from).
  llvm::Value* reuse_or_call(llvm::Value* same, llvm::Value* prev, const char* name,
                             const std::function<llvm::Value*()>& call);

  llvm::Module& m_;
  llvm::LLVMContext& c_;
  llvm::IRBuilder<> b_;
  const plan::Plan& plan_;
  const bool reuse_rows_;  // build_kernels
  const plan::Pass* pass_ = nullptr;

  llvm::Type* i1_;
  llvm::Type* i8_;
  llvm::Type* i32_;
  llvm::Type* i64_;
  llvm::Type* f64_;
  llvm::PointerType* ptr_;

  llvm::Function* fn_ = nullptr;
  llvm::Value* ctx_ = nullptr;
  llvm::BasicBlock* entry_ = nullptr;
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
