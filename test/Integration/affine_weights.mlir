// Affine-scaled weights (a * w + c over the kept keys) against the
// reference evaluator: GQA, ragged lengths, rows with no key (bottom-right
// causal with Lq > Lk, Lk = 0), a decoding step (the small tiled kernel,
// as the decode kernel has no kept-value sum), keys that a score_mod sets
// to -inf (not kept, so without the bias), with sinks and a gate, large
// scores, bf16 and other tile sizes.
// RUN: attnc run %s --entry gqa --dims B=2,Lq=77,Lk=93 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry gqa --dims B=1,Lq=50,Lk=20 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry gqa --dims B=1,Lq=1,Lk=300 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry gqa --dims B=1,Lq=30,Lk=0 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry large_scores --dims B=1,Lq=130,Lk=130 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry gqa --vector-width=8 --query-tile=24 --key-tile=8 --dims B=1,Lq=61,Lk=45 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry dropped_keys --dims B=2,Lq=70,Lk=70 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry dropped_keys --dims B=1,Lq=2,Lk=9 --tol 1e-4 | FileCheck %s
// bf16 with inputs in [-1/4, 1/4], so that |O| stays below 1, where the
// bf16 bound holds (the output is rounded to bf16: its error grows with
// |O|, which the bias term can take past 1).
// RUN: attnc run %s --entry window_bf16 --dims B=1,Lq=150,Lk=150 --input-scale 0.25 --tol 8e-3 | FileCheck %s
// RUN: not attnc run %s --entry gqa --lowering=naive 2>&1 | FileCheck %s --check-prefix=NAIVE
// CHECK: PASS
// NAIVE: affine_weights are not supported by convert-attn-to-linalg

func.func @gqa(%q: tensor<?x8x?x32xf32>, %k: tensor<?x2x?x32xf32>,
               %v: tensor<?x2x?x32xf32>, %a: tensor<?x8x?xf32>,
               %c: tensor<?x8x?xf32>)
    -> (tensor<?x8x?x32xf32>, tensor<?x8x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v mask(#attn.causal<bottom_right>)
    affine_weights(%a, %c : tensor<?x8x?xf32>, tensor<?x8x?xf32>)
    : tensor<?x8x?x32xf32>, tensor<?x2x?x32xf32>, tensor<?x2x?x32xf32>
      -> tensor<?x8x?x32xf32>, tensor<?x8x?xf32>
  return %o, %lse : tensor<?x8x?x32xf32>, tensor<?x8x?xf32>
}
// Scores in the hundreds (scale 300): the softmax is nearly one-hot, the
// bias term is not.
func.func @large_scores(%q: tensor<?x4x?x32xf32>, %k: tensor<?x4x?x32xf32>,
                        %v: tensor<?x4x?x32xf32>, %a: tensor<?x4x?xf32>,
                        %c: tensor<?x4x?xf32>) -> tensor<?x4x?x32xf32> {
  %o = attn.attention %q, %k, %v scale(300.0) mask(#attn.causal)
    affine_weights(%a, %c : tensor<?x4x?xf32>, tensor<?x4x?xf32>)
    : tensor<?x4x?x32xf32>, tensor<?x4x?x32xf32>, tensor<?x4x?x32xf32>
      -> tensor<?x4x?x32xf32>
  return %o : tensor<?x4x?x32xf32>
}
// Every third key's score is -inf: those keys get neither weight nor bias.
// With sink logits (the weights sum to less than 1) and a gate after.
func.func @dropped_keys(%q: tensor<?x4x?x16xf32>, %k: tensor<?x4x?x16xf32>,
                        %v: tensor<?x4x?x16xf32>, %s: tensor<4xf32>,
                        %g: tensor<?x4x?x16xf32>, %a: tensor<?x4x?xf32>,
                        %c: tensor<?x4x?xf32>) -> tensor<?x4x?x16xf32> {
  %o = attn.attention %q, %k, %v sinks(%s : tensor<4xf32>)
    gate(%g : tensor<?x4x?x16xf32>)
    affine_weights(%a, %c : tensor<?x4x?xf32>, tensor<?x4x?xf32>)
    score_mod(%x, %b, %h, %i, %j) {
      %c3 = arith.constant 3 : index
      %c0 = arith.constant 0 : index
      %ninf = arith.constant 0xFF800000 : f32
      %r = arith.remui %j, %c3 : index
      %drop = arith.cmpi eq, %r, %c0 : index
      %y = arith.select %drop, %ninf, %x : f32
      attn.yield %y : f32
    }
    : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>
      -> tensor<?x4x?x16xf32>
  return %o : tensor<?x4x?x16xf32>
}
func.func @window_bf16(%q: tensor<1x2x?x64xbf16>, %k: tensor<1x2x?x64xbf16>,
                       %v: tensor<1x2x?x64xbf16>, %a: tensor<1x2x?xbf16>,
                       %c: tensor<1x2x?xbf16>) -> tensor<1x2x?x64xbf16> {
  %o = attn.attention %q, %k, %v mask(#attn.window<left = 40>)
    affine_weights(%a, %c : tensor<1x2x?xbf16>, tensor<1x2x?xbf16>)
    : tensor<1x2x?x64xbf16>, tensor<1x2x?x64xbf16>, tensor<1x2x?x64xbf16>
      -> tensor<1x2x?x64xbf16>
  return %o : tensor<1x2x?x64xbf16>
}
