//===- AttachLoopAnnotations.cpp - loop metadata onto LLVM branches -------===//

#include "attnc/Target/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

namespace attnc {
#define GEN_PASS_DEF_ATTNCATTACHLOOPANNOTATIONS
#include "attnc/Target/Passes.h.inc"
} // namespace attnc

using namespace mlir;

/// The discardable attribute that scf-to-cf puts on a loop's back edge.
static constexpr llvm::StringLiteral kDiscardableName = "llvm.loop_annotation";

namespace {
struct AttachLoopAnnotationsPass
    : public attnc::impl::AttncAttachLoopAnnotationsBase<
          AttachLoopAnnotationsPass> {
  void runOnOperation() override {
    // Only branches carry loop metadata; elsewhere the attribute stays
    // (and so stays visible). An annotation already on the branch wins.
    getOperation().walk([](Operation *op) {
      if (!isa<LLVM::BrOp, LLVM::CondBrOp>(op))
        return;
      auto annotation =
          op->getAttrOfType<LLVM::LoopAnnotationAttr>(kDiscardableName);
      if (!annotation)
        return;
      op->removeAttr(kDiscardableName);
      auto attach = [&](auto branch) {
        if (!branch.getLoopAnnotationAttr())
          branch.setLoopAnnotationAttr(annotation);
      };
      if (auto br = dyn_cast<LLVM::BrOp>(op))
        attach(br);
      else
        attach(cast<LLVM::CondBrOp>(op));
    });
  }
};
} // namespace
