// An arbitrary boolean mask per (batch, query head), bit-packed: bit j of
// word w of a row keeps key 32 w + j (numpy's packbits with
// bitorder="little", viewed as int32). The words take 1/32 of the bytes of
// an i1 mask; the entry point checks that each row has ceil(Lk / 32).
// And-ed with causal, the tiles above the diagonal are still skipped; the
// rest test one bit per (query, key), a vector of queries at a time.
func.func @packed_causal(%q: tensor<?x8x?x64xf32>, %k: tensor<?x2x?x64xf32>,
                         %v: tensor<?x2x?x64xf32>,
                         %bits: tensor<?x8x?x?xi32> {attnc.name = "mask_bits"})
    -> tensor<?x8x?x64xf32> {
  %o = attn.attention %q, %k, %v
    inputs(%bits[b, h, q, k floordiv 32] : tensor<?x8x?x?xi32>)
    mask(#attn.and<[#attn.causal<bottom_right>,
                    #attn.bitmask<input = 0, bits = 32>]>)
    : tensor<?x8x?x64xf32>, tensor<?x2x?x64xf32>, tensor<?x2x?x64xf32>
      -> tensor<?x8x?x64xf32>
  return %o : tensor<?x8x?x64xf32>
}
