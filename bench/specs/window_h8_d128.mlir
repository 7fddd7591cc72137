// attnc benchmark spec: sliding window, q-256 <= k <= q, H=8, D=128.
// B=1 in the benchmark; B, Lq and Lk are runtime lengths.
func.func @window_h8_d128(%q: tensor<?x8x?x128xf32>, %k: tensor<?x8x?x128xf32>,
    %v: tensor<?x8x?x128xf32>) -> tensor<?x8x?x128xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.window<left = 256>)
    : tensor<?x8x?x128xf32>, tensor<?x8x?x128xf32>, tensor<?x8x?x128xf32>
      -> tensor<?x8x?x128xf32>
  return %o : tensor<?x8x?x128xf32>
}
