//===- AttnOps.td - attn operations ------------------------*- tablegen -*-===//

#ifndef ATTN_OPS_TD
#define ATTN_OPS_TD

include "attnc/Dialect/Attn/IR/AttnAttrs.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/CommonTypeConstraints.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"

class Attn_Op<string mnemonic, list<Trait> traits = []>
    : Op<Attn_Dialect, mnemonic, traits>;

def Attn_FloatTensor4D : RankedTensorOf<[F32, F16, BF16], [HasAnyRankOfPred<[4]>],
                                        "4-D tensor">;

def Attn_FloatTensor1D : RankedTensorOf<[F32, F16, BF16], [HasAnyRankOfPred<[1]>],
                                        "1-D tensor">;

def Attn_FloatTensor3D : RankedTensorOf<[F32, F16, BF16], [HasAnyRankOfPred<[3]>],
                                        "3-D tensor">;

def Attn_AttentionOp : Attn_Op<"attention", [Pure, IsolatedFromAbove,
                                             AttrSizedOperandSegments]> {
  let summary = "scaled dot-product attention with masks and score modifiers";
  let description = [{
    Computes attention over Q `[B, Hq, Lq, Dqk]`, K `[B, Hkv, Lk, Dqk]` and
    V `[B, Hkv, Lk, Dv]`. Query head `h` reads key/value head
    `h / (Hq / Hkv)`, which covers MHA, GQA and MQA. For each (b, h, i, j):

    ```
    s(i,j)    = score_mod(mods(scale * <Q[b,h,i], K[b,g,j]>), b, h, i, j)
    keep(i,j) = mask(i, j) and mask_mod(b, h, i, j)
    O[b,h,i]  = sum_j softmax_j(s(i,j) | keep) * V[b,g,j]
    LSE[b,h,i]= log sum over kept j of exp(s(i,j))
    ```

    `mods` are the score modifier attributes of `score(...)`, applied in
    order (`#attn.alibi`, `#attn.softcap<cap = C>`); a `score_mod` region
    sees their result.

    `low_rank_bias(%u, %w : tensor<B x Hq x Lq x R>, tensor<B x Hkv x Lk x R>)`
    adds a bias given by its low-rank factors (FlashBias, Wu et al. 2025)
    to the scaled score, before the modifiers:
    `scale * <Q[b,h,i], K[b,g,j]> + <U[b,h,i], W[b,g,j]>`. W is indexed by
    the key/value head, like K; the kernel folds the factors into a
    widened Q.K^T (R more columns) and never forms the Lq x Lk bias.

    Two optional epilogue operands change the normaliser and the output:

    * `sinks(%s : tensor<Hq x T>)`: a learned logit per query head that
      joins every row's softmax denominator without a value (gpt-oss):
      `Z = sum_j exp(s_j - m) + exp(sink_h - m)` with `m` the max over the
      kept scores and the sink. Sinks are finite or `-inf` (no sink); a row
      with no kept key then has `O = 0` and `LSE = sink_h`.
    * `gate(%g : tensor<B x Hq x Lq x Dv>)` (or `... x 1` for one gate per
      head): the output is `O * sigmoid(G)` elementwise (Gated Attention,
      Qiu et al. 2025). The LSE is not gated.
    * `affine_weights(%a, %c : tensor<B x Hq x Lq>, tensor<B x Hq x Lq>)`:
      the normalised weights of row (b, h, i) become `a * w_j + c` over its
      kept keys (Affine-Scaled Attention, Bae et al. 2026), so
      `O = a * O_softmax + c * sum_j V[b,g,j]` over the kept j: keys the
      mask keeps whose score (after the modifiers) is not `-inf`. The
      kernel accumulates that sum beside the output; the LSE is the
      softmax's. Applied before the gate.

    A row with no kept key yields `O = 0` and `LSE = -inf`. `scale`
    defaults to `1/sqrt(Dqk)`. `B`, `Lq` and `Lk` may be dynamic; head counts
    and head dims must be static. The second result, when present, is the
    log-sum-exp `[B, Hq, Lq]` in f32.

    `inputs` are extra tensors that the regions read. Each is indexed by a
    list over the iteration dims `b`, `h` (the query head), `q`, `k`, one
    of them `floordiv` an integer (`k floordiv 32`: a word of packed bits),
    `bucket`, or `0` for a broadcast dimension of size 1; the region
    receives the indexed element as a block argument after the index
    arguments. `bucket` is the relative-position bucket of `(q, k)` under
    the op's `buckets(...)` clause (`#attn.t5_buckets`,
    `#attn.clipped_buckets`): a T5 bias table is
    `inputs(%table[h, bucket] : tensor<Hq x 32 x f32>)
    buckets(#attn.t5_buckets<buckets = 32, max_distance = 128>)`, added to
    the score by a `score_mod`.

    Example (causal GQA with a tanh softcap of 30 and a bias):

    ```mlir
    %o = attn.attention %q, %k, %v inputs(%bias[h, q, k] : tensor<32x?x?xf32>)
           mask(#attn.causal)
           score_mod(%s, %b, %h, %i, %j, %bias_v) {
             %c = arith.constant 30.0 : f32
             %t = arith.divf %s, %c : f32
             %th = math.tanh %t : f32
             %sc = arith.mulf %th, %c : f32
             %r = arith.addf %sc, %bias_v : f32
             attn.yield %r : f32
           }
         : tensor<?x32x?x128xf32>, tensor<?x8x?x128xf32>, tensor<?x8x?x128xf32>
           -> tensor<?x32x?x128xf32>
    ```
  }];

  let arguments = (ins
    Attn_FloatTensor4D:$query,
    Attn_FloatTensor4D:$key,
    Attn_FloatTensor4D:$value,
    Variadic<AnyRankedTensor>:$inputs,
    Optional<Attn_FloatTensor1D>:$sinks,
    Optional<Attn_FloatTensor4D>:$gate,
    Optional<Attn_FloatTensor4D>:$bias_query_factor,
    Optional<Attn_FloatTensor4D>:$bias_key_factor,
    Optional<Attn_FloatTensor3D>:$weight_scale,
    Optional<Attn_FloatTensor3D>:$weight_bias,
    OptionalAttr<F64Attr>:$scale,
    OptionalAttr<Attn_MaskAttrInterface>:$mask,
    OptionalAttr<TypedArrayAttrBase<Attn_ScoreAttrInterface,
                                    "score modifier attributes">>:$score,
    OptionalAttr<AffineMapArrayAttr>:$input_maps,
    OptionalAttr<Attn_BucketAttrInterface>:$buckets);
  let results = (outs
    Attn_FloatTensor4D:$output,
    Optional<RankedTensorOf<[F32]>>:$lse);
  let regions = (region AnyRegion:$mask_mod, AnyRegion:$score_mod);

  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let hasRegionVerifier = 1;

  let extraClassDeclaration = [{
    /// Number of query heads (static).
    int64_t getNumQueryHeads();
    /// Number of key/value heads (static).
    int64_t getNumKeyValueHeads();
    /// Query heads per key/value head.
    int64_t getGroupSize() { return getNumQueryHeads() / getNumKeyValueHeads(); }
    /// The scale applied to Q.K: the attribute or 1/sqrt(Dqk).
    double getScaleOrDefault();
    /// The index map of each extra input over (b, h, q, k), with the
    /// relative-position bucket as symbol 0 where it is used.
    ::llvm::SmallVector<::mlir::AffineMap> getInputIndexMaps();
    /// True if extra input `input` is read at different places for
    /// different values of iteration dim `dim` (0..3): its index list has
    /// `dim` (divided or not), or `bucket` and `dim` is q or k.
    bool inputDependsOn(unsigned input, unsigned dim);
    /// Builds the indices of extra input `input` at the iteration point
    /// `iter` = (b, h, q, k), index values: dims, their quotients, 0 for
    /// broadcasts and the bucket of (q, k) (`bucket` if given, else built).
    ::llvm::SmallVector<::mlir::Value> buildInputIndices(
        ::mlir::OpBuilder &builder, ::mlir::Location loc, unsigned input,
        ::mlir::ValueRange iter, ::mlir::Value queryLen,
        ::mlir::Value keyLen, ::mlir::Value bucket = {});
    /// The extents of the iteration dims b, h, q, k and, last, the number
    /// of relative-position buckets (0 without `buckets(...)`).
    ::llvm::SmallVector<int64_t, 5> getIterationExtents();
    bool hasMaskMod() { return !getMaskMod().empty(); }
    /// True with `low_rank_bias(U, W)` (both factors).
    bool hasLowRankBias() {
      return getBiasQueryFactor() && getBiasKeyFactor();
    }
    /// True with `affine_weights(a, c)` (both tensors).
    bool hasAffineWeights() { return getWeightScale() && getWeightBias(); }
    bool hasScoreMod() { return !getScoreMod().empty(); }
    /// The score modifier attributes, in the order they apply.
    ::llvm::SmallVector<ScoreAttrInterface> getScoreModifiers();
    /// True if scores change between scaling and the softmax: score
    /// modifier attributes or a score_mod region (applied after them).
    bool modifiesScores() {
      return hasScoreMod() || !getScoreModifiers().empty();
    }
    /// Names of the four iteration dims, in order: b, h, q, k.
    static ::llvm::ArrayRef<::llvm::StringRef> getIterationDimNames();
    /// Clones the body of `region` (mask_mod or score_mod) at the builder's
    /// insertion point with its arguments replaced by `args`, and returns
    /// the value it yields. The ops are elementwise, so `args` may also be
    /// vectors of one shape: each op with a vector operand is widened to
    /// it, with its scalar operands (constants) broadcast.
    /// `attn.query_length` and `attn.key_length` become `queryLen` and
    /// `keyLen` (index values).
    static ::mlir::Value inlineModRegion(::mlir::OpBuilder &builder,
                                         ::mlir::Region &region,
                                         ::mlir::ValueRange args,
                                         ::mlir::Value queryLen,
                                         ::mlir::Value keyLen);
  }];
}

