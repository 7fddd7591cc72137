// attnc benchmark spec: decoding step with a KV cache, GQA with 32 query heads
// and 8 KV heads of dim 128 (Llama-style). Lq (1 in the benchmark) and Lk are
// runtime lengths; bottom-right causal alignment lets the last query see the
// whole cache, so Lq = 1 keeps every key.
func.func @decode_gqa_h32_kv8_d128(%q: tensor<?x32x?x128xf32>, %k: tensor<?x8x?x128xf32>,
    %v: tensor<?x8x?x128xf32>) -> tensor<?x32x?x128xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.causal<bottom_right>)
    : tensor<?x32x?x128xf32>, tensor<?x8x?x128xf32>, tensor<?x8x?x128xf32>
      -> tensor<?x32x?x128xf32>
  return %o : tensor<?x32x?x128xf32>
}
