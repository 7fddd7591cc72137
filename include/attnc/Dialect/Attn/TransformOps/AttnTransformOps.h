//===- AttnTransformOps.h - Transform dialect ops for attn ------*- C++ -*-===//

#ifndef ATTNC_DIALECT_ATTN_TRANSFORMOPS_ATTNTRANSFORMOPS_H
#define ATTNC_DIALECT_ATTN_TRANSFORMOPS_ATTNTRANSFORMOPS_H

#include "mlir/Dialect/Transform/IR/TransformDialect.h"
#include "mlir/Dialect/Transform/Interfaces/TransformInterfaces.h"
#include "mlir/IR/OpImplementation.h"

#define GET_OP_CLASSES
#include "attnc/Dialect/Attn/TransformOps/AttnTransformOps.h.inc"

namespace attnc {
namespace attn {
/// Registers the transform.attn.* ops with the transform dialect.
void registerTransformDialectExtension(mlir::DialectRegistry &registry);
} // namespace attn
} // namespace attnc

#endif // ATTNC_DIALECT_ATTN_TRANSFORMOPS_ATTNTRANSFORMOPS_H
