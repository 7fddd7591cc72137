//===- AttnToLinalg.h - attn.attention as linalg ops ------------*- C++ -*-===//
//
// The reference lowering of attn.attention, for use outside the
// convert-attn-to-linalg pass: as a function, and as the op's
// AggregatedOpInterface, which `transform.structured.decompose_interface`
// applies to single ops of a transform script's choosing.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_CONVERSION_ATTNTOLINALG_H
#define ATTNC_CONVERSION_ATTNTOLINALG_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectRegistry.h"

namespace attnc {
namespace attn {
class AttentionOp;
} // namespace attn

/// Builds the reference lowering of `op` (linalg on tensors, the scores
/// materialised) before it and returns the values that replace its results.
/// Emits an error on the op and fails for what that lowering does not
/// support (sinks, gate, low-rank bias, affine-scaled weights, trees).
mlir::FailureOr<llvm::SmallVector<mlir::Value>>
decomposeAttention(mlir::OpBuilder &b, attn::AttentionOp op);

/// Attaches linalg's AggregatedOpInterface to attn.attention, decomposing it
/// with decomposeAttention().
void registerAttentionDecompositionModel(mlir::DialectRegistry &registry);
} // namespace attnc

#endif // ATTNC_CONVERSION_ATTNTOLINALG_H
