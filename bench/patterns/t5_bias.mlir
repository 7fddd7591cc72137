// T5's relative-position bias: a [heads, 32] table read at the bucket of
// each (q, k) and added to the score (no mask).
func.func @t5_bias(%q: tensor<?x16x?x64xf32>, %k: tensor<?x16x?x64xf32>, %v: tensor<?x16x?x64xf32>, %table: tensor<16x32xf32>) -> tensor<?x16x?x64xf32> {
  %o = attn.attention %q, %k, %v inputs(%table[h, bucket] : tensor<16x32xf32>)
    buckets(#attn.t5_buckets<buckets = 32, max_distance = 128>)
    score_mod(%s, %b, %h, %i, %j, %bias) {
      %r = arith.addf %s, %bias : f32
      attn.yield %r : f32
    }
    : tensor<?x16x?x64xf32>, tensor<?x16x?x64xf32>, tensor<?x16x?x64xf32> -> tensor<?x16x?x64xf32>
  return %o : tensor<?x16x?x64xf32>
}
