// attnc benchmark spec: causal attention (k <= q), H=8, D=128.
// B=1 in the benchmark; B, Lq and Lk are runtime lengths.
func.func @causal_h8_d128(%q: tensor<?x8x?x128xf32>, %k: tensor<?x8x?x128xf32>,
    %v: tensor<?x8x?x128xf32>) -> tensor<?x8x?x128xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.causal)
    : tensor<?x8x?x128xf32>, tensor<?x8x?x128xf32>, tensor<?x8x?x128xf32>
      -> tensor<?x8x?x128xf32>
  return %o : tensor<?x8x?x128xf32>
}
