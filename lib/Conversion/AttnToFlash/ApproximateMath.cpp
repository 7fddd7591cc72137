//===- ApproximateMath.cpp - vectorisable exp, tanh, log, ... --------------===//

#include "attnc/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace attnc {
#define GEN_PASS_DEF_ATTNCAPPROXIMATEMATH
#include "attnc/Conversion/Passes.h.inc"
} // namespace attnc

using namespace mlir;

namespace {
struct ApproximateMathPass
    : public attnc::impl::AttncApproximateMathBase<ApproximateMathPass> {
  void runOnOperation() override {
    // exp everywhere (the softmax); other math ops on vectors only (score
    // and mask regions widened to vectors), which LLVM would otherwise
    // scalarise into libm calls. Scalar ones keep libm's accuracy.
    SmallVector<Operation *> ops;
    getOperation()->walk([&](Operation *op) {
      if (!isa<math::MathDialect>(op->getDialect()))
        return;
      if (isa<math::ExpOp>(op) ||
          llvm::any_of(op->getResultTypes(), llvm::IsaPred<VectorType>))
        ops.push_back(op);
    });
    RewritePatternSet patterns(&getContext());
    populateMathPolynomialApproximationPatterns(patterns);
    GreedyRewriteConfig config;
    config.setStrictness(GreedyRewriteStrictness::ExistingAndNewOps);
    if (failed(applyOpPatternsGreedily(ops, std::move(patterns), config)))
      return signalPassFailure();
  }
};
} // namespace
