// T5's relative-position bias (encoder self-attention): a learned table of
// one bias per (head, bucket), with 32 log-spaced buckets of the distance
// k - q up to 128, half for keys before the query and half after. The
// table is read at `bucket`, the bucket of (q, k) under buckets(...), and
// added to the score; T5 does not scale the scores (scale 1).
func.func @t5_encoder(%q: tensor<?x8x?x64xf32>, %k: tensor<?x8x?x64xf32>,
                      %v: tensor<?x8x?x64xf32>,
                      %table: tensor<8x32xf32> {attnc.name = "rel_bias"})
    -> tensor<?x8x?x64xf32> {
  %o = attn.attention %q, %k, %v inputs(%table[h, bucket] : tensor<8x32xf32>)
    buckets(#attn.t5_buckets<buckets = 32, max_distance = 128>) scale(1.0)
    score_mod(%s, %b, %h, %i, %j, %bias) {
      %r = arith.addf %s, %bias : f32
      attn.yield %r : f32
    }
    : tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>
      -> tensor<?x8x?x64xf32>
  return %o : tensor<?x8x?x64xf32>
}
