// RUN: attnc-opt %s --split-input-file --convert-attn-tree-positions-to-scf | FileCheck %s

// [B, Lq] parents: a loop over the rows, and in each a loop over the nodes
// in order. A root (parent < 0; also a parent that is not an earlier node,
// as one unsigned compare) gets 0; any other node its parent's position,
// already written, plus 1.
// CHECK-LABEL: func.func @batched
// CHECK:         %[[B:.+]] = tensor.dim %arg0, %{{.+}} : tensor<?x?xi16>
// CHECK:         %[[L:.+]] = tensor.dim %arg0, %{{.+}} : tensor<?x?xi16>
// CHECK:         %[[INIT:.+]] = tensor.empty(%[[B]], %[[L]]) : tensor<?x?xi32>
// CHECK:         %[[B2:.+]] = tensor.dim %arg0, %{{.+}} : tensor<?x?xi16>
// CHECK:         %[[ROWS:.+]] = scf.for %[[ROW:.+]] = %{{.+}} to %[[B2]] step %{{.+}} iter_args(%[[ACC:.+]] = %[[INIT]])
// CHECK:           %[[L2:.+]] = tensor.dim %arg0, %{{.+}} : tensor<?x?xi16>
// CHECK:           %[[NODES:.+]] = scf.for %[[T:.+]] = %{{.+}} to %[[L2]] step %{{.+}} iter_args(%[[ACC2:.+]] = %[[ACC]])
// CHECK:             %[[P:.+]] = tensor.extract %arg0[%[[ROW]], %[[T]]] : tensor<?x?xi16>
// CHECK:             %[[PI:.+]] = arith.index_cast %[[P]] : i16 to index
// CHECK:             %[[ROOT:.+]] = arith.cmpi uge, %[[PI]], %[[T]] : index
// CHECK:             %[[POS:.+]] = scf.if %[[ROOT]] -> (i32)
// CHECK:               scf.yield %{{.+}} : i32
// CHECK:             } else {
// CHECK:               %[[PP:.+]] = tensor.extract %[[ACC2]][%[[ROW]], %[[PI]]] : tensor<?x?xi32>
// CHECK:               %[[NEXT:.+]] = arith.addi %[[PP]], %{{.+}} : i32
// CHECK:               scf.yield %[[NEXT]] : i32
// CHECK:             %[[UPD:.+]] = tensor.insert %[[POS]] into %[[ACC2]][%[[ROW]], %[[T]]]
// CHECK:             scf.yield %[[UPD]]
// CHECK:           scf.yield %[[NODES]]
// CHECK:         return %[[ROWS]]
func.func @batched(%p: tensor<?x?xi16>) -> tensor<?x?xi32> {
  %pos = attn.tree_positions %p : tensor<?x?xi16> -> tensor<?x?xi32>
  return %pos : tensor<?x?xi32>
}

// -----

// One tree ([Lq]): the node loop alone, over a static or a dynamic length.
// CHECK-LABEL: func.func @single
// CHECK:         %[[INIT:.+]] = tensor.empty() : tensor<7xi64>
// CHECK-NOT:     scf.for
// CHECK:         %[[NODES:.+]] = scf.for %[[T:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[ACC:.+]] = %[[INIT]])
// CHECK:           tensor.extract %arg0[%[[T]]] : tensor<7xi8>
// CHECK:           scf.if
// CHECK:           tensor.insert %{{.+}} into %{{.+}}[%[[T]]] : tensor<7xi64>
// CHECK-NOT:     scf.for
// CHECK:         return %[[NODES]]
func.func @single(%p: tensor<7xi8>) -> tensor<7xi64> {
  %pos = attn.tree_positions %p : tensor<7xi8> -> tensor<7xi64>
  return %pos : tensor<7xi64>
}

// CHECK-LABEL: func.func @single_dynamic
// CHECK:         %[[L:.+]] = tensor.dim %arg0, %{{.+}} : tensor<?xi64>
// CHECK:         %[[INIT:.+]] = tensor.empty(%[[L]]) : tensor<?xi32>
// CHECK-NOT:     scf.for
// CHECK:         scf.for %{{.+}} = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%{{.+}} = %[[INIT]])
// CHECK:           arith.index_cast %{{.+}} : i64 to index
// CHECK-NOT:     scf.for
func.func @single_dynamic(%p: tensor<?xi64>) -> tensor<?xi32> {
  %pos = attn.tree_positions %p : tensor<?xi64> -> tensor<?xi32>
  return %pos : tensor<?xi32>
}
