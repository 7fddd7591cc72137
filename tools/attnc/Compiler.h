//===- Compiler.h - the steps of attnc's compile job ------------*- C++ -*-===//

#ifndef ATTNC_TOOLS_ATTNC_COMPILER_H
#define ATTNC_TOOLS_ATTNC_COMPILER_H

#include "attnc/Pipeline/Pipeline.h"
#include "attnc/Target/CAbi.h"
#include "attnc/Target/ObjectEmitter.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace llvm {
class SourceMgr;
}

namespace attnc {

/// Parses and verifies a spec file; diagnostics carry file:line:col.
mlir::OwningOpRef<mlir::ModuleOp> loadSpec(llvm::StringRef path,
                                           llvm::SourceMgr &sourceMgr,
                                           mlir::MLIRContext &ctx);

/// Derives the C ABI of every spec function, failing with a diagnostic if
/// there is none or one is malformed.
mlir::FailureOr<llvm::SmallVector<CAbiSignature>>
deriveSignatures(mlir::ModuleOp spec);

/// Lowers a spec module, in place, to the LLVM dialect.
mlir::LogicalResult lowerToLLVMDialect(mlir::ModuleOp module,
                                       const PipelineOptions &options);

/// Writes an object file or a shared library for an LLVM-dialect module.
mlir::LogicalResult emitObject(mlir::ModuleOp llvmModule,
                               const TargetOptions &options,
                               llvm::StringRef path);
mlir::LogicalResult emitSharedLibrary(mlir::ModuleOp llvmModule,
                                      const TargetOptions &options,
                                      llvm::StringRef path);

} // namespace attnc

#endif // ATTNC_TOOLS_ATTNC_COMPILER_H
