// RUN: attnc-opt %s --split-input-file --convert-attn-merge-to-linalg | FileCheck %s

// Two partials: the LSE (max, shifted exps, log; -inf when all are -inf),
// then the output weighted by exp(LSE_n - LSE), 0 for an empty row.
// CHECK-LABEL: func.func @merge2
// CHECK-DAG:     %[[B:.+]] = tensor.dim %arg0, %c0
// CHECK-DAG:     %[[L:.+]] = tensor.dim %arg0, %c2
// CHECK:         %[[E3:.+]] = tensor.empty(%[[B]], %[[L]]) : tensor<?x4x?xf32>
// CHECK:         %[[LSE:.+]] = linalg.generic {{.*}} ins(%arg2, %arg3 : tensor<?x4x?xf32>, tensor<?x4x?xf32>) outs(%[[E3]] : tensor<?x4x?xf32>)
// CHECK:           %[[M:.+]] = arith.maximumf
// CHECK:           %[[EMPTY:.+]] = arith.cmpf oeq, %[[M]], %cst
// CHECK:           %[[SHIFT:.+]] = arith.select %[[EMPTY]]
// CHECK:           arith.subf %{{.+}}, %[[SHIFT]]
// CHECK:           math.exp
// CHECK:           math.exp
// CHECK:           arith.addf
// CHECK:           math.log
// CHECK:         %[[E4:.+]] = tensor.empty(%{{.+}}, %{{.+}}) : tensor<?x4x?x16xf32>
// CHECK:         %[[OUT:.+]] = linalg.generic {{.*}} ins(%arg0, %arg1, %arg2, %arg3, %[[LSE]] : {{.*}}) outs(%[[E4]] : tensor<?x4x?x16xf32>)
// CHECK-COUNT-2:   math.fma
// CHECK:         return %[[OUT]], %[[LSE]]
func.func @merge2(%o0: tensor<?x4x?x16xf32>, %o1: tensor<?x4x?x16xf32>,
                  %l0: tensor<?x4x?xf32>, %l1: tensor<?x4x?xf32>)
    -> (tensor<?x4x?x16xf32>, tensor<?x4x?xf32>) {
  %o, %lse = attn.merge outputs(%o0, %o1 : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>)
                        lses(%l0, %l1 : tensor<?x4x?xf32>, tensor<?x4x?xf32>)
      -> tensor<?x4x?x16xf32>, tensor<?x4x?xf32>
  return %o, %lse : tensor<?x4x?x16xf32>, tensor<?x4x?xf32>
}

// -----

// bf16 outputs are accumulated in f32 and rounded once.
// CHECK-LABEL: func.func @merge_bf16
// CHECK:         linalg.generic
// CHECK:         linalg.generic
// CHECK:           arith.extf %{{.+}} : bf16 to f32
// CHECK:           arith.truncf %{{.+}} : f32 to bf16
func.func @merge_bf16(%o0: tensor<1x2x8x16xbf16>, %l0: tensor<1x2x8xf32>)
    -> (tensor<1x2x8x16xbf16>, tensor<1x2x8xf32>) {
  %o, %lse = attn.merge outputs(%o0 : tensor<1x2x8x16xbf16>) lses(%l0 : tensor<1x2x8xf32>)
      -> tensor<1x2x8x16xbf16>, tensor<1x2x8xf32>
  return %o, %lse : tensor<1x2x8x16xbf16>, tensor<1x2x8xf32>
}
