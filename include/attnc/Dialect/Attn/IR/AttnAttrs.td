//===- AttnAttrs.td - attn mask attributes -----------------*- tablegen -*-===//

#ifndef ATTN_ATTRS_TD
#define ATTN_ATTRS_TD

include "attnc/Dialect/Attn/IR/AttnDialect.td"
include "attnc/Dialect/Attn/IR/AttnInterfaces.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def Attn_Alignment : I32EnumAttr<"Alignment",
    "how query positions line up with key positions when Lq != Lk", [
      I32EnumAttrCase<"top_left", 0>,
      I32EnumAttrCase<"bottom_right", 1>]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::attnc::attn";
  let description = [{
    `top_left`: query i sits at key position i. `bottom_right`: query i sits
    at key position i + (Lk - Lq), so the last query is aligned with the last
    key (decoding with a KV cache).
  }];
}

class Attn_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<Attn_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

class Attn_MaskAttr<string name, string attrMnemonic,
                    list<string> overrides = []>
    : Attn_Attr<name, attrMnemonic,
                [DeclareAttrInterfaceMethods<Attn_MaskAttrInterface,
                                             overrides>]>;

def Attn_CausalAttr : Attn_MaskAttr<"Causal", "causal"> {
  let summary = "causal mask: a query sees keys at or before its position";
  let description = [{
    Keeps key `k` for query `q` when `k <= q + offset`, where the offset is 0
    for `top_left` (the default) and `Lk - Lq` for `bottom_right`.

    ```mlir
    #attn.causal                  // top-left aligned
    #attn.causal<bottom_right>    // aligned at the end (KV-cache decoding)
    ```
  }];
  let parameters = (ins
    DefaultValuedParameter<"::attnc::attn::Alignment",
                           "::attnc::attn::Alignment::top_left">:$align);
  let assemblyFormat = "(`<` $align^ `>`)?";
}

def Attn_WindowAttr : Attn_MaskAttr<"Window", "window"> {
  let summary = "sliding window mask with left and right extents";
  let description = [{
    Keeps key `k` for query `q` when `p - left <= k <= p + right`, where
    `p = q + offset` is the aligned query position (see `Alignment`).
    `right` defaults to 0, which makes the window causal.

    ```mlir
    #attn.window<left = 256>                        // causal, 257 keys
    #attn.window<left = 64, right = 64>             // symmetric band
    #attn.window<left = 128, align = bottom_right>
    ```
  }];
  let parameters = (ins
    "int64_t":$left,
    DefaultValuedParameter<"int64_t", "0">:$right,
    DefaultValuedParameter<"::attnc::attn::Alignment",
                           "::attnc::attn::Alignment::top_left">:$align);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Attn_PrefixLMAttr : Attn_MaskAttr<"PrefixLM", "prefix_lm"> {
  let summary = "prefix-LM mask: bidirectional prefix, causal afterwards";
  let description = [{
    Keeps key `k` for query `q` when `k < prefix` or `k <= q`.

    ```mlir
    #attn.prefix_lm<prefix = 64>
    ```
  }];
  let parameters = (ins "int64_t":$prefix);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Attn_AffineMaskAttr : Attn_MaskAttr<"AffineMask", "affine"> {
  let summary = "affine constraints on the query, the key and the lengths";
  let description = [{
    Keeps key `k` for query `q` when every constraint holds. The
    constraints, in a string, compare sums of integer multiples of `q`, `k`,
    the runtime lengths `Lq`, `Lk` and integers with `>=`, `>`, `<=`, `<` or
    `==` (a multiple is written `3 * k`); coefficients are at most 2^20 in
    magnitude, constants at most 2^40. The kept pairs are the points of an
    intersection of half-planes:

    ```mlir
    #attn.affine<"k <= q + Lk - Lq">              // bottom-right causal
    #attn.affine<"2 * q >= k, q - k < 256">
    ```

    The constraints are kept as coefficient rows, each normalised to
    `form >= 0` or `form == 0`, which is how they print; `getConstraint`
    reads one from an MLIR `AffineExpr` over `(q, k)[Lq, Lk]`.
    `attn-raise-mask-mod`
    gives this form to the affine predicates of a `mask_mod` region that no
    named mask expresses. The mask analysis bounds the keys of a block of
    queries by each constraint that involves `k` (one without `k` that no
    query of the block meets leaves no key), proves a tile full when every
    constraint holds at the tile's four corners (an affine form is extreme
    at a corner) and empty when one fails at all four.
  }];
  // Coefficient rows rather than an IntegerSet, which would be flattened
  // again on each read: isKept reads them for every pair in the reference
  // evaluator.
  let parameters = (ins
    ArrayRefParameter<"::attnc::attn::AffineConstraint">:$constraints);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// `expr >= 0` (`== 0` with `equality`) for a pure affine `expr` over
    /// (q, k)[Lq, Lk]; nothing for a semi-affine one (floordiv, mod, a
    /// product of dims).
    static std::optional<AffineConstraint>
    getConstraint(::mlir::AffineExpr expr, bool equality);
    /// True if `c`'s coefficients are within the bounds the verifier
    /// accepts (forms that cannot overflow for lengths below 2^40).
    static bool isWithinBounds(const AffineConstraint &c);
  }];
}

