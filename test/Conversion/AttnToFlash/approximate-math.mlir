// RUN: attnc-opt %s --split-input-file --attnc-approximate-math | FileCheck %s

// exp becomes MLIR's polynomial (no libm call once lowered), on vectors and
// scalars alike; other math ops only on vectors.

// CHECK-LABEL: func.func @vector_exp
// CHECK-NOT:     math.exp
// CHECK:         math.fma
// CHECK:         arith.bitcast
// CHECK-NOT:     math.exp
func.func @vector_exp(%x: vector<8xf32>) -> vector<8xf32> {
  %y = math.exp %x : vector<8xf32>
  return %y : vector<8xf32>
}

// -----

// Scalar tanh and log keep libm.

// CHECK-LABEL: func.func @others_untouched
// CHECK:         math.tanh
// CHECK:         math.log
// CHECK-NOT:     math.exp
func.func @others_untouched(%x: f32) -> f32 {
  %t = math.tanh %x : f32
  %l = math.log %t : f32
  %e = math.exp %l : f32
  return %e : f32
}

// -----

// A widened score_mod: tanh and log on vectors become polynomials too.

// CHECK-LABEL: func.func @vector_tanh_log
// CHECK-NOT:     math.tanh
// CHECK-NOT:     math.log
// CHECK:         return
func.func @vector_tanh_log(%x: vector<8xf32>) -> vector<8xf32> {
  %t = math.tanh %x : vector<8xf32>
  %l = math.log %t : vector<8xf32>
  return %l : vector<8xf32>
}
