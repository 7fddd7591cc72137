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

def ConvertAttnMergeToLinalg : Pass<"convert-attn-merge-to-linalg"> {
  let summary = "Lower attn.merge to linalg on tensors";
  let description = [{
    Each `attn.merge` becomes two `linalg.generic` ops: one over (b, h, l)
    for the merged LSE (the max of the partial LSEs is subtracted before
    exponentiating, so large LSEs do not overflow), one over (b, h, l, e)
    for the output, each partial weighted by `exp(LSE_n - LSE)`. Rows whose
    partials are all empty (`-inf`) give 0 and `-inf`. The merge reads each
    partial once and is bound by memory; both lowerings of `attn.attention`
    use this one.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect", "::mlir::tensor::TensorDialect"
  ];
}

def ConvertAttnTreePositionsToSCF : Pass<"convert-attn-tree-positions-to-scf"> {
  let summary = "Lower attn.tree_positions to a loop over the nodes";
  let description = [{
    Each `attn.tree_positions` becomes, per row of parents, an `scf.for`
    over the nodes in order that reads the node's parent and, unless it is
    `-1`, the parent's position, already written since parents come before
    their children. The C entry point checks that order; a parent that
    breaks it anyway (negative, or not an earlier node) is taken as `-1`,
    so the loop never reads out of bounds. The work is O(B * Lq) and
    sequential within a row, like the parent links.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

def ConvertAttnToFlash : Pass<"convert-attn-to-flash"> {
  let summary = "Lower attn.attention to a fused, tiled, vectorised flash kernel";
  let description = [{
    The default CPU lowering. Each `attn.attention` becomes one loop nest on
    buffers that never materialises the score matrix:

    - `scf.parallel` over (batch, query head, query tile) tasks, which
      `convert-scf-to-openmp` turns into an OpenMP work-sharing loop;
    - per task, the query tile is packed once, transposed and pre-scaled
      (`Qt[D][Mq]`), and an online softmax runs over key tiles carrying the
      running max, sum and output accumulator `Ot[Dv][Mq]`;
    - the key loop covers only `[lo, hi)` from the mask tile analysis
      (attnc/Analysis/MaskTileAnalysis.h): empty tiles are never visited,
      tiles proven full skip mask evaluation, partial tiles evaluate the mask
      attribute and `mask_mod` per element;
    - Q.K^T and P.V are register-blocked vector micro-kernels (vector.fma on
      `vector<Wxf32>`) that read K and V in place through their strides, one
      scalar broadcast per element: no copy of K or V, also not for GQA.

    Scores are computed transposed (`St[key][query]`), so the softmax
    statistics of a query live in vector lanes and every softmax step is a
    vector operation. The tile sizes are options; see docs/Design.md for how
    they were chosen.
  }];
  let options = [
    Option<"queryTile", "query-tile", "int64_t", /*default=*/"48",
           "Queries per task (a multiple of 3 * vector-width)">,
    Option<"keyTile", "key-tile", "int64_t", /*default=*/"64",
           "Keys per online-softmax step (a multiple of 8)">,
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"8",
           "f32 lanes per vector: 4, 8 (AVX2) or 16 (AVX-512)">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::bufferization::BufferizationDialect",
    "::mlir::LLVM::LLVMDialect", "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect", "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect"
  ];
}

def AttncApproximateMath : Pass<"attnc-approximate-math"> {
  let summary = "Replace math.exp and vector math ops with MLIR's polynomial approximations";
  let description = [{
    LLVM would scalarise math ops on vectors into libm calls. This pass
    applies MLIR's polynomial approximations (a few ulp in f32) to every
    `math.exp`, so the softmax stays in vector registers, and to the other
    math ops it supports (`tanh`, `log`, `erf`, ...) where they act on
    vectors: score_mod and mask_mod regions are widened to vectors of rows.
    Scalar math ops other than `exp` keep libm's accuracy.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::math::MathDialect",
    "::mlir::vector::VectorDialect"
  ];
}

#endif // ATTNC_CONVERSION_PASSES_TD
