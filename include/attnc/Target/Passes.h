//===- Passes.h - attnc target passes ---------------------------*- C++ -*-===//

#ifndef ATTNC_TARGET_PASSES_H
#define ATTNC_TARGET_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir::LLVM {
class LLVMDialect;
} // namespace mlir::LLVM

namespace attnc {
#define GEN_PASS_DECL
#include "attnc/Target/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "attnc/Target/Passes.h.inc"
} // namespace attnc

#endif // ATTNC_TARGET_PASSES_H
