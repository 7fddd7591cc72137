//===- Passes.td - attnc conversion passes -----------------*- tablegen -*-===//

#ifndef ATTNC_CONVERSION_PASSES_TD
#define ATTNC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertAttnToLinalg : Pass<"convert-attn-to-linalg"> {
  let summary = "Lower attn.attention to linalg on tensors (materialised scores)";
  let description = [{
    The reference lowering: each `attn.attention` becomes a sequence of
    `linalg.generic` ops on tensors that materialise the `[B, Hkv, G, Lq, Lk]`
    score matrix: Q.K^T, scale + score_mod + mask, row max, exp, row sum,
    P.V and normalisation. GQA is expressed by expanding the query head
    dimension into (kv head, group) so that K and V are never copied.
    It is simple and obviously correct, and it is slow: the fused, tiled
    lowering replaces it on the default path.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect", "::mlir::tensor::TensorDialect"
  ];
}

#endif // ATTNC_CONVERSION_PASSES_TD
