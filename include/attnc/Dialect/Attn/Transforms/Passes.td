//===- Passes.td - attn dialect transformations ------------*- tablegen -*-===//

#ifndef ATTN_TRANSFORMS_PASSES_TD
#define ATTN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def AttnRaiseMaskMod : Pass<"attn-raise-mask-mod"> {
  let summary = "Move the affine predicates of mask_mod regions into mask attributes";
  let description = [{
    The mask analysis classifies tiles from mask attributes; a `mask_mod`
    region is opaque to it, so the kernel evaluates it on every element of
    every tile. This pass finds the conjuncts of a region's result that are
    boolean combinations (`arith.andi`, `arith.ori`, `arith.xori` with
    `true`) of signed or equality comparisons (`arith.cmpi`) between affine
    forms of the query `%i`, the key `%j`, `attn.query_length`,
    `attn.key_length` and index constants, and moves them into the op's
    `mask` (and-ed with the mask already there). The region keeps the other
    conjuncts, and is removed when none is left.

    Comparisons become the constraints of an `#attn.affine` mask; sets that a
    named mask expresses become it: `q - k >= 0` is `#attn.causal`, with
    `+ Lk - Lq` `#attn.causal<bottom_right>`, `q - k + R >= 0` and
    `k - q + L >= 0` together `#attn.window<left = L, right = R>`,
    `P - 1 - k >= 0` `#attn.sink<tokens = P>`, and that or-ed with a causal
    mask `#attn.prefix_lm<prefix = P>`. A conjunct that reads the batch or
    head index, an extra input, or divides is left in the region.

    ```mlir
    // Before:
    %o = attn.attention %q, %k, %v
      mask_mod(%b, %h, %i, %j) {
        %d = arith.subi %i, %j : index
        %c0 = arith.constant 0 : index
        %c256 = arith.constant 256 : index
        %past = arith.cmpi sge, %d, %c0 : index
        %near = arith.cmpi sle, %d, %c256 : index
        %keep = arith.andi %past, %near : i1
        attn.yield %keep : i1
      } : ...
    // After:
    %o = attn.attention %q, %k, %v mask(#attn.window<left = 256>) : ...
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

#endif // ATTN_TRANSFORMS_PASSES_TD
