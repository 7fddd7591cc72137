// Mistral-style sliding-window attention: each query sees itself and the
// 256 keys before it, aligned at the end of the KV cache (bottom-right), so
// the same library serves prefill (Lq = Lk) and decoding (Lq < Lk).
func.func @sliding_window(%q: tensor<?x8x?x64xf32>, %k: tensor<?x8x?x64xf32>,
                          %v: tensor<?x8x?x64xf32>) -> tensor<?x8x?x64xf32> {
  %o = attn.attention %q, %k, %v
    mask(#attn.window<left = 256, align = bottom_right>)
    : tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>
      -> tensor<?x8x?x64xf32>
  return %o : tensor<?x8x?x64xf32>
}
