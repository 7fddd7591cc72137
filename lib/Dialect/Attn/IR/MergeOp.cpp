//===- MergeOp.cpp - attn.merge -------------------------------------------===//

#include "attnc/Dialect/Attn/IR/Attn.h"

using namespace mlir;
using namespace attnc::attn;

/// Every partial has the type of the result it merges into, and the LSE is
/// [B, H, L] of the output, with the same static and dynamic extents: the
/// C entry point then checks the dynamic ones against one B and one L.
LogicalResult MergeOp::verify() {
  if (getOutputs().empty())
    return emitOpError("needs at least one partial result");
  if (getOutputs().size() != getLses().size())
    return emitOpError("needs one LSE per partial output, got ")
           << getOutputs().size() << " outputs and " << getLses().size()
           << " LSEs";
  RankedTensorType outType = getOutput().getType();
  RankedTensorType lseType = getLse().getType();
  for (auto [n, o] : llvm::enumerate(getOutputs()))
    if (o.getType() != outType)
      return emitOpError("partial output #")
             << n << " has type " << o.getType() << ", expected the result's "
             << outType;
  for (auto [n, l] : llvm::enumerate(getLses()))
    if (l.getType() != lseType)
      return emitOpError("partial LSE #")
             << n << " has type " << l.getType() << ", expected the result's "
             << lseType;
  if (outType.getShape().take_front(3) != lseType.getShape())
    return emitOpError("the LSE must be [B, H, L] of the output ")
           << outType << ", got " << lseType;
  for (int64_t d : {1, 3})
    if (outType.isDynamicDim(d))
      return emitOpError("head count and head dim must be static, got ")
             << outType;
  return success();
}
