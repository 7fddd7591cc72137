//===- AttnDialect.td - the attn dialect -------------------*- tablegen -*-===//

#ifndef ATTN_DIALECT_TD
#define ATTN_DIALECT_TD

include "mlir/IR/OpBase.td"

def Attn_Dialect : Dialect {
  let name = "attn";
  let cppNamespace = "::attnc::attn";
  let summary = "Attention variants as one fused, analysable operation";
  let description = [{
    The `attn` dialect describes an attention computation and its variant
    (masks, score modifiers, head layout) at the tensor level, so that the
    compiler can analyse the mask and fuse everything into one tiled kernel.
    See docs/UserGuide.md for the reference semantics.
  }];
  let useDefaultAttributePrinterParser = 1;
  let extraClassDeclaration = [{
    /// Registers the attributes (defined beside their storage, in AttnAttrs.cpp).
    void registerAttributes();
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect"];
}

#endif // ATTN_DIALECT_TD
