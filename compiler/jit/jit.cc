// Jit: LLJIT + a short function pipeline + object emission. See jit.h.
//
// Compile latency is part of every cold `kpic run`, so nothing is built before it is needed: create()
// only detects the host (the CPU key is part of the cache key); a TargetMachine is built by the first
// compile() at its level and the LLJIT by the first load(), or both (the quick level's TargetMachine, whose
// data layout the LLJIT takes) by prepare(), which `kpic run` calls on another thread while it parses.
#include "compiler/jit/jit.h"
#include "compiler/jit/fast_isel_lowering.h"
#include "runtime/base/check.h"

#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Analysis/AliasAnalysis.h>
#include <llvm/Analysis/AssumptionCache.h>
#include <llvm/Analysis/BasicAliasAnalysis.h>
#include <llvm/Analysis/BlockFrequencyInfo.h>
#include <llvm/Analysis/BranchProbabilityInfo.h>
#include <llvm/Analysis/LoopInfo.h>
#include <llvm/Analysis/MemorySSA.h>
#include <llvm/Analysis/OptimizationRemarkEmitter.h>
#include <llvm/Analysis/PostDominators.h>
#include <llvm/Analysis/ScopedNoAliasAA.h>
#include <llvm/Analysis/TargetLibraryInfo.h>
#include <llvm/Analysis/TargetTransformInfo.h>
#include <llvm/Analysis/TypeBasedAliasAnalysis.h>
#include <llvm/IR/Dominators.h>
#include <llvm/IR/PassInstrumentation.h>
#include <llvm/IR/PassManager.h>
#include <llvm/Support/CommandLine.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/Transforms/InstCombine/InstCombine.h>
#include <llvm/Transforms/Scalar/EarlyCSE.h>
#include <llvm/Transforms/Scalar/SROA.h>
#include <llvm/Transforms/Scalar/SimplifyCFG.h>

#include <iterator>
#include <mutex>

namespace kpic::jit {

struct Jit::Impl {
  llvm::orc::JITTargetMachineBuilder jtmb;
  std::unique_ptr<llvm::TargetMachine> tm[2];  // by CodeLevel, built by prepare() or the first compile() at that level
  std::unique_ptr<llvm::orc::LLJIT> lljit;  // built by prepare() or the first load()
  std::vector<std::pair<std::string, void*>> symbols;  // defined in the LLJIT's main dylib when it is built
  std::vector<llvm::orc::ResourceTrackerSP> trackers;
  std::string cpu_key;
  int loaded = 0;

