// attnc benchmark spec: dense (unmasked) attention, H=16, D=64.
// B=1 in the benchmark; B, Lq and Lk are runtime lengths.
func.func @dense_h16_d64(%q: tensor<?x16x?x64xf32>, %k: tensor<?x16x?x64xf32>,
    %v: tensor<?x16x?x64xf32>) -> tensor<?x16x?x64xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<?x16x?x64xf32>, tensor<?x16x?x64xf32>, tensor<?x16x?x64xf32>
      -> tensor<?x16x?x64xf32>
  return %o : tensor<?x16x?x64xf32>
}
