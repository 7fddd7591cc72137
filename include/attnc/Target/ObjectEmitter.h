//===- ObjectEmitter.h - LLVM dialect to object file / library --*- C++ -*-===//

#ifndef ATTNC_TARGET_OBJECTEMITTER_H
#define ATTNC_TARGET_OBJECTEMITTER_H

#include "mlir/Support/LLVM.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <memory>
#include <string>

namespace llvm {
class LLVMContext;
class Module;
} // namespace llvm

namespace mlir {
class ModuleOp;
} // namespace mlir

namespace attnc {

struct TargetOptions {
  /// CPU to tune and select instructions for; "native" is the host.
  std::string cpu = "native";
  /// LLVM optimisation level, 0-3.
  unsigned optLevel = 3;
  /// Threads that optimise and compile parts of the module at once
  /// (emitObjectFiles); 0: one per hardware thread.
  unsigned jobs = 0;
};

/// The f32 lanes of the kernels' vectors for the target CPU: 16 where it
/// has AVX-512F, 8 otherwise (AVX2; narrower targets split the vectors).
/// Returns 0 and sets `error` if there is no target machine for the CPU.
int64_t getTargetVectorWidth(const TargetOptions &options, std::string &error);

/// Translates an LLVM-dialect module to optimised LLVM IR for the target.
std::unique_ptr<llvm::Module>
translateToOptimizedLLVMIR(mlir::ModuleOp module, llvm::LLVMContext &ctx,
                           const TargetOptions &options, std::string &error);

/// Writes `module` as a relocatable (PIC) object file.
mlir::LogicalResult emitObjectFile(llvm::Module &module,
                                   const TargetOptions &options,
                                   llvm::raw_pwrite_stream &os,
                                   std::string &error);

/// Translates `module` and splits its functions into up to `options.jobs`
/// modules (dealt out largest first), which are optimised and compiled on as
/// many threads into temporary object files, returned in `paths` (the
/// caller removes them; they are linked together).
mlir::LogicalResult emitObjectFiles(mlir::ModuleOp module,
                                    const TargetOptions &options,
                                    llvm::SmallVectorImpl<std::string> &paths,
                                    std::string &error);

/// Links object files and the attnc runtime into a shared library.
mlir::LogicalResult linkSharedLibrary(llvm::ArrayRef<std::string> objectPaths,
                                      llvm::StringRef outputPath,
                                      std::string &error);

/// Path of the runtime archive linked into every library (overridable with
/// the ATTNC_RUNTIME_LIB environment variable).
std::string getRuntimeLibraryPath();

} // namespace attnc

#endif // ATTNC_TARGET_OBJECTEMITTER_H