  explicit Impl(llvm::orc::JITTargetMachineBuilder b) : jtmb(std::move(b)) {}
  void start_target_machine(CodeLevel level);
  void start_lljit();
};

namespace {
// Code generation levels (CodeLevel in jit.h). Measured over the examples (cold runs): Less costs about
// half of Aggressive and the kernels run as fast (same share of scan time in JIT code); None (FastISel,
// fast register allocation, with the intrinsics FastISel cannot select lowered first) about half of Less
// again, but its kernels take up to twice the CPU time. Each level has its own TargetMachine: FastISel,
// once chosen, sticks to a TargetMachine.
llvm::CodeGenOptLevel codegen_level(CodeLevel level) {
  return level == CodeLevel::Quick ? llvm::CodeGenOptLevel::None : llvm::CodeGenOptLevel::Less;
}
constexpr const char* kPipelineName = "sroa,early-cse,instcombine,simplifycfg (quick: sroa,simplifycfg)/pic small -lsr -misched -mcse -cmovconv";

std::string take(llvm::Error err) {
  std::string s;
  llvm::handleAllErrors(std::move(err), [&](const llvm::ErrorInfoBase& e) { s = e.message(); });
  return s;
}

// The IR passes before code generation. The kernels are single loops whose cost is dominated by the
// runtime helpers they call (hash probes, distinct sets), so the full O2 pipeline (inliner, loop
// vectoriser, ...) bought nothing measurable in scan time while costing ~15 ms per file: SSA form,
// redundant loads and validity arithmetic folded, and the CFG cleaned is what the code generator needs.
// For small inputs (CodeLevel::Quick, FastISel) only SSA form and the CFG: EarlyCSE and InstCombine took
// two thirds of a cold compile there (saas.kpi: ~14 of ~19 ms) for a scan of a few milliseconds.
llvm::FunctionPassManager kernel_pipeline(CodeLevel level) {
  llvm::FunctionPassManager fpm;
  fpm.addPass(llvm::SROAPass(llvm::SROAOptions::ModifyCFG));
  if (level != CodeLevel::Quick) {
    fpm.addPass(llvm::EarlyCSEPass(/*UseMemorySSA=*/true));  // loads reused across helper calls
    fpm.addPass(llvm::InstCombinePass());
  }
  fpm.addPass(llvm::SimplifyCFGPass());
  return fpm;
}
// Runs kernel_pipeline() over every function of `m` with the analyses its passes ask for, registered one by
// one: llvm::PassBuilder would register every analysis and, linked in, bring every pass LLVM has with it
// (the inliner, vectorisers, OpenMP, coroutines: ~500 static initialisers run at every kpic start).
// An analysis a pass asks for that is not registered here is a crash in LLVM, so each one a pass of
// kernel_pipeline() may request (getResult) is here; cached-only queries need none.
void run_kernel_pipeline(llvm::Module& m, llvm::TargetMachine& tm, CodeLevel level) {
  llvm::FunctionAnalysisManager fam;
  llvm::ModuleAnalysisManager mam;
  fam.registerPass([] { return llvm::PassInstrumentationAnalysis(); });
  fam.registerPass([&] { return llvm::ModuleAnalysisManagerFunctionProxy(mam); });
  fam.registerPass([] { return llvm::AssumptionAnalysis(); });
  fam.registerPass([] { return llvm::DominatorTreeAnalysis(); });
  fam.registerPass([] { return llvm::LoopAnalysis(); });
  fam.registerPass([] { return llvm::TargetLibraryAnalysis(); });
  fam.registerPass([&] { return tm.getTargetIRAnalysis(); });
  fam.registerPass([] { return llvm::OptimizationRemarkEmitterAnalysis(); });
  fam.registerPass([] { return llvm::BlockFrequencyAnalysis(); });
  fam.registerPass([] { return llvm::BranchProbabilityAnalysis(); });
  fam.registerPass([] { return llvm::PostDominatorTreeAnalysis(); });
  fam.registerPass([] { return llvm::BasicAA(); });
  fam.registerPass([] { return llvm::ScopedNoAliasAA(); });
  fam.registerPass([] { return llvm::TypeBasedAA(); });
  fam.registerPass([] { return llvm::MemorySSAAnalysis(); });
  fam.registerPass([] {
    // PassBuilder's default alias analysis pipeline.
    llvm::AAManager aa;
    aa.registerFunctionAnalysis<llvm::BasicAA>();
    aa.registerFunctionAnalysis<llvm::ScopedNoAliasAA>();
    aa.registerFunctionAnalysis<llvm::TypeBasedAA>();
    return aa;
  });
  mam.registerPass([] { return llvm::PassInstrumentationAnalysis(); });
  mam.registerPass([&] { return llvm::FunctionAnalysisManagerModuleProxy(fam); });
  llvm::FunctionPassManager fpm = kernel_pipeline(level);
  for (llvm::Function& f : m)
    if (!f.isDeclaration()) fpm.run(f, fam);
}

// The LLJIT only links the objects that compile() emitted, so it gets no IR compiler of its own (whose
// default would build one more TargetMachine).
using IRCompiler = llvm::orc::IRCompileLayer::IRCompiler;
class ObjectsOnly : public IRCompiler {
 public:
  ObjectsOnly() : IRCompiler(llvm::orc::IRSymbolMapper::ManglingOptions()) {}
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> operator()(llvm::Module&) override {
    return llvm::make_error<llvm::StringError>("kpic's JIT loads object files only", llvm::inconvertibleErrorCode());
  }
};
}  // namespace

Jit::Jit(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Jit::~Jit() = default;

std::unique_ptr<Jit> Jit::create() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    // Code generator passes that cost a quarter of code generation time and made no measurable
    // difference to the kernels (same share of scan CPU in JIT code). These are process-wide LLVM
    // options, like clang's -mllvm; an option a later LLVM no longer knows is ignored.
    const char* argv[] = {"kpic", "-disable-lsr", "-enable-misched=false", "-disable-machine-cse",
                          "-x86-cmov-converter=false"};
    llvm::cl::ParseCommandLineOptions(std::size(argv), argv, "", &llvm::nulls());
  });
  auto jtmb = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!jtmb) KPIC_UNREACHABLE("cannot start the JIT for this host: ", take(jtmb.takeError()));
  // Position-independent code in the small code model, as the LLJIT itself would compile for its
  // JITLink linker on ELF x86-64 (GOT and PLT stubs for the runtime helpers). The JIT default, the large
  // code model, makes FastISel give up on every helper call and global address (SelectionDAG instead).
  jtmb->setRelocationModel(llvm::Reloc::PIC_);
  jtmb->setCodeModel(llvm::CodeModel::Small);
  auto impl = std::make_unique<Impl>(std::move(*jtmb));
  // The code generator's settings are part of the key too, so that changing them retires old objects.
  impl->cpu_key = impl->jtmb.getCPU() + " " + impl->jtmb.getFeatures().getString() + " " +
                  impl->jtmb.getTargetTriple().str() + " " + kPipelineName;
  return std::unique_ptr<Jit>(new Jit(std::move(impl)));
}

std::string Jit::cpu_key(CodeLevel level) const {
  return impl_->cpu_key + (level == CodeLevel::Quick ? " O0" : " O1");
}

void Jit::define_symbols(const std::vector<std::pair<std::string, void*>>& symbols) {
  // Kept by C name until the LLJIT exists (its mangler interns them).
  impl_->symbols.insert(impl_->symbols.end(), symbols.begin(), symbols.end());
}

