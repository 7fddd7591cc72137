// Causal grouped-query attention (32 query heads over 8 KV heads, as in
// Llama 3 / Mistral) with a tanh softcap of 30 on the scores (Gemma 2).
// B, Lq and Lk are runtime lengths.
func.func @causal_gqa_softcap(%q: tensor<?x32x?x128xf32>,
                              %k: tensor<?x8x?x128xf32>,
                              %v: tensor<?x8x?x128xf32>) -> tensor<?x32x?x128xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.causal)
    score_mod(%s, %b, %h, %i, %j) {
      %cap = arith.constant 30.0 : f32
      %x = arith.divf %s, %cap : f32
      %t = math.tanh %x : f32
      %r = arith.mulf %t, %cap : f32
      attn.yield %r : f32
    }
    : tensor<?x32x?x128xf32>, tensor<?x8x?x128xf32>, tensor<?x8x?x128xf32>
      -> tensor<?x32x?x128xf32>
  return %o : tensor<?x32x?x128xf32>
}
