// Speculative decoding with a token tree (Medusa, EAGLE, SpecInfer): the
// draft tokens form a tree whose Lq nodes are verified in one call. They are
// the queries and the last Lq keys; the keys before them are the KV cache.
// A node sees the whole cache, itself and its ancestors, given as one parent
// index per node (-1 for a child of the cache, otherwise an earlier node).
// The entry point rejects parent links that do not point to an earlier node
// (cycles included) with ATTNC_ERROR_VALUE. Cache tiles are proven full;
// only the tiles over the tree walk the parent links.
func.func @tree_verify(%q: tensor<?x32x?x128xf32>, %k: tensor<?x8x?x128xf32>,
                       %v: tensor<?x8x?x128xf32>,
                       %parent: tensor<?x?xi32> {attnc.name = "parent"})
    -> tensor<?x32x?x128xf32> {
  %o = attn.attention %q, %k, %v inputs(%parent[b, q] : tensor<?x?xi32>)
    mask(#attn.tree<parent = 0>)
    : tensor<?x32x?x128xf32>, tensor<?x8x?x128xf32>, tensor<?x8x?x128xf32>
      -> tensor<?x32x?x128xf32>
  return %o : tensor<?x32x?x128xf32>
}

// The draft tokens' position ids (Medusa's medusa_position_ids), for their
// rotary embeddings: node t has pos[t] ancestors in the tree and sits at
// position P + pos[t] of the sequence, P = Lk - Lq the cache length.
// Siblings share a position. Its entry point checks the parents as
// @tree_verify's does.
func.func @tree_positions(%parent: tensor<?x?xi32>) -> tensor<?x?xi32> {
  %pos = attn.tree_positions %parent : tensor<?x?xi32> -> tensor<?x?xi32>
  return %pos : tensor<?x?xi32>
}
