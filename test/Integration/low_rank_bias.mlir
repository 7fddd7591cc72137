// Low-rank bias U.W^T (FlashBias) folded into the widened Q.K^T, against
// the reference evaluator: MHA and GQA (W per KV head), ragged lengths,
// causal, before a score_mod and a softcap (which see the biased score),
// the LSE, fp16 inputs, and the small (decoding-sized) kernel. The naive
// lowering rejects it with a message.
// RUN: attnc run %s --entry mha --dims B=2,Lq=75,Lk=131 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry gqa_causal --dims B=1,Lq=100,Lk=100 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry gqa_causal --dims B=1,Lq=1,Lk=300 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry softcap_region --dims B=1,Lq=53,Lk=77 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry half --dims B=1,Lq=49,Lk=49 --tol 1e-3 | FileCheck %s
// RUN: not attnc run %s --entry mha --lowering=naive 2>&1 | FileCheck %s --check-prefix=NAIVE
// CHECK: PASS
// NAIVE: low_rank_bias and affine_weights are not supported by convert-attn-to-linalg

func.func @mha(%q: tensor<?x3x?x32xf32>, %k: tensor<?x3x?x32xf32>,
               %v: tensor<?x3x?x16xf32>, %u: tensor<?x3x?x8xf32>,
               %w: tensor<?x3x?x8xf32>)
    -> (tensor<?x3x?x16xf32>, tensor<?x3x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v
    low_rank_bias(%u, %w : tensor<?x3x?x8xf32>, tensor<?x3x?x8xf32>)
    : tensor<?x3x?x32xf32>, tensor<?x3x?x32xf32>, tensor<?x3x?x16xf32>
      -> tensor<?x3x?x16xf32>, tensor<?x3x?xf32>
  return %o, %lse : tensor<?x3x?x16xf32>, tensor<?x3x?xf32>
}
func.func @gqa_causal(%q: tensor<?x8x?x64xf32>, %k: tensor<?x2x?x64xf32>,
                      %v: tensor<?x2x?x64xf32>, %u: tensor<?x8x?x3xf32>,
                      %w: tensor<?x2x?x3xf32>) -> tensor<?x8x?x64xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.causal<bottom_right>)
    low_rank_bias(%u, %w : tensor<?x8x?x3xf32>, tensor<?x2x?x3xf32>)
    : tensor<?x8x?x64xf32>, tensor<?x2x?x64xf32>, tensor<?x2x?x64xf32>
      -> tensor<?x8x?x64xf32>
  return %o : tensor<?x8x?x64xf32>
}
// The softcap sees scale * q.k + u.w, in natural units.
func.func @softcap_region(%q: tensor<?x2x?x16xf32>, %k: tensor<?x1x?x16xf32>,
                          %v: tensor<?x1x?x16xf32>, %u: tensor<?x2x?x4xf32>,
                          %w: tensor<?x1x?x4xf32>)
    -> (tensor<?x2x?x16xf32>, tensor<?x2x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v score(#attn.softcap<cap = 2.0>)
    low_rank_bias(%u, %w : tensor<?x2x?x4xf32>, tensor<?x1x?x4xf32>)
    score_mod(%s, %b, %h, %i, %j) {
      %c = arith.constant 1.5 : f32
      %r = arith.mulf %s, %c : f32
      attn.yield %r : f32
    }
    : tensor<?x2x?x16xf32>, tensor<?x1x?x16xf32>, tensor<?x1x?x16xf32>
      -> tensor<?x2x?x16xf32>, tensor<?x2x?xf32>
  return %o, %lse : tensor<?x2x?x16xf32>, tensor<?x2x?xf32>
}
func.func @half(%q: tensor<?x2x?x32xf16>, %k: tensor<?x2x?x32xf16>,
                %v: tensor<?x2x?x32xf16>, %u: tensor<?x2x?x16xf16>,
                %w: tensor<?x2x?x16xf16>) -> tensor<?x2x?x32xf16> {
  %o = attn.attention %q, %k, %v mask(#attn.window<left = 20>)
    low_rank_bias(%u, %w : tensor<?x2x?x16xf16>, tensor<?x2x?x16xf16>)
    : tensor<?x2x?x32xf16>, tensor<?x2x?x32xf16>, tensor<?x2x?x32xf16>
      -> tensor<?x2x?x32xf16>
  return %o : tensor<?x2x?x32xf16>
}
