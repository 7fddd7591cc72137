func.func @causal_sinks(%q: tensor<?x16x?x64xf32>, %k: tensor<?x16x?x64xf32>, %v: tensor<?x16x?x64xf32>, %s: tensor<16xf32>) -> tensor<?x16x?x64xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.causal) sinks(%s : tensor<16xf32>)
    : tensor<?x16x?x64xf32>, tensor<?x16x?x64xf32>, tensor<?x16x?x64xf32> -> tensor<?x16x?x64xf32>
  return %o : tensor<?x16x?x64xf32>
}
