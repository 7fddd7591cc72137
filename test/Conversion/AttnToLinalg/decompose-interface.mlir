// RUN: attnc-opt %s --split-input-file --transform-interpreter --verify-diagnostics | FileCheck %s

// attn.attention implements linalg's AggregatedOpInterface with its
// reference lowering, so a transform script can decompose the ops it
// chooses into linalg on tensors (and tile those with upstream transforms):
// here one of two ops, picked by an attribute.

// CHECK-LABEL: func.func @pick_one
// CHECK-SAME:    (%[[Q:[^:]+]]: tensor<1x4x?x16xf32>, %[[K:[^:]+]]: tensor<1x2x?x16xf32>, %[[V:[^:]+]]: tensor<1x2x?x16xf32>)
// CHECK:         %[[KEEP:.+]] = attn.attention %[[Q]], %[[K]], %[[V]]{{$}}
// CHECK:         %[[QE:.+]] = tensor.expand_shape %[[Q]] {{\[}}[0], [1, 2], [3], [4]]
// CHECK:         %[[S:.+]] = linalg.generic {{.+}} ins(%[[QE]], %[[K]] : tensor<1x2x2x?x16xf32>, tensor<1x2x?x16xf32>)
// Causal: the mask compares the query and key indices.
// CHECK:         linalg.generic {{.+}} ins(%[[S]] : tensor<1x2x2x?x?xf32>)
// CHECK:           %[[I:.+]] = linalg.index 3 : index
// CHECK:           %[[J:.+]] = linalg.index 4 : index
// CHECK:           arith.cmpi
// CHECK:         %[[PV:.+]] = linalg.generic {{.+}} ins(%{{.+}}, %[[V]] : tensor<1x2x2x?x?xf32>, tensor<1x2x?x16xf32>)
// CHECK:         %[[O:.+]] = tensor.collapse_shape %{{.+}} {{\[}}[0], [1, 2], [3], [4]] : tensor<1x2x2x?x16xf32> into tensor<1x4x?x16xf32>
// CHECK-NOT:     attn.attention
// CHECK:         return %[[KEEP]], %[[O]]
func.func @pick_one(%q: tensor<1x4x?x16xf32>, %k: tensor<1x2x?x16xf32>,
                    %v: tensor<1x2x?x16xf32>) -> (tensor<1x4x?x16xf32>, tensor<1x4x?x16xf32>) {
  %a = attn.attention %q, %k, %v
    : tensor<1x4x?x16xf32>, tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32> -> tensor<1x4x?x16xf32>
  %b = attn.attention %q, %k, %v mask(#attn.causal) {decompose}
    : tensor<1x4x?x16xf32>, tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32> -> tensor<1x4x?x16xf32>
  return %a, %b : tensor<1x4x?x16xf32>, tensor<1x4x?x16xf32>
}

module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %a = transform.structured.match ops{["attn.attention"]} attributes {decompose} in %root
      : (!transform.any_op) -> !transform.any_op
    %d = transform.structured.decompose_interface %a : (!transform.any_op) -> !transform.any_op
    transform.yield
  }
}

// -----

// What the reference lowering does not support fails with its diagnostic.
func.func @sinks(%q: tensor<1x2x?x16xf32>, %k: tensor<1x2x?x16xf32>,
                 %v: tensor<1x2x?x16xf32>, %s: tensor<2xf32>) -> tensor<1x2x?x16xf32> {
  // expected-error @below {{sinks, gate, low_rank_bias and affine_weights are not supported by convert-attn-to-linalg}}
  // expected-note @below {{when applied to this op}}
  %o = attn.attention %q, %k, %v sinks(%s : tensor<2xf32>)
    : tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32> -> tensor<1x2x?x16xf32>
  return %o : tensor<1x2x?x16xf32>
}

module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.readonly}) {
    %a = transform.structured.match ops{["attn.attention"]} in %root
      : (!transform.any_op) -> !transform.any_op
    // expected-error @below {{failed to apply}}
    %d = transform.structured.decompose_interface %a : (!transform.any_op) -> !transform.any_op
    transform.yield
  }
}
