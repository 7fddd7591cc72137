// RUN: attnc-opt %s --split-input-file --convert-attn-to-flash --canonicalize --cse | FileCheck %s --implicit-check-not=memref.prefetch

// affine_weights: the softmax step flags the kept keys (score above -inf)
// in a second tile; a second P.V product, without the online-softmax
// rescaling, sums their values; the epilogue computes a * O / l + c * sum.
// There is no decode kernel (its prefetches), although the shapes would
// allow one: a decoding step runs the small tiled kernel.

// CHECK-LABEL: func.func @affine
// CHECK:         scf.parallel
// CHECK:           %[[P:.+]] = memref.alloca() : memref<64x8xf32>
// CHECK:           %[[O:.+]] = memref.alloca() : memref<32x8xf32>
// CHECK:           %[[FLAGS:.+]] = memref.alloca() : memref<64x8xf32>
// CHECK:           %[[SUM:.+]] = memref.alloca() : memref<32x8xf32>
// Kept-key flags, stored before the score becomes a probability.
// CHECK:           %[[KEPT:.+]] = arith.cmpf ogt, %[[S:.+]], %{{.+}} : vector<8xf32>
// CHECK-NEXT:      %[[FLAG:.+]] = arith.select %[[KEPT]], %{{.+}}, %{{.+}} : vector<8xi1>, vector<8xf32>
// CHECK-NEXT:      vector.store %[[FLAG]], %[[FLAGS]][%[[C:.+]], %c0]
// CHECK-NEXT:      arith.subf %[[S]]
// CHECK:           vector.store %{{.+}}, %[[P]][%[[C]], %c0]
// The output's product rescales the accumulator; the sum's does not.
// CHECK:           vector.load %[[O]]
// CHECK-NEXT:      arith.mulf
// CHECK:           vector.load %[[P]]
// CHECK:           vector.load %[[SUM]][%{{.+}}, %c0] : memref<32x8xf32>, vector<8xf32>
// CHECK-NOT:       arith.mulf
// CHECK:           scf.for
// CHECK:             vector.load %[[FLAGS]]
// CHECK-COUNT-8:     vector.fma
// Epilogue: (a / l) * O + c * sum.
// CHECK:           %[[A:.+]] = tensor.extract %arg3
// CHECK-NEXT:      %[[CB:.+]] = tensor.extract %arg4
// CHECK-NEXT:      %[[AINV:.+]] = arith.mulf %{{.+}}, %[[A]] : f32
// CHECK:             %[[OE:.+]] = memref.load %[[O]]
// CHECK-NEXT:        %[[SCALED:.+]] = arith.mulf %[[OE]], %[[AINV]] : f32
// CHECK-NEXT:        %[[SE:.+]] = memref.load %[[SUM]]
// CHECK-NEXT:        math.fma %[[SE]], %[[CB]], %[[SCALED]] : f32
func.func @affine(%q: tensor<1x2x?x16xf32>, %k: tensor<1x2x?x16xf32>,
                  %v: tensor<1x2x?x32xf32>, %a: tensor<1x2x?xf32>,
                  %c: tensor<1x2x?xf32>) -> tensor<1x2x?x32xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.causal)
    affine_weights(%a, %c : tensor<1x2x?xf32>, tensor<1x2x?xf32>)
    : tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>, tensor<1x2x?x32xf32> -> tensor<1x2x?x32xf32>
  return %o : tensor<1x2x?x32xf32>
}
