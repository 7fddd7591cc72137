// RUN: attnc-opt %s --split-input-file --transform-interpreter --verify-diagnostics | FileCheck %s

// transform.attn.lower_to_flash lowers the ops a script picks, each with its
// own tile sizes: the prefill here gets 96-row tasks and 32-key steps (its
// score tile St is 32 x 96, its accumulator Ot 16 x 96), the decoding step
// keeps the defaults (64 x 48), and a third op stays for a later pass.

// CHECK-LABEL: func.func @two_sizes
// CHECK:         scf.parallel
// CHECK:           memref.alloca() : memref<32x96xf32>
// CHECK:           memref.alloca() : memref<16x96xf32>
// CHECK:         scf.parallel
// CHECK:           memref.alloca() : memref<64x48xf32>
// CHECK:         %[[LATER:.+]] = attn.attention
// CHECK-NOT:     = attn.attention
// CHECK:         return %{{.+}}, %{{.+}}, %[[LATER]]
func.func @two_sizes(%q: tensor<1x2x?x32xf32>, %k: tensor<1x2x?x32xf32>,
                     %v: tensor<1x2x?x16xf32>)
    -> (tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>) {
  %a = attn.attention %q, %k, %v mask(#attn.causal) {prefill}
    : tensor<1x2x?x32xf32>, tensor<1x2x?x32xf32>, tensor<1x2x?x16xf32> -> tensor<1x2x?x16xf32>
  %b = attn.attention %q, %k, %v {decode}
    : tensor<1x2x?x32xf32>, tensor<1x2x?x32xf32>, tensor<1x2x?x16xf32> -> tensor<1x2x?x16xf32>
  %c = attn.attention %q, %k, %v
    : tensor<1x2x?x32xf32>, tensor<1x2x?x32xf32>, tensor<1x2x?x16xf32> -> tensor<1x2x?x16xf32>
  return %a, %b, %c : tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>
}

module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %p = transform.structured.match ops{["attn.attention"]} attributes {prefill} in %root
      : (!transform.any_op) -> !transform.any_op
    transform.attn.lower_to_flash %p {query_tile = 96, key_tile = 32} : !transform.any_op
    %d = transform.structured.match ops{["attn.attention"]} attributes {decode} in %root
      : (!transform.any_op) -> !transform.any_op
    transform.attn.lower_to_flash %d : !transform.any_op
    transform.yield
  }
}

// -----

// A payload op that is not attn.attention is a (silenceable) failure.

func.func @not_attention(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-note @below {{payload op}}
  %y = arith.addf %x, %x : tensor<4xf32>
  return %y : tensor<4xf32>
}

module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %a = transform.structured.match ops{["arith.addf"]} in %root
      : (!transform.any_op) -> !transform.any_op
    // expected-error @below {{expects attn.attention payload ops}}
    transform.attn.lower_to_flash %a : !transform.any_op
    transform.yield
  }
}
