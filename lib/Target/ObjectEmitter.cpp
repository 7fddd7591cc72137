//===- ObjectEmitter.cpp - LLVM dialect to object file / library ----------===//

#include "attnc/Target/ObjectEmitter.h"

#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/OpenMP/OpenMPToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Transforms/Utils/SplitModule.h"
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

int64_t attnc::getTargetVectorWidth(const TargetOptions &options,
                                    std::string &error) {
  std::unique_ptr<llvm::TargetMachine> tm = createTargetMachine(options, error);
  if (!tm)
    return 0;
  // checkFeatures aborts on a feature the target does not know: ask x86 only.
  bool avx512 = tm->getTargetTriple().isX86() &&
                tm->getMCSubtargetInfo()->checkFeatures("+avx512f");
  return avx512 ? 16 : 8;
}

/// Translates `module` to LLVM IR for the target of `tm`, unoptimised.
static std::unique_ptr<llvm::Module> translate(ModuleOp module,
                                               llvm::LLVMContext &ctx,
                                               llvm::TargetMachine &tm,
                                               std::string &error) {
  registerBuiltinDialectTranslation(*module.getContext());
  registerLLVMDialectTranslation(*module.getContext());
  registerOpenMPDialectTranslation(*module.getContext());
  std::unique_ptr<llvm::Module> llvmModule = translateModuleToLLVMIR(module, ctx);
  if (!llvmModule) {
    error = "translation to LLVM IR failed";
    return nullptr;
  }
  llvmModule->setTargetTriple(tm.getTargetTriple());
  llvmModule->setDataLayout(tm.createDataLayout());
  return llvmModule;
}

static LogicalResult optimize(llvm::Module &module, llvm::TargetMachine &tm,
                              unsigned optLevel, std::string &error) {
  auto transformer = makeOptimizingTransformer(optLevel, 0, &tm);
  if (llvm::Error err = transformer(&module)) {
    error = llvm::toString(std::move(err));
    return failure();
  }
  return success();
}

static LogicalResult writeObject(llvm::Module &module, llvm::TargetMachine &tm,
                                 llvm::raw_pwrite_stream &os,
                                 std::string &error) {
  llvm::legacy::PassManager pm;
  if (tm.addPassesToEmitFile(pm, os, nullptr, llvm::CodeGenFileType::ObjectFile)) {
    error = "the target cannot emit object files";
    return failure();
  }
  pm.run(module);
  return success();
}

std::unique_ptr<llvm::Module>
attnc::translateToOptimizedLLVMIR(ModuleOp module, llvm::LLVMContext &ctx,
                                  const attnc::TargetOptions &options,
                                  std::string &error) {
  std::unique_ptr<llvm::TargetMachine> tm = createTargetMachine(options, error);
  if (!tm)
    return nullptr;
  std::unique_ptr<llvm::Module> llvmModule = translate(module, ctx, *tm, error);
  if (!llvmModule || failed(optimize(*llvmModule, *tm, options.optLevel, error)))
    return nullptr;
  return llvmModule;
}

LogicalResult attnc::emitObjectFile(llvm::Module &module,
                                    const attnc::TargetOptions &options,
                                    llvm::raw_pwrite_stream &os,
                                    std::string &error) {
  std::unique_ptr<llvm::TargetMachine> tm = createTargetMachine(options, error);
  if (!tm)
    return failure();
  return writeObject(module, *tm, os, error);
}

/// Optimises `module` and writes it as the object file `path`.
static LogicalResult compileToFile(llvm::Module &module, llvm::TargetMachine &tm,
                                   unsigned optLevel, StringRef path,
                                   std::string &error) {
  if (failed(optimize(module, tm, optLevel, error)))
    return failure();
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (!ec && succeeded(writeObject(module, tm, os, error))) {
    os.close();
    if (!os.has_error())
      return success();
    ec = os.error();
    // A write error must not reach the stream's destructor, which aborts.
    os.clear_error();
  }
  if (ec)
    error = "cannot write " + path.str() + ": " + ec.message();
  return failure();
}

/// compileToFile for one part (bitcode), in a context and with a target
/// machine of its own, so that parts run on separate threads.
static LogicalResult compilePart(llvm::StringRef bitcode, StringRef path,
                                 const attnc::TargetOptions &options,
                                 std::string &error) {
  llvm::LLVMContext ctx;
  llvm::Expected<std::unique_ptr<llvm::Module>> part = llvm::parseBitcodeFile(
      llvm::MemoryBufferRef(bitcode, "attnc-part"), ctx);
  if (!part) {
    error = llvm::toString(part.takeError());
    return failure();
  }
  std::unique_ptr<llvm::TargetMachine> tm = createTargetMachine(options, error);
  if (!tm)
    return failure();
  return compileToFile(**part, *tm, options.optLevel, path, error);
}

