// Prefix-LM (bidirectional over the first 16 tokens, causal after) with an
// additive per-head bias tensor [H, Lq, Lk] read in the score_mod region.
func.func @prefix_lm_bias(%q: tensor<?x4x?x32xf32>, %k: tensor<?x4x?x32xf32>,
                          %v: tensor<?x4x?x32xf32>,
                          %bias: tensor<4x?x?xf32> {attnc.name = "bias"})
    -> tensor<?x4x?x32xf32> {
  %o = attn.attention %q, %k, %v inputs(%bias[h, q, k] : tensor<4x?x?xf32>)
    mask(#attn.prefix_lm<prefix = 16>)
    score_mod(%s, %b, %h, %i, %j, %bias_v) {
      %r = arith.addf %s, %bias_v : f32
      attn.yield %r : f32
    }
    : tensor<?x4x?x32xf32>, tensor<?x4x?x32xf32>, tensor<?x4x?x32xf32>
      -> tensor<?x4x?x32xf32>
  return %o : tensor<?x4x?x32xf32>
}