def Attn_AndMaskAttr : Attn_MaskAttr<"AndMask", "and", ["readsInputs"]> {
  let summary = "keeps a key only if every operand mask keeps it";
  let description = [{
    ```mlir
    #attn.and<[#attn.causal, #attn.window<left = 128>]>
    ```
  }];
  let parameters = (ins ArrayRefParameter<"::attnc::attn::MaskAttrInterface">:$masks);
  // Custom, so that an empty list parses and reaches the verifier.
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
}

def Attn_OrMaskAttr : Attn_MaskAttr<"OrMask", "or", ["readsInputs"]> {
  let summary = "keeps a key if any operand mask keeps it";
  let description = [{
    ```mlir
    #attn.or<[#attn.causal, #attn.window<left = 0, right = 8>]>
    ```
  }];
  let parameters = (ins ArrayRefParameter<"::attnc::attn::MaskAttrInterface">:$masks);
  // Custom, so that an empty list parses and reaches the verifier.
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
}

def Attn_NotMaskAttr : Attn_MaskAttr<"NotMask", "not", ["readsInputs"]> {
  let summary = "keeps exactly the keys its operand removes";
  let description = [{
    ```mlir
    #attn.not<#attn.window<left = 4, right = 4>>
    ```
  }];
  let parameters = (ins "::attnc::attn::MaskAttrInterface":$mask);
  let assemblyFormat = "`<` $mask `>`";
}

