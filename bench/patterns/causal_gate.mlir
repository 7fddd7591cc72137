func.func @causal_gate(%q: tensor<?x16x?x64xf32>, %k: tensor<?x16x?x64xf32>, %v: tensor<?x16x?x64xf32>, %g: tensor<?x16x?x64xf32>) -> tensor<?x16x?x64xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.causal) gate(%g : tensor<?x16x?x64xf32>)
    : tensor<?x16x?x64xf32>, tensor<?x16x?x64xf32>, tensor<?x16x?x64xf32> -> tensor<?x16x?x64xf32>
  return %o : tensor<?x16x?x64xf32>
}
