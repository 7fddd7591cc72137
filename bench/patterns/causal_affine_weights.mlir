// Affine-scaled attention (Bae et al. 2026): causal with a * w + c on each row's normalised weights.
func.func @causal_affine_weights(%q: tensor<?x16x?x64xf32>, %k: tensor<?x16x?x64xf32>, %v: tensor<?x16x?x64xf32>,
                                 %a: tensor<?x16x?xf32>, %c: tensor<?x16x?xf32>) -> tensor<?x16x?x64xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.causal)
    affine_weights(%a, %c : tensor<?x16x?xf32>, tensor<?x16x?xf32>)
    : tensor<?x16x?x64xf32>, tensor<?x16x?x64xf32>, tensor<?x16x?x64xf32> -> tensor<?x16x?x64xf32>
  return %o : tensor<?x16x?x64xf32>
}
