//===- Compiler.cpp - the steps of attnc's compile job --------------------===//

#include "Compiler.h"

#include "attnc/Pipeline/Pipeline.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "mlir/Support/FileUtilities.h"

using namespace mlir;
using namespace attnc;

OwningOpRef<ModuleOp> attnc::loadSpec(StringRef path, llvm::SourceMgr &sourceMgr,
                                      MLIRContext &ctx) {
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> file = openInputFile(path, &error);
  if (!file) {
    llvm::errs() << "attnc: " << error << "\n";
    return nullptr;
  }
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  return parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(&ctx));
}

FailureOr<SmallVector<CAbiSignature>> attnc::deriveSignatures(ModuleOp spec) {
  SmallVector<func::FuncOp> fns = getSpecFunctions(spec);
  if (fns.empty()) {
    // The implicit module has no location of its own; point at its start.
    Location loc = spec.getBody()->empty() ? spec.getLoc()
                                           : spec.getBody()->front().getLoc();
    return emitError(loc, "no spec function: expected a public func.func "
                          "containing an attn.attention, an attn.merge or an "
                          "attn.tree_positions");
  }
  SmallVector<CAbiSignature> sigs;
  for (func::FuncOp fn : fns) {
    FailureOr<CAbiSignature> sig = deriveCAbiSignature(fn);
    if (failed(sig))
      return failure();
    sigs.push_back(std::move(*sig));
  }
  return sigs;
}

LogicalResult attnc::lowerToLLVMDialect(ModuleOp module,
                                        const PipelineOptions &options) {
  PassManager pm(module.getContext());
  if (failed(applyPassManagerCLOptions(pm)) ||
      failed(buildCPUPipeline(pm, options)))
    return failure();
  return pm.run(module);
}

static std::unique_ptr<llvm::Module>
toLLVMIR(ModuleOp module, llvm::LLVMContext &ctx, const TargetOptions &options) {
  std::string error;
  std::unique_ptr<llvm::Module> m =
      translateToOptimizedLLVMIR(module, ctx, options, error);
  if (!m)
    module.emitError(error);
  return m;
}

LogicalResult attnc::emitObject(ModuleOp module, const TargetOptions &options,
                                StringRef path) {
  llvm::LLVMContext ctx;
  std::unique_ptr<llvm::Module> m = toLLVMIR(module, ctx, options);
  if (!m)
    return failure();
  std::string error;
  auto out = openOutputFile(path, &error);
  if (!out) {
    llvm::errs() << "attnc: " << error << "\n";
    return failure();
  }
  if (failed(emitObjectFile(*m, options, out->os(), error))) {
    llvm::errs() << "attnc: " << error << "\n";
    return failure();
  }
  out->keep();
  return success();
}

LogicalResult attnc::emitSharedLibrary(ModuleOp module,
                                       const TargetOptions &options,
                                       StringRef path) {
  SmallVector<std::string> objectPaths;
  std::string error;
  LogicalResult compiled = emitObjectFiles(module, options, objectPaths, error);
  llvm::scope_exit removeObjects([&] {
    for (const std::string &object : objectPaths)
      llvm::sys::fs::remove(object);
  });
  if (failed(compiled)) {
    module.emitError(error);
    return failure();
  }
  if (failed(linkSharedLibrary(objectPaths, path, error))) {
    llvm::errs() << "attnc: " << error << "\n";
    return failure();
  }
  return success();
}
