// StreamingLLM: causal attention over the 4 first tokens (attention sinks)
// and a sliding window of the last 1024, GQA 32:8, aligned at the end so
// that it serves prefill and decoding from a KV cache alike. The key tiles
// between the sinks and the window are skipped.
func.func @streaming_llm(%q: tensor<?x32x?x128xf32>, %k: tensor<?x8x?x128xf32>,
                         %v: tensor<?x8x?x128xf32>) -> tensor<?x32x?x128xf32> {
  %o = attn.attention %q, %k, %v
    mask(#attn.and<[#attn.causal<bottom_right>,
                    #attn.or<[#attn.sink<tokens = 4>,
                              #attn.window<left = 1024, align = bottom_right>]>]>)
    : tensor<?x32x?x128xf32>, tensor<?x8x?x128xf32>, tensor<?x8x?x128xf32>
      -> tensor<?x32x?x128xf32>
  return %o : tensor<?x32x?x128xf32>
}
