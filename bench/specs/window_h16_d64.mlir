// attnc benchmark spec: sliding window, q-256 <= k <= q, H=16, D=64.
// B=1 in the benchmark; B, Lq and Lk are runtime lengths.
func.func @window_h16_d64(%q: tensor<?x16x?x64xf32>, %k: tensor<?x16x?x64xf32>,
    %v: tensor<?x16x?x64xf32>) -> tensor<?x16x?x64xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.window<left = 256>)
    : tensor<?x16x?x64xf32>, tensor<?x16x?x64xf32>, tensor<?x16x?x64xf32>
      -> tensor<?x16x?x64xf32>
  return %o : tensor<?x16x?x64xf32>
}