def Attn_SinkAttr : Attn_MaskAttr<"Sink", "sink"> {
  let summary = "attention sinks / global keys: the first keys, seen by all";
  let description = [{
    Keeps key `k` for every query when `k < tokens`. On its own it is the
    global-token part of Longformer/BigBird; or-ed with a window and and-ed
    with causal it is StreamingLLM's sink + sliding window:

    ```mlir
    #attn.and<[#attn.causal,
               #attn.or<[#attn.sink<tokens = 4>, #attn.window<left = 1024>]>]>
    ```
  }];
  let parameters = (ins "int64_t":$tokens);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Attn_BlockedAttr : Attn_MaskAttr<"Blocked", "blocked"> {
  let summary = "blocked local attention: queries see keys of their own block";
  let description = [{
    Keeps key `k` for query `q` when `floor(p / size) == floor(k / size)`,
    where `p` is the aligned query position (see `Alignment`): the sequence
    is cut into blocks of `size` positions that attend only within
    themselves. And-ed with causal it is chunked local attention (Llama 4):

    ```mlir
    #attn.and<[#attn.causal, #attn.blocked<size = 8192>]>
    ```
  }];
  let parameters = (ins
    "int64_t":$size,
    DefaultValuedParameter<"::attnc::attn::Alignment",
                           "::attnc::attn::Alignment::top_left">:$align);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Attn_PowerAttr : Attn_MaskAttr<"Power", "power"> {
  let summary = "exponentially strided keys (PowerAttention)";
  let description = [{
    Keeps key `k` for query `q` when the distance `d = p - k` (with `p` the
    aligned query position) is in `[0, local]` or is a power of two: each
    query sees a local band and keys 1, 2, 4, 8, ... positions back, so the
    receptive field doubles with every layer (PowerAttention, 2025).

    ```mlir
    #attn.power<local = 16>
    ```
  }];
  let parameters = (ins
    DefaultValuedParameter<"int64_t", "0">:$local,
    DefaultValuedParameter<"::attnc::attn::Alignment",
                           "::attnc::attn::Alignment::top_left">:$align);
  let assemblyFormat = "(`<` struct(params)^ `>`)?";
  let genVerifyDecl = 1;
}

def Attn_DocumentAttr : Attn_MaskAttr<"Document", "document", ["readsInputs"]> {
  let summary = "document / segment mask from runtime segment ids";
  let description = [{
    Keeps key `k` for query `q` when the two carry the same segment id:
    packed sequences, where several documents share one row of tokens.
    `query` and `key` are positions in the op's `inputs` list: an integer
    tensor indexed by the query (e.g. `%qdoc[b, q]`) and one indexed by
    the key (`%kdoc[b, k]`). And-ed with causal it is causal attention
    within each document:

    ```mlir
    attn.attention %q, %k, %v
        inputs(%qdoc[b, q] : tensor<?x?xi32>, %kdoc[b, k] : tensor<?x?xi32>)
        mask(#attn.and<[#attn.causal, #attn.document<query = 0, key = 1>]>)
    ```

    The ids need not be sorted. The kernel classifies each tile at run time
    from the ranges of ids it covers: disjoint ranges make it empty, one id
    on both sides makes it full, so with sorted ids only the blocks along
    the document boundaries evaluate the mask.
  }];
  let parameters = (ins "unsigned":$query, "unsigned":$key);
  let assemblyFormat = "`<` struct(params) `>`";
}

def Attn_TreeAttr : Attn_MaskAttr<"Tree", "tree", ["readsInputs"]> {
  let summary = "token-tree mask for speculative decoding from parent links";
  let description = [{
    Tree attention as in Medusa, EAGLE or SpecInfer: the `Lq` queries are
    the nodes of a tree of draft tokens, which are also the last `Lq` keys;
    the keys before them are the prefix (the KV cache). Query `q` sees the
    whole prefix and, among the tree's keys, itself and its ancestors.

    `parent` is a position in the op's `inputs` list: an integer tensor
    indexed by the query (`%parent[b, q]` or `%parent[q]`) holding each
    node's parent node, or -1 for a child of the prefix. Nodes come in
    topological order, every parent before its children (as the drafting
    methods produce them; it also rules out cycles). The C entry point
    checks this and returns `ATTNC_ERROR_VALUE` otherwise.

    ```mlir
    attn.attention %q, %k, %v inputs(%parent[b, q] : tensor<?x?xi32>)
        mask(#attn.tree<parent = 0>)
    ```

    With position ids for rotary embeddings given by each node's depth, the
    tree is verified in one step. The mask analysis proves the prefix full
    and the keys after the block's last node empty; tiles over the tree are
    evaluated per element by walking the parent links.
  }];
  let parameters = (ins "unsigned":$parent);
  let assemblyFormat = "`<` struct(params) `>`";
}

def Attn_BitmaskAttr : Attn_MaskAttr<"Bitmask", "bitmask", ["readsInputs"]> {
  let summary = "boolean mask tensor packed eight, 16 or 32 keys to a word";
  let description = [{
    A dense boolean mask with one bit per (query, key) pair: key `k` is
    kept when bit `k mod W` of word `k floordiv W` is set, bit 0 being the
    least significant (numpy's `packbits(mask, bitorder="little")` for
    `W = 8`, FlashInfer's packed custom masks). `input` is a position in
    the op's `inputs` list: an integer tensor of `W = bits`-bit words whose
    index list has `k floordiv W` where a boolean mask would have `k`, so
    that its dimension holds `ceil(Lk / W)` words; its other indices are
    any of `b`, `h`, `q` or `0`. It takes `W` times less memory than an
    `i1` mask read by a `mask_mod`.

    ```mlir
    attn.attention %q, %k, %v
        inputs(%bits[b, h, q, k floordiv 32] : tensor<?x8x?x?xi32>)
        mask(#attn.bitmask<input = 0, bits = 32>)
    ```

    The bits are runtime data: the kernel evaluates them per element in the
    tiles that the rest of the mask leaves partial.
  }];
  let parameters = (ins "unsigned":$input, "unsigned":$bits);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Attn_NeighborhoodAttr : Attn_MaskAttr<"Neighborhood", "neighborhood"> {
  let summary = "N-D neighbourhood attention over a grid of tokens (NATTEN)";
  let description = [{
    Neighbourhood attention (Hassani et al., NAT / DiNAT / Generalized
    Neighborhood Attention): the tokens are the points of a 1-, 2- or 3-D
    grid of extents `grid`, laid out row-major (the last axis fastest), and
    a query sees the keys inside a window around it, axis by axis. Queries
    and keys are the same tokens: the op's `Lq` and `Lk` must both be the
    grid's size, statically.

    Per axis of extent `n`, with window `K`, dilation `d`, stride `s` and
    coordinates `i` (query) and `j` (key): a key is kept only if
    `i mod d == j mod d` (the same dilation group); within the group,
    positions are `i' = i div d`, `j' = j div d`, and the group holds
    `m = (n - 1 - i mod d) div d + 1` of them. Queries in one stride group
    (`i' div s`) share the window of its leader:

    * non-causal: leader `l = min((i' div s) s + s div 2, m - 1)`,
      window start `w = clamp(l - K div 2, 0, m - K)`, kept when
      `w <= j' < w + K`: exactly `K` keys, shifted inwards at the borders
      as in NATTEN;
    * causal: leader `l = min((i' div s) s + s - 1, m - 1)`, kept when
      `l - K + 1 <= j' <= i'` (fewer keys near the start, and never a
      later one).

    A key is kept when every axis keeps it; every query keeps itself.
    Stride 1 is neighbourhood attention; stride = window is blocked (and,
    causal, chunked) attention when the window divides the group length
    (otherwise the last, partial stride group's window is shifted inwards
    at the border, as every window is). `dilation`, `stride` and `causal` default to 1, 1 and false
    on every axis. Requires `1 <= K`, `K * d <= n` and `1 <= s <= K`.

    ```mlir
    #attn.neighborhood<grid = [64, 64], window = [7, 7]>
    #attn.neighborhood<grid = [16, 32, 32], window = [3, 7, 7],
                       dilation = [1, 2, 2], causal = [true, false, false]>
    ```

    The mask analysis bounds the window of a block of queries axis by axis:
    the kernel visits the box of keys that window allows, one run of the
    last axis at a time, so the cost follows the window, not `L^2`.
  }];
  let parameters = (ins
    ArrayRefParameter<"int64_t">:$grid,
    ArrayRefParameter<"int64_t">:$window,
    ArrayRefParameter<"int64_t">:$dilation,
    ArrayRefParameter<"int64_t">:$stride,
    ArrayRefParameter<"bool">:$causal);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The number of tokens of the grid.
    int64_t getNumTokens() const;
    /// Tokens between consecutive coordinates of `axis` (row-major).
    int64_t getPitch(unsigned axis) const;
  }];
}

class Attn_ScoreAttr<string name, string attrMnemonic,
                     list<string> overrides = []>
    : Attn_Attr<name, attrMnemonic,
                [DeclareAttrInterfaceMethods<Attn_ScoreAttrInterface,
                                             overrides>]>;

def Attn_SoftcapAttr : Attn_ScoreAttr<"Softcap", "softcap"> {
  let summary = "tanh soft-capping of the scores";
  let description = [{
    `s -> cap * tanh(s / cap)` (Gemma 2, Grok): scores stay within
    (-cap, cap).

    ```mlir
    score(#attn.softcap<cap = 50.0>)
    ```
  }];
  let parameters = (ins "::mlir::FloatAttr":$cap);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Attn_AlibiAttr : Attn_ScoreAttr<"Alibi", "alibi", ["getInputIndices"]> {
  let summary = "ALiBi: a linear penalty on the query-key distance per head";
  let description = [{
    `s -> s + m_h * (k - p)` with `p` the aligned query position (as for
    masks). By default the slopes are the standard geometric ones of Press
    et al. (BLOOM, MPT): with `n` the largest power of two at most `H` (the
    query heads), `m_h = 2^(-max_bias * (h + 1) / n)` for `h < n`, and the
    remaining heads take every other slope of `2n` heads,
    `m_h = 2^(-max_bias * (2 (h - n) + 1) / (2 n))`. `max_bias` defaults
    to 8.

    `slopes = I` takes the slopes from input `I` of the op's `inputs` list
    instead: an f32, f16 or bf16 tensor indexed by the head (`%m[h]`, one slope per
    query head, or `%m[b, h]`); it may not be indexed by the key. Its
    extents are verified like those of every input, so slopes for another
    head count are rejected.

    ```mlir
    score(#attn.alibi)
    score(#attn.alibi<max_bias = 8.0, align = bottom_right>)
    inputs(%m[h] : tensor<16xf32>) score(#attn.alibi<slopes = 0>)
    ```
  }];
  let parameters = (ins
    OptionalParameter<"::mlir::FloatAttr">:$max_bias,
    OptionalParameter<"std::optional<unsigned>">:$slopes,
    DefaultValuedParameter<"::attnc::attn::Alignment",
                           "::attnc::attn::Alignment::top_left">:$align);
  let assemblyFormat = "(`<` struct(params)^ `>`)?";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The geometric slope of query head `h` of `numHeads` (without a
    /// slopes input).
    double getSlope(int64_t h, int64_t numHeads) const;
    /// max_bias, 8 when absent.
    double getMaxBiasOrDefault() const {
      return getMaxBias() ? getMaxBias().getValueAsDouble() : 8.0;
    }
  }];
}

def Attn_QueryScaleAttr
    : Attn_ScoreAttr<"QueryScale", "query_scale", ["getInputIndices"]> {
  let summary = "per-query temperature: scores times a factor per row";
  let description = [{
    `s -> t * s` with `t` the element of input `input` of the op's `inputs`
    list at the row: an f32, f16 or bf16 tensor indexed by any of `b`, `h` and `q` (or
    `0`), not by the key. `t` is an inverse temperature per query, as in
    Llama 4's attention temperature tuning (`t = 1 + beta * log(floor((p +
    1) / a) + 1)` of the position `p`) or Scalable-Softmax (`t = s_h * log
    n`). The factor applies to the scaled score, before the modifiers after
    it and the `score_mod`.

    ```mlir
    inputs(%t[b, h, q] : tensor<?x16x?xf32>) score(#attn.query_scale<input = 0>)
    ```
  }];
  let parameters = (ins "unsigned":$input);
  let assemblyFormat = "`<` struct(params) `>`";
}

class Attn_BucketAttr<string name, string attrMnemonic>
    : Attn_Attr<name, attrMnemonic,
                [DeclareAttrInterfaceMethods<Attn_BucketAttrInterface>]>;

def Attn_T5BucketsAttr : Attn_BucketAttr<"T5Buckets", "t5_buckets"> {
  let summary = "T5's log-spaced relative-position buckets";
  let description = [{
    The relative-position buckets of T5 (Raffel et al. 2020; also mT5,
    Flan-T5, UL2), of the distance `d = k - p` with `p` the aligned query
    position (`bottom_right` for decoding with a KV cache). With
    `n = buckets` (halved when bidirectional: keys after the query,
    `d > 0`, take the upper half) and `e = n / 2`, a distance `a = |d|`
    (bidirectional) or `a = max(-d, 0)` (not) falls in bucket `a` when
    `a < e`, otherwise in
    `min(e + floor(log(a / e) / log(max_distance / e) * (n - e)), n - 1)`,
    evaluated in double precision (Hugging Face's T5 evaluates the log in
    f32, which can differ by one bucket where the value is within an f32
    rounding of an integer).

    ```mlir
    buckets(#attn.t5_buckets<buckets = 32, max_distance = 128>)
    buckets(#attn.t5_buckets<buckets = 32, max_distance = 128,
                             bidirectional = false, align = bottom_right>)
    ```
  }];
  let parameters = (ins
    "int64_t":$buckets,
    "int64_t":$max_distance,
    DefaultValuedParameter<"bool", "true">:$bidirectional,
    DefaultValuedParameter<"::attnc::attn::Alignment",
                           "::attnc::attn::Alignment::top_left">:$align);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The smallest distance of each bucket past the exact ones, in order:
    /// a distance a >= n/2 falls in bucket n/2 + #{thresholds <= a}.
    ::llvm::SmallVector<int64_t> getLogThresholds() const;
  }];
}

def Attn_ClippedBucketsAttr
    : Attn_BucketAttr<"ClippedBuckets", "clipped_buckets"> {
  let summary = "relative positions clipped to a maximum distance";
  let description = [{
    Shaw et al. 2018's clipped relative positions: bucket
    `clamp(k - p, -max_distance, max_distance) + max_distance`, one of
    `2 max_distance + 1`, with `p` the aligned query position.

    ```mlir
    buckets(#attn.clipped_buckets<max_distance = 16>)
    ```
  }];
  let parameters = (ins
    "int64_t":$max_distance,
    DefaultValuedParameter<"::attnc::attn::Alignment",
                           "::attnc::attn::Alignment::top_left">:$align);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

#endif // ATTN_ATTRS_TD
