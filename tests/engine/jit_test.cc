// The JIT's API: a failure to load is a LoadError the caller may recover from (a cache entry written by
// another build); an invalid module is a kpic bug (InternalError), never a user diagnostic.
#include <doctest/doctest.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include "compiler/jit/jit.h"
#include "runtime/base/check.h"

using kpic::jit::CodeLevel;
using kpic::jit::Jit;
using kpic::jit::LoadError;

namespace {
// A module with one function `name` returning `value` (well formed unless `broken`: a block without a
// terminator).
std::unique_ptr<llvm::Module> one_function(llvm::LLVMContext& ctx, const char* name, int value, bool broken) {
  auto m = std::make_unique<llvm::Module>("t", ctx);
  auto* fn = llvm::Function::Create(llvm::FunctionType::get(llvm::Type::getInt32Ty(ctx), false),
                                    llvm::Function::ExternalLinkage, name, m.get());
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", fn));
  if (!broken) b.CreateRet(b.getInt32(value));
  return m;
}
}  // namespace

TEST_CASE("jit: compile, load and call; garbage or a missing name is a LoadError") {
  std::unique_ptr<Jit> jit = Jit::create();
  REQUIRE(jit);
  llvm::LLVMContext ctx;
  auto m = one_function(ctx, "forty_two", 42, false);
  std::string object = jit->compile(*m, CodeLevel::Quick, nullptr);
  std::vector<void*> addrs = jit->load(object, {"forty_two"});
  REQUIRE(addrs.size() == 1);
  CHECK(reinterpret_cast<int (*)()>(addrs[0])() == 42);

  CHECK_THROWS_AS(jit->load("not an object file", {"forty_two"}), LoadError);
  CHECK_THROWS_AS(jit->load(object, {"no_such_kernel"}), LoadError);
}

TEST_CASE("jit: an invalid module is an internal error") {
  std::unique_ptr<Jit> jit = Jit::create();
  llvm::LLVMContext ctx;
  auto m = one_function(ctx, "broken", 0, true);
  CHECK_THROWS_AS(jit->compile(*m, CodeLevel::Full, nullptr), kpic::InternalError);
}
