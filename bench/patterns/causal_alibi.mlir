// ALiBi (BLOOM, MPT): causal with a per-head linear distance penalty, slopes as an input.
func.func @causal_alibi(%q: tensor<?x16x?x64xf32>, %k: tensor<?x16x?x64xf32>, %v: tensor<?x16x?x64xf32>,
                        %slopes: tensor<16xf32>) -> tensor<?x16x?x64xf32> {
  %o = attn.attention %q, %k, %v inputs(%slopes[h] : tensor<16xf32>) mask(#attn.causal)
    score(#attn.alibi<slopes = 0>)
    : tensor<?x16x?x64xf32>, tensor<?x16x?x64xf32>, tensor<?x16x?x64xf32> -> tensor<?x16x?x64xf32>
  return %o : tensor<?x16x?x64xf32>
}