void Jit::Impl::start_target_machine(CodeLevel level) {
  auto& machine = tm[static_cast<int>(level)];
  if (machine) return;
  llvm::orc::JITTargetMachineBuilder b = jtmb;
  b.setCodeGenOptLevel(codegen_level(level));
  auto built = b.createTargetMachine();
  if (!built) KPIC_UNREACHABLE("cannot create the host's target machine: ", take(built.takeError()));
  machine = std::move(*built);
}

void Jit::prepare() {
  // Most runs are small (CodeLevel::Quick); the full level's TargetMachine is built when a large input
  // needs it, where it is a small part of the run.
  impl_->start_target_machine(CodeLevel::Quick);
  if (!impl_->lljit) impl_->start_lljit();
}

void Jit::prepare_codegen() {
  impl_->start_target_machine(CodeLevel::Quick);
  // The X86 subtarget (instruction lowering tables, legalizer, register info) is built by the first
  // function a TargetMachine sees, ~2 ms of a cold compile; a declaration-only function with the
  // kernels' attributes (none: the TargetMachine's CPU and features) builds the one they will use.
  llvm::LLVMContext ctx;
  llvm::Module m("kpic_prepare", ctx);
  auto* f = llvm::Function::Create(llvm::FunctionType::get(llvm::Type::getVoidTy(ctx), false),
                                   llvm::Function::ExternalLinkage, "kpic_prepare", m);
  impl_->tm[static_cast<int>(CodeLevel::Quick)]->getSubtargetImpl(*f);
}

std::string Jit::compile(llvm::Module& m, CodeLevel level, std::string* optimized_ir) {
  impl_->start_target_machine(level);
  auto& tm = impl_->tm[static_cast<int>(level)];
  // The code generator's IR is checked here, where it is compiled, rather than on every run.
  std::string problems;
  llvm::raw_string_ostream problems_os(problems);
  KPIC_CHECK(!llvm::verifyModule(m, &problems_os), "invalid kernel IR: ", problems_os.str());
  m.setDataLayout(tm->createDataLayout());
  m.setTargetTriple(tm->getTargetTriple().str());
  run_kernel_pipeline(m, *tm, level);
  if (optimized_ir) {
    llvm::raw_string_ostream os(*optimized_ir);
    m.print(os, nullptr);
  }
  if (level == CodeLevel::Quick) lower_for_fast_isel(m);
  llvm::SmallVector<char, 0> buf;
  llvm::raw_svector_ostream os(buf);
  llvm::legacy::PassManager pm;
  KPIC_CHECK(!tm->addPassesToEmitFile(pm, os, nullptr, llvm::CodeGenFileType::ObjectFile),
             "the host target cannot emit object files");
  pm.run(m);
  return std::string(buf.begin(), buf.end());
}

void Jit::Impl::start_lljit() {
  llvm::orc::LLJITBuilder builder;
  builder.setJITTargetMachineBuilder(jtmb).setCompileFunctionCreator(
      [](llvm::orc::JITTargetMachineBuilder) -> llvm::Expected<std::unique_ptr<IRCompiler>> {
        return std::make_unique<ObjectsOnly>();
      });
  // The data layout of a compile target machine when there is one, else the builder makes one for it.
  for (const auto& t : tm)
    if (t) {
      builder.setDataLayout(t->createDataLayout());
      break;
    }
  auto built = builder.create();
  if (!built) KPIC_UNREACHABLE("cannot start the LLJIT: ", take(built.takeError()));
  lljit = std::move(*built);
  llvm::orc::SymbolMap map;
  for (const auto& [name, addr] : symbols)
    map[lljit->mangleAndIntern(name)] = {llvm::orc::ExecutorAddr::fromPtr(addr),
                                        llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable};
  if (auto err = lljit->getMainJITDylib().define(llvm::orc::absoluteSymbols(std::move(map))))
    KPIC_UNREACHABLE("cannot define the runtime helpers: ", take(std::move(err)));
}

std::vector<void*> Jit::load(const std::string& object, const std::vector<std::string>& names) {
  if (!impl_->lljit) impl_->start_lljit();
  // One JITDylib per program, so that programs may reuse kernel names; it sees the helpers of main.
  std::string name = "kpic_program_" + std::to_string(impl_->loaded++);
  auto dylib = impl_->lljit->createJITDylib(name);
  if (!dylib) throw LoadError(take(dylib.takeError()));
  dylib->addToLinkOrder(impl_->lljit->getMainJITDylib());
  auto rt = dylib->createResourceTracker();
  auto buffer = llvm::MemoryBuffer::getMemBufferCopy(object, name);
  if (auto err = impl_->lljit->addObjectFile(rt, std::move(buffer))) throw LoadError(take(std::move(err)));
  impl_->trackers.push_back(rt);
  std::vector<void*> addresses;
  for (const auto& sym_name : names) {
    auto sym = impl_->lljit->lookup(*dylib, sym_name);
    if (!sym) throw LoadError(take(sym.takeError()));
    addresses.push_back(sym->toPtr<void*>());
  }
  return addresses;
}

}  // namespace kpic::jit
