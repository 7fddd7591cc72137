// Score modifiers that read tensors: ALiBi with slopes of one's own (one per
// query head, e.g. fine-tuned ones) and a per-query temperature, as Llama 4
// scales queries by 1 + beta * log(floor((p + 1) / a) + 1) of their position
// p. The factors `t` multiply each row's scaled scores, then ALiBi adds
// m_h * (k - p) with p aligned at the end of the cache. Both tensors are
// read once per row vector inside the fused kernel.
func.func @alibi_slopes_temperature(%q: tensor<?x16x?x64xf32>,
                                    %k: tensor<?x4x?x64xf32>,
                                    %v: tensor<?x4x?x64xf32>,
                                    %slopes: tensor<16xf32> {attnc.name = "slopes"},
                                    %t: tensor<?x?xf32> {attnc.name = "temperature"})
    -> tensor<?x16x?x64xf32> {
  %o = attn.attention %q, %k, %v
    inputs(%slopes[h] : tensor<16xf32>, %t[b, q] : tensor<?x?xf32>)
    mask(#attn.causal<bottom_right>)
    score(#attn.query_scale<input = 1>, #attn.alibi<slopes = 0, align = bottom_right>)
    : tensor<?x16x?x64xf32>, tensor<?x4x?x64xf32>, tensor<?x4x?x64xf32>
      -> tensor<?x16x?x64xf32>
  return %o : tensor<?x16x?x64xf32>
}
