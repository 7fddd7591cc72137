//===- TreePositionsOp.cpp - attn.tree_positions --------------------------===//

#include "attnc/Dialect/Attn/IR/Attn.h"

using namespace mlir;
using namespace attnc::attn;

/// The parents are [Lq] or [B, Lq], as `#attn.tree` reads them, and the
/// positions have their shape: the C entry point checks both against one B
/// and one Lq.
LogicalResult TreePositionsOp::verify() {
  RankedTensorType parentType = getParent().getType();
  RankedTensorType posType = getPositions().getType();
  if (parentType.getRank() != 1 && parentType.getRank() != 2)
    return emitOpError("parents must be [Lq] or [B, Lq], got ") << parentType;
  if (parentType.getShape() != posType.getShape())
    return emitOpError("positions must have the parents' shape ")
           << parentType << ", got " << posType;
  return success();
}
