// Normalisers and epilogues against the reference evaluator: learned sink
// logits per head (gpt-oss), a sigmoid output gate per element and per head
// (Gated Attention), with the LSE, GQA, ragged lengths, empty rows and the
// decode kernel.
// RUN: attnc run %s --entry sinks --dims B=2,Lq=77,Lk=93 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry sinks --dims B=1,Lq=1,Lk=200 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry sinks --dims B=1,Lq=50,Lk=0 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry sinks_window --dims B=1,Lq=130,Lk=130 --input-scale 4 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry gate --dims B=2,Lq=61,Lk=45 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry gate --dims B=1,Lq=2,Lk=45 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry head_gate_sinks_bf16 --dims B=1,Lq=70,Lk=70 --tol 8e-3 | FileCheck %s
// RUN: not attnc run %s --entry gate --lowering=naive 2>&1 | FileCheck %s --check-prefix=NAIVE
// CHECK: PASS
// NAIVE: sinks, gate, low_rank_bias and affine_weights are not supported by convert-attn-to-linalg

func.func @sinks(%q: tensor<?x8x?x64xf32>, %k: tensor<?x2x?x64xf32>,
                 %v: tensor<?x2x?x64xf32>, %s: tensor<8xf32>)
    -> (tensor<?x8x?x64xf32>, tensor<?x8x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v mask(#attn.causal<bottom_right>)
    sinks(%s : tensor<8xf32>)
    : tensor<?x8x?x64xf32>, tensor<?x2x?x64xf32>, tensor<?x2x?x64xf32>
      -> tensor<?x8x?x64xf32>, tensor<?x8x?xf32>
  return %o, %lse : tensor<?x8x?x64xf32>, tensor<?x8x?xf32>
}
// gpt-oss: sinks with a sliding window of 128 and a score_mod (the sinks
// are not modified).
func.func @sinks_window(%q: tensor<?x4x?x16xf32>, %k: tensor<?x4x?x16xf32>,
                        %v: tensor<?x4x?x16xf32>, %s: tensor<4xf32>)
    -> (tensor<?x4x?x16xf32>, tensor<?x4x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v mask(#attn.window<left = 20>)
    sinks(%s : tensor<4xf32>)
    score_mod(%x, %b, %h, %i, %j) {
      %c = arith.constant 0.5 : f32
      %r = arith.mulf %x, %c : f32
      attn.yield %r : f32
    }
    : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>
      -> tensor<?x4x?x16xf32>, tensor<?x4x?xf32>
  return %o, %lse : tensor<?x4x?x16xf32>, tensor<?x4x?xf32>
}
func.func @gate(%q: tensor<?x4x?x32xf32>, %k: tensor<?x1x?x32xf32>,
                %v: tensor<?x1x?x32xf32>, %g: tensor<?x4x?x32xf32>)
    -> tensor<?x4x?x32xf32> {
  %o = attn.attention %q, %k, %v gate(%g : tensor<?x4x?x32xf32>)
    : tensor<?x4x?x32xf32>, tensor<?x1x?x32xf32>, tensor<?x1x?x32xf32>
      -> tensor<?x4x?x32xf32>
  return %o : tensor<?x4x?x32xf32>
}
func.func @head_gate_sinks_bf16(%q: tensor<1x2x?x16xbf16>, %k: tensor<1x2x?x16xbf16>,
                                %v: tensor<1x2x?x16xbf16>, %s: tensor<2xbf16>,
                                %g: tensor<1x2x?x1xbf16>)
    -> (tensor<1x2x?x16xbf16>, tensor<1x2x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v mask(#attn.causal)
    sinks(%s : tensor<2xbf16>) gate(%g : tensor<1x2x?x1xbf16>)
    : tensor<1x2x?x16xbf16>, tensor<1x2x?x16xbf16>, tensor<1x2x?x16xbf16>
      -> tensor<1x2x?x16xbf16>, tensor<1x2x?xf32>
  return %o, %lse : tensor<1x2x?x16xbf16>, tensor<1x2x?xf32>
}