def Attn_LseTensor3D : RankedTensorOf<[F32], [HasAnyRankOfPred<[3]>],
                                      "3-D f32 tensor">;

def Attn_MergeOp : Attn_Op<"merge", [Pure, AttrSizedOperandSegments]> {
  let summary = "merges partial attention results over disjoint key ranges";
  let description = [{
    Combines N partial results `(O_n [B, H, L, Dv], LSE_n [B, H, L])` of
    attention over disjoint sets of keys into the result over their union
    (split-K decoding, context / sequence parallelism, a KV cache in
    pages): per (b, h, l),

    ```
    LSE = log sum_n exp(LSE_n)
    O   = sum_n exp(LSE_n - LSE) * O_n
    ```

    A partial with `LSE_n = -inf` (no kept key) contributes nothing; when
    every partial is empty, `O = 0` and `LSE = -inf`, as for a row of
    `attn.attention` with no kept key. The partials are the results of
    `attn.attention` ops with an LSE; the order does not matter. They must
    not use `sinks(...)`: every partial's LSE would hold the sink, which
    the merge would then count once per partial.

    ```mlir
    %o, %lse = attn.merge outputs(%o0, %o1 : tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>)
                          lses(%l0, %l1 : tensor<?x8x?xf32>, tensor<?x8x?xf32>)
        -> tensor<?x8x?x64xf32>, tensor<?x8x?xf32>
    ```
  }];
  let arguments = (ins Variadic<Attn_FloatTensor4D>:$outputs,
                       Variadic<Attn_LseTensor3D>:$lses);
  let results = (outs Attn_FloatTensor4D:$output, Attn_LseTensor3D:$lse);
  let assemblyFormat = [{
    `outputs` `(` $outputs `:` type($outputs) `)`
    `lses` `(` $lses `:` type($lses) `)` attr-dict
    `->` type($output) `,` type($lse)
  }];
  let hasVerifier = 1;
}

