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
    getOperation().walk([](Operation *op) {
      auto annotation =
          op->getAttrOfType<LLVM::LoopAnnotationAttr>(kDiscardableName);
      if (!annotation)
        return;
      op->removeAttr(kDiscardableName);
      // Only branches carry loop metadata; an annotation already set on
      // the branch itself wins.
      if (auto br = dyn_cast<LLVM::BrOp>(op)) {
        if (!br.getLoopAnnotationAttr())
          br.setLoopAnnotationAttr(annotation);
      } else if (auto condBr = dyn_cast<LLVM::CondBrOp>(op)) {
        if (!condBr.getLoopAnnotationAttr())
          condBr.setLoopAnnotationAttr(annotation);
      }
    });
  }
};
} // namespace
