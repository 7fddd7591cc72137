//===- Attn.h - the attn dialect, attributes and ops ------------*- C++ -*-===//

#ifndef ATTNC_DIALECT_ATTN_IR_ATTN_H
#define ATTNC_DIALECT_ATTN_IR_ATTN_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "attnc/Dialect/Attn/IR/AffineConstraint.h"
#include "attnc/Dialect/Attn/IR/MaskInputs.h"

#include "attnc/Dialect/Attn/IR/AttnOpsDialect.h.inc"
#include "attnc/Dialect/Attn/IR/AttnEnums.h.inc"
#include "attnc/Dialect/Attn/IR/AttnAttrInterfaces.h.inc"

#define GET_ATTRDEF_CLASSES
#include "attnc/Dialect/Attn/IR/AttnAttrs.h.inc"

#define GET_OP_CLASSES
#include "attnc/Dialect/Attn/IR/AttnOps.h.inc"

namespace attnc::attn {
/// One entry of an extra input's index list: the iteration dim it follows
/// (0..3 for b, h, q, k; kBucket for the relative-position bucket of
/// (q, k)), divided by `divisor` rounding down (`k floordiv 32`: a word of
/// packed bits, or a block of keys), or a broadcast dimension of extent 1
/// read at 0 (dim < 0).
struct InputIndex {
  /// The bucket, as a fifth dim after b, h, q, k.
  static constexpr int kBucket = 4;
  int dim = -1;
  int64_t divisor = 1;

  /// Decodes a result of an input map the verifier accepted.
  static InputIndex decode(mlir::AffineExpr expr);
  bool isBroadcast() const { return dim < 0; }
  /// The index at iteration index `i` (of dim `dim`).
  int64_t at(int64_t i) const { return isBroadcast() ? 0 : i / divisor; }
  /// The extent for an iteration extent `n` (dynamic stays dynamic):
  /// ceil(n / divisor), or 1 for a broadcast.
  int64_t extentFor(int64_t n) const;
};

/// Calls `fn` on `mask` and on every mask nested in it (through and, or,
/// not), parents first.
void walkMasks(MaskAttrInterface mask,
               llvm::function_ref<void(MaskAttrInterface)> fn);

/// True if `mask` is, or nests, a mask attribute of type `T`.
template <typename T> bool containsMask(MaskAttrInterface mask) {
  bool found = false;
  walkMasks(mask, [&](MaskAttrInterface m) { found |= llvm::isa<T>(m); });
  return found;
}
} // namespace attnc::attn

#endif // ATTNC_DIALECT_ATTN_IR_ATTN_H
