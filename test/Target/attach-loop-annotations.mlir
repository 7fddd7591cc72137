// RUN: attnc-opt %s --split-input-file --attnc-attach-loop-annotations --mlir-print-local-scope | FileCheck %s

// The annotation that scf-to-cf leaves on the back edge, as a discardable
// attribute, becomes the branch's own: the one LLVM IR translation reads.

// CHECK-LABEL: llvm.func @back_edge
// CHECK:         llvm.br ^bb1(%{{.+}} : i64) {loop_annotation = #llvm.loop_annotation<unroll = <disable = true>>}
// CHECK-NOT:     llvm.loop_annotation
llvm.func @back_edge(%n: i64) {
  %c0 = llvm.mlir.constant(0 : i64) : i64
  %c1 = llvm.mlir.constant(1 : i64) : i64
  llvm.br ^bb1(%c0 : i64)
^bb1(%i: i64):
  %cond = llvm.icmp "slt" %i, %n : i64
  llvm.cond_br %cond, ^bb2, ^bb3
^bb2:
  %next = llvm.add %i, %c1 : i64
  llvm.br ^bb1(%next : i64) {llvm.loop_annotation = #llvm.loop_annotation<unroll = <disable = true>>}
^bb3:
  llvm.return
}

// -----

// A conditional back edge, and a count.

// CHECK-LABEL: llvm.func @rotated
// CHECK:         llvm.cond_br %{{.+}}, ^bb1, ^bb2 {loop_annotation = #llvm.loop_annotation<unroll = <count = 4 : i32>>}
// CHECK-NOT:     llvm.loop_annotation
llvm.func @rotated(%n: i64) {
  %c0 = llvm.mlir.constant(0 : i64) : i64
  %c1 = llvm.mlir.constant(1 : i64) : i64
  llvm.br ^bb1
^bb1:
  %cond = llvm.icmp "slt" %c0, %n : i64
  llvm.cond_br %cond, ^bb1, ^bb2 {llvm.loop_annotation = #llvm.loop_annotation<unroll = <count = 4 : i32>>}
^bb2:
  llvm.return
}

// -----

// An annotation already on the branch wins; the discardable one goes.

// CHECK-LABEL: llvm.func @both
// CHECK:         llvm.br ^bb1 {loop_annotation = #llvm.loop_annotation<unroll = <count = 2 : i32>>}
// CHECK-NOT:     llvm.loop_annotation
llvm.func @both() {
  llvm.br ^bb1
^bb1:
  llvm.br ^bb1 {loop_annotation = #llvm.loop_annotation<unroll = <count = 2 : i32>>, llvm.loop_annotation = #llvm.loop_annotation<unroll = <disable = true>>}
}

// -----

// Not a branch: the attribute stays where it is.

// CHECK-LABEL: llvm.func @not_a_branch
// CHECK:         llvm.add %{{.+}}, %{{.+}} {llvm.loop_annotation = #llvm.loop_annotation<unroll = <disable = true>>} : i64
llvm.func @not_a_branch(%x: i64) -> i64 {
  %y = llvm.add %x, %x {llvm.loop_annotation = #llvm.loop_annotation<unroll = <disable = true>>} : i64
  llvm.return %y : i64
}
