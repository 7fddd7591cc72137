//===- AttnTransformOps.cpp - Transform dialect ops for attn --------------===//

#include "attnc/Dialect/Attn/TransformOps/AttnTransformOps.h"

#include "attnc/Conversion/AttnToFlash.h"
#include "attnc/Dialect/Attn/IR/Attn.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace attnc;

static FlashTileSizes getTileSizes(transform::LowerToFlashOp op) {
  return {static_cast<int64_t>(op.getQueryTile()),
          static_cast<int64_t>(op.getKeyTile()),
          static_cast<int64_t>(op.getVectorWidth())};
}

LogicalResult transform::LowerToFlashOp::verify() {
  if (std::optional<std::string> error =
          checkFlashTileSizes(getTileSizes(*this)))
    return emitOpError() << *error;
  return success();
}

DiagnosedSilenceableFailure transform::LowerToFlashOp::applyToOne(
    transform::TransformRewriter &rewriter, Operation *target,
    transform::ApplyToEachResultList &, transform::TransformState &) {
  auto attention = dyn_cast<attn::AttentionOp>(target);
  if (!attention) {
    // Silenceable, so that alternatives and foreach_match can go on.
    DiagnosedSilenceableFailure diag =
        emitSilenceableError() << "expects attn.attention payload ops";
    diag.attachNote(target->getLoc()) << "payload op";
    return diag;
  }
  if (failed(lowerAttentionToFlash(rewriter, attention, getTileSizes(*this))))
    return emitDefiniteFailure() << "the flash lowering failed";
  return DiagnosedSilenceableFailure::success();
}

namespace {
class AttnTransformDialectExtension
    : public transform::TransformDialectExtension<
          AttnTransformDialectExtension> {
public:
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(AttnTransformDialectExtension)

  using Base::Base;

  void init() {
    declareDependentDialect<attn::AttnDialect>();
    // The dialects the kernel is built from (the pass's dependent dialects;
    // LLVM for freeze and loop annotations).
    declareGeneratedDialect<arith::ArithDialect>();
    declareGeneratedDialect<bufferization::BufferizationDialect>();
    declareGeneratedDialect<LLVM::LLVMDialect>();
    declareGeneratedDialect<math::MathDialect>();
    declareGeneratedDialect<memref::MemRefDialect>();
    declareGeneratedDialect<scf::SCFDialect>();
    declareGeneratedDialect<tensor::TensorDialect>();
    declareGeneratedDialect<vector::VectorDialect>();
    registerTransformOps<
#define GET_OP_LIST
#include "attnc/Dialect/Attn/TransformOps/AttnTransformOps.cpp.inc"
        >();
  }
};
} // namespace

#define GET_OP_CLASSES
#include "attnc/Dialect/Attn/TransformOps/AttnTransformOps.cpp.inc"

void attn::registerTransformDialectExtension(DialectRegistry &registry) {
  registry.addExtensions<AttnTransformDialectExtension>();
}
