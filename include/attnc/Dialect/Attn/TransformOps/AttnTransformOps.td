//===- AttnTransformOps.td - Transform dialect ops for attn -*- tablegen -*-===//
//
// Transform dialect ops that lower attn ops one at a time, so that a
// transform script (rather than a pass pipeline) chooses which op gets which
// lowering and tile sizes.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_ATTN_TRANSFORM_OPS
#define ATTNC_ATTN_TRANSFORM_OPS

include "mlir/Dialect/Transform/IR/TransformDialect.td"
include "mlir/Dialect/Transform/Interfaces/TransformInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/OpBase.td"

def LowerToFlashOp : Op<Transform_Dialect, "attn.lower_to_flash",
    [FunctionalStyleTransformOpTrait, MemoryEffectsOpInterface,
     TransformOpInterface, TransformEachOpTrait,
     ReportTrackingListenerFailuresOpTrait]> {
  let summary = "Lower attn.attention ops to the fused flash kernel";
  let description = [{
    Replaces each `attn.attention` op that `target` holds by the loop nest of
    `convert-attn-to-flash` (docs/Design.md, "The tiled form"), built with
    this op's tile sizes: `query_tile` rows per task (a multiple of
    3 * `vector_width`), `key_tile` keys per online-softmax step (a
    multiple of 8) and `vector_width` f32 lanes. Each op of a module can so
    get its own sizes, e.g. a long-context prefill and a decoding step.

    The handle is consumed; the kernel's ops are not returned. A payload op
    that is not `attn.attention` is a silenceable failure; the verifier
    rejects tile sizes the micro-kernels cannot use (a width other than 4,
    8 or 16 lanes, tiles that are not multiples of the micro-tiles).
    `mask_mod` regions are evaluated per element unless
    `attn-raise-mask-mod` has moved their affine parts into the mask
    attribute first.

    ```mlir
    %a = transform.structured.match ops{["attn.attention"]} in %root
      : (!transform.any_op) -> !transform.any_op
    transform.attn.lower_to_flash %a {query_tile = 96, key_tile = 32}
      : !transform.any_op
    ```
  }];

  let arguments = (ins TransformHandleTypeInterface:$target,
                   DefaultValuedAttr<I64Attr, "48">:$query_tile,
                   DefaultValuedAttr<I64Attr, "64">:$key_tile,
                   DefaultValuedAttr<I64Attr, "8">:$vector_width);
  let assemblyFormat = "$target attr-dict `:` type($target)";
  let hasVerifier = 1;

  let extraClassDeclaration = [{
    ::mlir::DiagnosedSilenceableFailure applyToOne(
        ::mlir::transform::TransformRewriter &rewriter,
        ::mlir::Operation *target,
        ::mlir::transform::ApplyToEachResultList &results,
        ::mlir::transform::TransformState &state);
  }];
}

#endif // ATTNC_ATTN_TRANSFORM_OPS
