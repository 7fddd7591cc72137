// attn.merge of partial (O, LSE) results against the reference evaluator:
// two, three and one partials, GQA-sized head counts, ragged lengths, bf16
// outputs, and partial LSEs of which a quarter are -inf (attnc run draws
// them so), so that some rows merge with empty partials and some have no
// partial at all (O = 0, LSE = -inf). Both lowerings use the same merge.
// RUN: attnc run %s --entry merge2 --dims B=2,Lq=37 --tol 1e-5 | FileCheck %s
// LSEs up to 200 (exp would overflow f32 without subtracting the max);
// the outputs are then up to 200 too, so 1e-3 is 5e-6 of their magnitude.
// RUN: attnc run %s --entry merge2 --dims B=1,Lq=3 --input-scale 200 --tol 1e-3 | FileCheck %s
// RUN: attnc run %s --entry merge3 --dims B=1,Lq=100 --tol 1e-5 | FileCheck %s
// RUN: attnc run %s --entry merge1 --tol 1e-5 | FileCheck %s
// RUN: attnc run %s --entry merge_bf16 --dims B=1,Lq=20 --tol 8e-3 | FileCheck %s
// RUN: attnc run %s --entry merge3 --lowering=naive --dims B=1,Lq=30 --tol 1e-5 | FileCheck %s
// CHECK: PASS

func.func @merge2(%o0: tensor<?x8x?x64xf32>, %o1: tensor<?x8x?x64xf32>,
                  %l0: tensor<?x8x?xf32>, %l1: tensor<?x8x?xf32>)
    -> (tensor<?x8x?x64xf32>, tensor<?x8x?xf32>) {
  %o, %lse = attn.merge outputs(%o0, %o1 : tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>)
                        lses(%l0, %l1 : tensor<?x8x?xf32>, tensor<?x8x?xf32>)
      -> tensor<?x8x?x64xf32>, tensor<?x8x?xf32>
  return %o, %lse : tensor<?x8x?x64xf32>, tensor<?x8x?xf32>
}
func.func @merge3(%o0: tensor<?x3x?x20xf32>, %o1: tensor<?x3x?x20xf32>,
                  %o2: tensor<?x3x?x20xf32>, %l0: tensor<?x3x?xf32>,
                  %l1: tensor<?x3x?xf32>, %l2: tensor<?x3x?xf32>)
    -> (tensor<?x3x?x20xf32>, tensor<?x3x?xf32>) {
  %o, %lse = attn.merge
      outputs(%o0, %o1, %o2 : tensor<?x3x?x20xf32>, tensor<?x3x?x20xf32>, tensor<?x3x?x20xf32>)
      lses(%l0, %l1, %l2 : tensor<?x3x?xf32>, tensor<?x3x?xf32>, tensor<?x3x?xf32>)
      -> tensor<?x3x?x20xf32>, tensor<?x3x?xf32>
  return %o, %lse : tensor<?x3x?x20xf32>, tensor<?x3x?xf32>
}
func.func @merge1(%o0: tensor<2x4x16x8xf32>, %l0: tensor<2x4x16xf32>)
    -> (tensor<2x4x16x8xf32>, tensor<2x4x16xf32>) {
  %o, %lse = attn.merge outputs(%o0 : tensor<2x4x16x8xf32>)
                        lses(%l0 : tensor<2x4x16xf32>)
      -> tensor<2x4x16x8xf32>, tensor<2x4x16xf32>
  return %o, %lse : tensor<2x4x16x8xf32>, tensor<2x4x16xf32>
}
func.func @merge_bf16(%o0: tensor<?x2x?x32xbf16>, %o1: tensor<?x2x?x32xbf16>,
                      %l0: tensor<?x2x?xf32>, %l1: tensor<?x2x?xf32>)
    -> (tensor<?x2x?x32xbf16>, tensor<?x2x?xf32>) {
  %o, %lse = attn.merge outputs(%o0, %o1 : tensor<?x2x?x32xbf16>, tensor<?x2x?x32xbf16>)
                        lses(%l0, %l1 : tensor<?x2x?xf32>, tensor<?x2x?xf32>)
      -> tensor<?x2x?x32xbf16>, tensor<?x2x?xf32>
  return %o, %lse : tensor<?x2x?x32xbf16>, tensor<?x2x?xf32>
}
