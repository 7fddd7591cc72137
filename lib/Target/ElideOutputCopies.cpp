//===- ElideOutputCopies.cpp - results written in place -------------------===//

#include "attnc/Target/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

namespace attnc {
#define GEN_PASS_DEF_ATTNCELIDEOUTPUTCOPIES
#include "attnc/Target/Passes.h.inc"
} // namespace attnc

using namespace mlir;

/// The allocation `v` is, possibly through memref.cast.
static memref::AllocOp allocOf(Value v) {
  if (auto cast = v.getDefiningOp<memref::CastOp>())
    v = cast.getSource();
  return v.getDefiningOp<memref::AllocOp>();
}

/// True if `op` only accesses elements of its memref operand, so that
/// `target` (same element type and shape, another layout) can take its
/// place. Vector accesses need a unit innermost stride.
static bool isElementAccess(Operation *op, MemRefType target) {
  if (isa<memref::LoadOp, memref::StoreOp>(op))
    return true;
  return isa<vector::LoadOp, vector::StoreOp>(op) &&
         target.isLastDimUnitStride();
}

namespace {
struct ElideOutputCopiesPass
    : public attnc::impl::AttncElideOutputCopiesBase<ElideOutputCopiesPass> {
  void runOnOperation() override {
    func::FuncOp fn = getOperation();
    SmallVector<memref::CopyOp> copies;
    fn.walk([&](memref::CopyOp copy) { copies.push_back(copy); });
    for (memref::CopyOp copy : copies) {
      auto out = dyn_cast<BlockArgument>(copy.getTarget());
      memref::AllocOp alloc = allocOf(copy.getSource());
      if (!out || out.getOwner() != &fn.getBody().front() || !alloc ||
          !out.hasOneUse() || copy->getBlock() != alloc->getBlock())
        continue;
      // Every other use of the allocation is an element access (or the
      // cast feeding the copy).
      Operation *castOp = copy.getSource().getDefiningOp<memref::CastOp>();
      auto outType = cast<MemRefType>(out.getType());
      bool accessesOnly = llvm::all_of(alloc->getUses(), [&](OpOperand &use) {
        Operation *user = use.getOwner();
        return user == copy || user == castOp ||
               isElementAccess(user, outType);
      });
      if (!accessesOnly ||
          (castOp && !llvm::hasSingleElement(castOp->getUses())))
        continue;
      for (OpOperand &use : llvm::make_early_inc_range(alloc->getUses()))
        if (use.getOwner() != copy && use.getOwner() != castOp)
          use.set(out);
      copy.erase();
      if (castOp)
        castOp->erase();
      alloc.erase();
    }
  }
};
} // namespace
