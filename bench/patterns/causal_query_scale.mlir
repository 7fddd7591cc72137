// Per-query temperature (Llama 4's temperature tuning, SSMax): causal with each row's scores times its factor.
func.func @causal_query_scale(%q: tensor<?x16x?x64xf32>, %k: tensor<?x16x?x64xf32>, %v: tensor<?x16x?x64xf32>,
                              %t: tensor<?x?xf32>) -> tensor<?x16x?x64xf32> {
  %o = attn.attention %q, %k, %v inputs(%t[b, q] : tensor<?x?xf32>) mask(#attn.causal)
    score(#attn.query_scale<input = 0>)
    : tensor<?x16x?x64xf32>, tensor<?x16x?x64xf32>, tensor<?x16x?x64xf32> -> tensor<?x16x?x64xf32>
  return %o : tensor<?x16x?x64xf32>
}