def Attn_TreePositionsOp : Attn_Op<"tree_positions", [Pure]> {
  let summary = "position ids of the nodes of a token tree";
  let description = [{
    The position ids that the draft tokens of a token tree take in
    speculative decoding (Medusa's `medusa_position_ids`), from the same
    parent links that `#attn.tree` reads: along the last dimension (the
    tree's nodes), each node's parent is `-1` (a child of the prefix) or an
    earlier node, and

    ```
    pos[t] = 0               if parent[t] == -1
    pos[t] = pos[parent[t]] + 1  otherwise
    ```

    so `pos[t]` is the number of the node's ancestors in the tree. The
    node's position in the whole sequence, for rotary embeddings or a
    position-based bias, is `P + pos[t]`, with `P` the prefix length
    (`Lk - Lq` of the attention that uses the tree). Siblings share a
    position, as they are alternatives for the same token.

    The parents are `[Lq]` or `[B, Lq]`, integers of 8 to 64 bits; the
    result has their shape and holds i32 or i64. The C entry point checks
    the parents as it does for `#attn.tree` (`ATTNC_ERROR_VALUE` for a
    parent that is not `-1` or an earlier node, which rules out cycles).

    ```mlir
    %pos = attn.tree_positions %parent : tensor<?x?xi32> -> tensor<?x?xi32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[I8, I16, I32, I64]>:$parent);
  let results = (outs RankedTensorOf<[I32, I64]>:$positions);
  let assemblyFormat = [{
    $parent attr-dict `:` type($parent) `->` type($positions)
  }];
  let hasVerifier = 1;
}

def Attn_YieldOp : Attn_Op<"yield", [Pure, Terminator, ReturnLike,
                                     HasParent<"AttentionOp">]> {
  let summary = "returns the value of a mask_mod or score_mod region";
  let arguments = (ins AnyType:$value);
  let assemblyFormat = "$value attr-dict `:` type($value)";
}

class Attn_LengthOp<string mnemonic, string which>
    : Attn_Op<mnemonic, [Pure, HasParent<"AttentionOp">]> {
  let summary = "the runtime " # which # " length, in a mask_mod or score_mod region";
  let description = [{
    The }] # which # [{ length of the enclosing `attn.attention` (`L}] #
    !substr(which, 0, 1) # [{` of its shapes), for predicates and scores
    that depend on where a position sits relative to the end, e.g. a
    bottom-right aligned causal mask
    `%i + (attn.key_length - attn.query_length) >= %j`.
  }];
  let results = (outs Index:$length);
  let assemblyFormat = "attr-dict";
}

def Attn_QueryLengthOp : Attn_LengthOp<"query_length", "query">;
def Attn_KeyLengthOp : Attn_LengthOp<"key_length", "key">;

#endif // ATTN_OPS_TD
