// attnc benchmark spec: dense (unmasked) attention, H=8, D=64.
// B=1 in the benchmark; B, Lq and Lk are runtime lengths.
func.func @dense_h8_d64(%q: tensor<?x8x?x64xf32>, %k: tensor<?x8x?x64xf32>,
    %v: tensor<?x8x?x64xf32>) -> tensor<?x8x?x64xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>
      -> tensor<?x8x?x64xf32>
  return %o : tensor<?x8x?x64xf32>
}
