// Jit: LLJIT + an O2 pipeline + object emission. See jit.h.
#include "compiler/jit/jit.h"

#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>

#include <mutex>

namespace kpic::jit {

struct Jit::Impl {
  std::unique_ptr<llvm::orc::LLJIT> lljit;
  std::unique_ptr<llvm::TargetMachine> tm;
  std::vector<llvm::orc::ResourceTrackerSP> trackers;
  std::string cpu_key;
  int loaded = 0;
};

namespace {
std::string take(llvm::Error err) {
  std::string s;
  llvm::handleAllErrors(std::move(err), [&](const llvm::ErrorInfoBase& e) { s = e.message(); });
  return s;
}
}  // namespace

Jit::Jit(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Jit::~Jit() = default;

std::unique_ptr<Jit> Jit::create(std::string& error) {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
  auto jtmb = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!jtmb) {
    error = take(jtmb.takeError());
    return nullptr;
  }
  jtmb->setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
  auto impl = std::make_unique<Impl>();
  impl->cpu_key = jtmb->getCPU() + " " + jtmb->getFeatures().getString() + " " + jtmb->getTargetTriple().str();
  auto tm = jtmb->createTargetMachine();
  if (!tm) {
    error = take(tm.takeError());
    return nullptr;
  }
  impl->tm = std::move(*tm);
  auto lljit = llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(*jtmb).create();
  if (!lljit) {
    error = take(lljit.takeError());
    return nullptr;
  }
  impl->lljit = std::move(*lljit);
  return std::unique_ptr<Jit>(new Jit(std::move(impl)));
}

const std::string& Jit::cpu_key() const { return impl_->cpu_key; }

void Jit::define_symbols(const std::vector<std::pair<std::string, void*>>& symbols) {
  llvm::orc::SymbolMap map;
  for (const auto& [name, addr] : symbols)
    map[impl_->lljit->mangleAndIntern(name)] = {llvm::orc::ExecutorAddr::fromPtr(addr),
                                               llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable};
  llvm::cantFail(impl_->lljit->getMainJITDylib().define(llvm::orc::absoluteSymbols(std::move(map))));
}

bool Jit::compile(llvm::Module& m, std::string& object, std::string* optimized_ir, std::string& error) {
  m.setDataLayout(impl_->tm->createDataLayout());
  m.setTargetTriple(impl_->tm->getTargetTriple().str());
  {
    llvm::LoopAnalysisManager lam;
    llvm::FunctionAnalysisManager fam;
    llvm::CGSCCAnalysisManager cgam;
    llvm::ModuleAnalysisManager mam;
    llvm::PassBuilder pb(impl_->tm.get());
    pb.registerModuleAnalyses(mam);
    pb.registerCGSCCAnalyses(cgam);
    pb.registerFunctionAnalyses(fam);
    pb.registerLoopAnalyses(lam);
    pb.crossRegisterProxies(lam, fam, cgam, mam);
    llvm::ModulePassManager mpm = pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2);
    mpm.run(m, mam);
  }
  if (optimized_ir) {
    llvm::raw_string_ostream os(*optimized_ir);
    m.print(os, nullptr);
  }
  llvm::SmallVector<char, 0> buf;
  llvm::raw_svector_ostream os(buf);
  llvm::legacy::PassManager pm;
  if (impl_->tm->addPassesToEmitFile(pm, os, nullptr, llvm::CodeGenFileType::ObjectFile)) {
    error = "the host target cannot emit object files";
    return false;
  }
  pm.run(m);
  object.assign(buf.begin(), buf.end());
  return true;
}

bool Jit::load(const std::string& object, const std::vector<std::string>& names, std::vector<void*>& addresses,
               std::string& error) {
  // One JITDylib per program, so that programs may reuse kernel names; it sees the helpers of main.
  std::string name = "kpic_program_" + std::to_string(impl_->loaded++);
  auto dylib = impl_->lljit->createJITDylib(name);
  if (!dylib) {
    error = take(dylib.takeError());
    return false;
  }
  dylib->addToLinkOrder(impl_->lljit->getMainJITDylib());
  auto rt = dylib->createResourceTracker();
  auto buffer = llvm::MemoryBuffer::getMemBufferCopy(object, name);
  if (auto err = impl_->lljit->addObjectFile(rt, std::move(buffer))) {
    error = take(std::move(err));
    return false;
  }
  impl_->trackers.push_back(rt);
  addresses.clear();
  for (const auto& sym_name : names) {
    auto sym = impl_->lljit->lookup(*dylib, sym_name);
    if (!sym) {
      error = take(sym.takeError());
      return false;
    }
    addresses.push_back(sym->toPtr<void*>());
  }
  return true;
}

}  // namespace kpic::jit
