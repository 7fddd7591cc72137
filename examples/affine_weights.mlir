// Affine-Scaled Attention (Bae et al. 2026): the normalised weights of each
// query become a * softmax + c over its kept keys, with a scale and a bias
// per (batch, head, query) that the model computes from its input. Here
// with causal GQA (32 query heads over 8 KV heads) and the LSE.
func.func @affine_weights(%q: tensor<?x32x?x128xf32>, %k: tensor<?x8x?x128xf32>,
                          %v: tensor<?x8x?x128xf32>, %a: tensor<?x32x?xf32>,
                          %c: tensor<?x32x?xf32>)
    -> (tensor<?x32x?x128xf32>, tensor<?x32x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v mask(#attn.causal<bottom_right>)
    affine_weights(%a, %c : tensor<?x32x?xf32>, tensor<?x32x?xf32>)
    : tensor<?x32x?x128xf32>, tensor<?x8x?x128xf32>, tensor<?x8x?x128xf32>
      -> tensor<?x32x?x128xf32>, tensor<?x32x?xf32>
  return %o, %lse : tensor<?x32x?x128xf32>, tensor<?x32x?xf32>
}