LogicalResult attnc::emitObjectFiles(ModuleOp module,
                                     const attnc::TargetOptions &options,
                                     SmallVectorImpl<std::string> &paths,
                                     std::string &error) {
  std::unique_ptr<llvm::TargetMachine> tm = createTargetMachine(options, error);
  if (!tm)
    return failure();
  llvm::LLVMContext ctx;
  std::unique_ptr<llvm::Module> whole = translate(module, ctx, *tm, error);
  if (!whole)
    return failure();
  unsigned functions = 0;
  for (llvm::Function &f : *whole)
    functions += !f.isDeclaration();
  unsigned jobs = options.jobs ? options.jobs
                               : llvm::hardware_concurrency().compute_thread_count();
  unsigned parts = std::max(1u, std::min(jobs, functions));
  paths.clear();
  auto newObjectPath = [&]() -> LogicalResult {
    SmallString<128> path;
    if (std::error_code ec =
            llvm::sys::fs::createTemporaryFile("attnc", "o", path)) {
      error = "cannot create a temporary file: " + ec.message();
      return failure();
    }
    paths.push_back(std::string(path));
    return success();
  };
  // One part: no splitting, which would make internal functions hidden
  // external ones.
  if (parts == 1)
    return failure(failed(newObjectPath()) ||
                   failed(compileToFile(*whole, *tm, options.optLevel,
                                        paths.front(), error)));

  // SplitModule's round robin deals the functions out in module order:
  // order them largest first, so that the kernels (OpenMP outlines each
  // one) go to different parts. Locals they share become hidden symbols.
  // (Ties keep their order.)
  SmallVector<std::tuple<int64_t, unsigned, llvm::Function *>> bySize;
  for (llvm::Function &f : *whole)
    bySize.emplace_back(-int64_t(f.getInstructionCount()), bySize.size(), &f);
  llvm::sort(bySize);
  for (auto &entry : bySize)
    whole->getFunctionList().splice(whole->end(), whole->getFunctionList(),
                                    std::get<2>(entry)->getIterator());
  SmallVector<SmallString<0>> bitcode;
  llvm::SplitModule(
      *whole, parts,
      [&](std::unique_ptr<llvm::Module> part) {
        SmallString<0> &buffer = bitcode.emplace_back();
        llvm::raw_svector_ostream os(buffer);
        llvm::WriteBitcodeToFile(*part, os);
      },
      /*PreserveLocals=*/false, /*RoundRobin=*/true);

  for (size_t i = 0; i < bitcode.size(); ++i)
    if (failed(newObjectPath()))
      return failure();
  SmallVector<std::string> errors(bitcode.size());
  SmallVector<bool> partFailed(bitcode.size(), false);
  {
    llvm::DefaultThreadPool pool(llvm::hardware_concurrency(parts));
    for (size_t i = 0; i < bitcode.size(); ++i)
      pool.async([&, i] {
        partFailed[i] =
            failed(compilePart(bitcode[i], paths[i], options, errors[i]));
      });
    pool.wait();
  }
  for (size_t i = 0; i < bitcode.size(); ++i)
    if (partFailed[i]) {
      error = errors[i];
      return failure();
    }
  return success();
}

std::string attnc::getRuntimeLibraryPath() {
  if (const char *env = std::getenv("ATTNC_RUNTIME_LIB"))
    return env;
  return ATTNC_RUNTIME_LIB_PATH;
}

LogicalResult attnc::linkSharedLibrary(ArrayRef<std::string> objectPaths,
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
  SmallVector<StringRef> args = {linker, "-shared", "-fuse-ld=lld", "-o",
                                 outputPath};
  args.append(objectPaths.begin(), objectPaths.end());
  args.append({runtime, "-Wl,--as-needed", libDirFlag, "-lomp", rpathFlag,
               "-lm"});
  std::string msg;
  int rc = llvm::sys::ExecuteAndWait(linker, args, std::nullopt, {}, 0, 0, &msg);
  if (rc != 0) {
    error = "linking " + outputPath.str() + " with " + linker + " failed" +
            (msg.empty() ? "" : ": " + msg);
    return failure();
  }
  return success();
}
