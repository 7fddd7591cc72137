//===- ObjectEmitter.cpp - LLVM dialect to object file / library ----------===//

#include "attnc/Target/ObjectEmitter.h"

#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/OpenMP/OpenMPToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <cstdlib>

using namespace mlir;
using namespace attnc;

namespace {
struct HostTarget {
  llvm::Triple triple;
  const llvm::Target *target = nullptr;
};
} // namespace

static const HostTarget *getHostTarget(std::string &error) {
  static HostTarget host = [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    HostTarget h;
    h.triple = llvm::Triple(llvm::sys::getDefaultTargetTriple());
    std::string err;
    h.target = llvm::TargetRegistry::lookupTarget(h.triple, err);
    return h;
  }();
  if (!host.target)
    error = "no LLVM target for host triple " + host.triple.str();
  return host.target ? &host : nullptr;
}

static std::unique_ptr<llvm::TargetMachine>
createTargetMachine(const attnc::TargetOptions &options, std::string &error) {
  const HostTarget *host = getHostTarget(error);
  if (!host)
    return nullptr;
  std::string cpu = options.cpu;
  std::string features;
  if (cpu == "native") {
    cpu = llvm::sys::getHostCPUName().str();
    for (const auto &f : llvm::sys::getHostCPUFeatures())
      features += (f.second ? "+" : "-") + f.first().str() + ",";
  }
  llvm::CodeGenOptLevel level = options.optLevel >= 3   ? llvm::CodeGenOptLevel::Aggressive
                                : options.optLevel == 0 ? llvm::CodeGenOptLevel::None
                                                        : llvm::CodeGenOptLevel::Default;
  std::unique_ptr<llvm::TargetMachine> tm(host->target->createTargetMachine(
      host->triple, cpu, features, llvm::TargetOptions(), llvm::Reloc::PIC_,
      std::nullopt, level));
  if (!tm)
    error = "cannot create a target machine for CPU '" + cpu + "'";
  return tm;
}

std::unique_ptr<llvm::Module>
attnc::translateToOptimizedLLVMIR(ModuleOp module, llvm::LLVMContext &ctx,
                                  const attnc::TargetOptions &options,
                                  std::string &error) {
  registerBuiltinDialectTranslation(*module.getContext());
  registerLLVMDialectTranslation(*module.getContext());
  registerOpenMPDialectTranslation(*module.getContext());
  std::unique_ptr<llvm::Module> llvmModule = translateModuleToLLVMIR(module, ctx);
  if (!llvmModule) {
    error = "translation to LLVM IR failed";
    return nullptr;
  }
  std::unique_ptr<llvm::TargetMachine> tm = createTargetMachine(options, error);
  if (!tm)
    return nullptr;
  llvmModule->setTargetTriple(tm->getTargetTriple());
  llvmModule->setDataLayout(tm->createDataLayout());
  auto optimize = makeOptimizingTransformer(options.optLevel, 0, tm.get());
  if (llvm::Error err = optimize(llvmModule.get())) {
    error = llvm::toString(std::move(err));
    return nullptr;
  }
  return llvmModule;
}

LogicalResult attnc::emitObjectFile(llvm::Module &module,
                                    const attnc::TargetOptions &options,
                                    llvm::raw_pwrite_stream &os,
                                    std::string &error) {
  std::unique_ptr<llvm::TargetMachine> tm = createTargetMachine(options, error);
  if (!tm)
    return failure();
  llvm::legacy::PassManager pm;
  if (tm->addPassesToEmitFile(pm, os, nullptr, llvm::CodeGenFileType::ObjectFile)) {
    error = "the target cannot emit object files";
    return failure();
  }
  pm.run(module);
  return success();
}

std::string attnc::getRuntimeLibraryPath() {
  if (const char *env = std::getenv("ATTNC_RUNTIME_LIB"))
    return env;
  return ATTNC_RUNTIME_LIB_PATH;
}

LogicalResult attnc::linkSharedLibrary(StringRef objectPath,
                                       StringRef outputPath,
                                       std::string &error) {
  std::string linker = ATTNC_LINKER_PATH;
  if (const char *env = std::getenv("ATTNC_LINKER"))
    linker = env;
  std::string runtime = getRuntimeLibraryPath();
  // libomp is needed only by kernels that use OpenMP (--as-needed), and is
  // found at load time through the rpath.
  std::string ompDir = ATTNC_OPENMP_LIB_DIR;
  std::string libDirFlag = "-L" + ompDir;
  std::string rpathFlag = "-Wl,-rpath," + ompDir;
  SmallVector<StringRef> args = {linker,     "-shared",     "-fuse-ld=lld",
                                 "-o",       outputPath,    objectPath,
                                 runtime,    "-Wl,--as-needed", libDirFlag,
                                 "-lomp",    rpathFlag,     "-lm"};
  std::string msg;
  int rc = llvm::sys::ExecuteAndWait(linker, args, std::nullopt, {}, 0, 0, &msg);
  if (rc != 0) {
    error = "linking " + outputPath.str() + " with " + linker + " failed" +
            (msg.empty() ? "" : ": " + msg);
    return failure();
  }
  return success();
}
