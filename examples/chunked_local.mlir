// Chunked local attention (Llama 4's local layers): causal attention within
// chunks of 8192 tokens. The key loop covers only the chunk of each query
// tile.
func.func @chunked_local(%q: tensor<?x40x?x128xbf16>, %k: tensor<?x8x?x128xbf16>,
                         %v: tensor<?x8x?x128xbf16>) -> tensor<?x40x?x128xbf16> {
  %o = attn.attention %q, %k, %v
    mask(#attn.and<[#attn.causal, #attn.blocked<size = 8192>]>)
    : tensor<?x40x?x128xbf16>, tensor<?x8x?x128xbf16>, tensor<?x8x?x128xbf16>
      -> tensor<?x40x?x128xbf16>
  return %o : tensor<?x40x?x128xbf16>
}
