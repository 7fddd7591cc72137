// A random bit-packed mask (a quarter of the words 0, the rest random
// bits: about 3/8 of the pairs), and-ed with causal.
func.func @bitmask_causal(%q: tensor<?x16x?x64xf32>, %k: tensor<?x16x?x64xf32>, %v: tensor<?x16x?x64xf32>, %bits: tensor<?x?x?xi32>) -> tensor<?x16x?x64xf32> {
  %o = attn.attention %q, %k, %v inputs(%bits[b, q, k floordiv 32] : tensor<?x?x?xi32>)
    mask(#attn.and<[#attn.causal, #attn.bitmask<input = 0, bits = 32>]>)
    : tensor<?x16x?x64xf32>, tensor<?x16x?x64xf32>, tensor<?x16x?x64xf32> -> tensor<?x16x?x64xf32>
  return %o : tensor<?x16x?x64xf32>
}
