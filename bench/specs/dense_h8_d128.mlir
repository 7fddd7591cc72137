// attnc benchmark spec: dense (unmasked) attention, H=8, D=128.
// B=1 in the benchmark; B, Lq and Lk are runtime lengths.
func.func @dense_h8_d128(%q: tensor<?x8x?x128xf32>, %k: tensor<?x8x?x128xf32>,
    %v: tensor<?x8x?x128xf32>) -> tensor<?x8x?x128xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<?x8x?x128xf32>, tensor<?x8x?x128xf32>, tensor<?x8x?x128xf32>
      -> tensor<?x8x?x128xf32>
  return %o : tensor<?x8x?x128xf32>
}
