// RUN: attnc-opt %s --split-input-file --attn-raise-mask-mod --convert-attn-to-flash --canonicalize --cse | FileCheck %s
// Masks written as affine mask_mod predicates get the loop bounds of the
// mask attributes (attn-to-flash.mlir): attn-raise-mask-mod moves them
// into the op's mask, where the tile analysis reads them.

// q >= k: the key loop of a query tile [q0, q0 + rows) stops at
// min(q0 + rows, Lk), and only tiles with kEnd > q0 + 1 evaluate the mask.

// CHECK-LABEL: func.func @causal
// CHECK-DAG:     %[[LK:.+]] = tensor.dim %arg1, %c2
// CHECK:         scf.parallel
// CHECK:           %[[Q0:.+]] = arith.muli %{{.+}}, %c48
// CHECK:           %[[ROWS:.+]] = arith.minsi %{{.+}}, %c48
// CHECK:           %[[Q1:.+]] = arith.addi %[[Q0]], %[[ROWS]]
// CHECK:           %[[HI:.+]] = arith.minsi %[[Q1]], %[[LK]]
// CHECK:           %[[NONEMPTY:.+]] = arith.cmpi sgt, %[[HI]], %c0
// CHECK:           %[[SPAN:.+]] = arith.select %[[NONEMPTY]], %[[HI]], %c0
// CHECK:           %[[KTILES:.+]] = arith.ceildivsi %[[SPAN]], %c64
// CHECK:           scf.for %[[KT:.+]] = %c0 to %[[KTILES]] step %c1
// CHECK:             %[[Q0P1:.+]] = arith.addi %[[Q0]], %c1
// CHECK:             %[[PARTIAL:.+]] = arith.cmpi sgt, %{{.+}}, %[[Q0P1]]
// CHECK:             scf.if %[[PARTIAL]] {
func.func @causal(%q: tensor<?x2x?x64xf32>, %k: tensor<?x2x?x64xf32>,
                  %v: tensor<?x2x?x64xf32>) -> tensor<?x2x?x64xf32> {
  %o = attn.attention %q, %k, %v
    mask_mod(%b, %h, %i, %j) {
      %keep = arith.cmpi sge, %i, %j : index
      attn.yield %keep : i1
    }
    : tensor<?x2x?x64xf32>, tensor<?x2x?x64xf32>, tensor<?x2x?x64xf32> -> tensor<?x2x?x64xf32>
  return %o : tensor<?x2x?x64xf32>
}

// -----

// 0 <= q - k <= 256: the key loop starts at max(q0 - 256, 0).

// CHECK-LABEL: func.func @window
// CHECK-DAG:     %[[LK:.+]] = tensor.dim %arg1, %c2
// CHECK:         scf.parallel
// CHECK:           %[[Q0:.+]] = arith.muli %{{.+}}, %c48
// CHECK:           %[[LO0:.+]] = arith.subi %[[Q0]], %c256
// CHECK:           %[[LO:.+]] = arith.maxsi %[[LO0]], %c0
// CHECK:           %[[HI:.+]] = arith.minsi %{{.+}}, %[[LK]]
// CHECK:           %[[NONEMPTY:.+]] = arith.cmpi sgt, %[[HI]], %[[LO]]
// CHECK:           %[[SPAN0:.+]] = arith.subi %[[HI]], %[[LO]]
// CHECK:           %[[SPAN:.+]] = arith.select %[[NONEMPTY]], %[[SPAN0]], %c0
// CHECK:           arith.ceildivsi %[[SPAN]], %c64
func.func @window(%q: tensor<1x2x?x32xf32>, %k: tensor<1x2x?x32xf32>,
                  %v: tensor<1x2x?x32xf32>) -> tensor<1x2x?x32xf32> {
  %o = attn.attention %q, %k, %v
    mask_mod(%b, %h, %i, %j) {
      %d = arith.subi %i, %j : index
      %c0 = arith.constant 0 : index
      %c256 = arith.constant 256 : index
      %past = arith.cmpi sge, %d, %c0 : index
      %near = arith.cmpi sle, %d, %c256 : index
      %keep = arith.andi %past, %near : i1
      attn.yield %keep : i1
    }
    : tensor<1x2x?x32xf32>, tensor<1x2x?x32xf32>, tensor<1x2x?x32xf32> -> tensor<1x2x?x32xf32>
  return %o : tensor<1x2x?x32xf32>
}

// -----

// k < 100 or k <= q: keys [0, max(100, q0 + rows)).

