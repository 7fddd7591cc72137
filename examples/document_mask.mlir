// Packed sequences: several documents share one row of tokens; a token sees
// only earlier tokens of its own document. Document ids are runtime data
// (one per token, sorted for packed sequences but any ids work). The kernel
// skips the key tiles of other documents and evaluates the mask only on
// tiles at document boundaries.
func.func @document_causal(%q: tensor<?x4x?x64xf32>, %k: tensor<?x4x?x64xf32>,
                           %v: tensor<?x4x?x64xf32>,
                           %qdoc: tensor<?x?xi32> {attnc.name = "q_doc"},
                           %kdoc: tensor<?x?xi32> {attnc.name = "k_doc"})
    -> tensor<?x4x?x64xf32> {
  %o = attn.attention %q, %k, %v
    inputs(%qdoc[b, q] : tensor<?x?xi32>, %kdoc[b, k] : tensor<?x?xi32>)
    mask(#attn.and<[#attn.causal, #attn.document<query = 0, key = 1>]>)
    : tensor<?x4x?x64xf32>, tensor<?x4x?x64xf32>, tensor<?x4x?x64xf32>
      -> tensor<?x4x?x64xf32>
  return %o : tensor<?x4x?x64xf32>
}
