// The concise score modifiers: ALiBi with the standard per-head slopes
// (BLOOM, MPT) and a tanh softcap of 30 (Gemma 2), on causal attention with
// 12 query heads over 4 KV heads. They apply in order, on vectors of rows
// inside the fused kernel; a score_mod region, if any, would see the result.
func.func @alibi_softcap(%q: tensor<?x12x?x64xf32>, %k: tensor<?x4x?x64xf32>,
                         %v: tensor<?x4x?x64xf32>) -> tensor<?x12x?x64xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.causal<bottom_right>)
    score(#attn.alibi<align = bottom_right>, #attn.softcap<cap = 30.0>)
    : tensor<?x12x?x64xf32>, tensor<?x4x?x64xf32>, tensor<?x4x?x64xf32>
      -> tensor<?x12x?x64xf32>
  return %o : tensor<?x12x?x64xf32>
}