// CHECK-LABEL: func.func @prefix_lm
// CHECK-DAG:     %[[LK:.+]] = tensor.dim %arg1, %c2
// CHECK:         scf.parallel
// CHECK:           %[[HI0:.+]] = arith.maxsi %{{.+}}, %c100
// CHECK:           %[[HI:.+]] = arith.minsi %[[HI0]], %[[LK]]
// CHECK:           arith.ceildivsi
func.func @prefix_lm(%q: tensor<1x2x?x32xf32>, %k: tensor<1x2x?x32xf32>,
                     %v: tensor<1x2x?x32xf32>) -> tensor<1x2x?x32xf32> {
  %o = attn.attention %q, %k, %v
    mask_mod(%b, %h, %i, %j) {
      %c100 = arith.constant 100 : index
      %pre = arith.cmpi slt, %j, %c100 : index
      %causal = arith.cmpi sle, %j, %i : index
      %keep = arith.ori %pre, %causal : i1
      attn.yield %keep : i1
    }
    : tensor<1x2x?x32xf32>, tensor<1x2x?x32xf32>, tensor<1x2x?x32xf32> -> tensor<1x2x?x32xf32>
  return %o : tensor<1x2x?x32xf32>
}

// -----

// i + (Lk - Lq) >= j with the region's length ops: the bound shifts by
// Lk - Lq, read from the tensors.
// (Checked in the tiled kernel: the decoding kernel's block spans every
// query, where the shift folds away.)

// CHECK-LABEL: func.func @bottom_right
// CHECK-DAG:     %[[LQ:.+]] = tensor.dim %arg0, %c2
// CHECK-DAG:     %[[LK:.+]] = tensor.dim %arg1, %c2
// CHECK:         } else {
// CHECK:         scf.parallel
// CHECK:           %[[OFF:.+]] = arith.subi %[[LK]], %[[LQ]]
// CHECK:           arith.addi %{{.+}}, %[[OFF]]
func.func @bottom_right(%q: tensor<1x2x?x32xf32>, %k: tensor<1x2x?x32xf32>,
                        %v: tensor<1x2x?x32xf32>) -> tensor<1x2x?x32xf32> {
  %o = attn.attention %q, %k, %v
    mask_mod(%b, %h, %i, %j) {
      %lq = attn.query_length
      %lk = attn.key_length
      %off = arith.subi %lk, %lq : index
      %p = arith.addi %i, %off : index
      %keep = arith.cmpi sge, %p, %j : index
      attn.yield %keep : i1
    }
    : tensor<1x2x?x32xf32>, tensor<1x2x?x32xf32>, tensor<1x2x?x32xf32> -> tensor<1x2x?x32xf32>
  return %o : tensor<1x2x?x32xf32>
}

// -----

// 2q + 1 >= k, which no named mask expresses, becomes #attn.affine: the
// keys of queries [q0, q1) end at 2 (q1 - 1) + 1, i.e. below 2 (q1 - 1) + 2.

// CHECK-LABEL: func.func @slope
// CHECK-DAG:     %[[LK:.+]] = tensor.dim %arg1, %c2
// CHECK:         arith.ceildivsi %{{.+}}, %c48
// CHECK:         scf.parallel
// CHECK:           %[[Q0:.+]] = arith.muli %{{.+}}, %c48
// CHECK:           %[[Q1:.+]] = arith.addi %[[Q0]], %{{.+}}
// CHECK:           %[[LAST:.+]] = arith.subi %[[Q1]], %c1
// CHECK:           %[[TWICE:.+]] = arith.muli %[[LAST]], %c2
// CHECK:           %[[END:.+]] = arith.addi %[[TWICE]], %c2
// CHECK:           %[[HI:.+]] = arith.minsi %[[LK]], %[[END]]
// CHECK:           arith.ceildivsi %{{.+}}, %c64
func.func @slope(%q: tensor<1x2x?x32xf32>, %k: tensor<1x2x?x32xf32>,
                 %v: tensor<1x2x?x32xf32>) -> tensor<1x2x?x32xf32> {
  %o = attn.attention %q, %k, %v
    mask_mod(%b, %h, %i, %j) {
      %c2 = arith.constant 2 : index
      %c1 = arith.constant 1 : index
      %q2 = arith.muli %i, %c2 : index
      %r = arith.addi %q2, %c1 : index
      %keep = arith.cmpi sge, %r, %j : index
      attn.yield %keep : i1
    }
    : tensor<1x2x?x32xf32>, tensor<1x2x?x32xf32>, tensor<1x2x?x32xf32> -> tensor<1x2x?x32xf32>
  return %o : tensor<1x2x?x32xf32>
}
