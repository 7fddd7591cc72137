// RUN: attnc-opt %s --split-input-file --convert-attn-to-flash --canonicalize --cse --mlir-print-local-scope | FileCheck %s
// RUN: attnc-opt %s --split-input-file --convert-attn-to-flash=vector-width=16 --canonicalize --cse --mlir-print-local-scope | FileCheck %s --check-prefix=W16

// The decoding kernel (contiguous K/V rows, all rows of a KV group in one
// vector; otherwise the main tiled kernel) for 4 query heads per KV head: rows go by groups of 4, keys by
// blocks of 32. Each score step holds 4 rows x 2 keys of accumulators, loads
// K once for the 4 rows and prefetches the next block's K; the W dot
// products of a row are summed across lanes by three rounds of shuffles.
// The value update holds 4 rows x 2 value vectors across the block's 32
// keys, prefetching the next block's V. Unroll limits keep LLVM from
// hoisting (and spilling) the K and V loads out of the row-group loop.

// With 16 lanes (AVX-512) the decoding kernel takes up to 16 rows of a KV
// group, blocks of 64 keys, and sums 16 dot products in four rounds.

// CHECK-LABEL: func.func @gqa4
// W16-LABEL: func.func @gqa4
// W16:         arith.cmpi sle, %{{.+}}, %c16 : index
// W16:         scf.if
// W16:           scf.for %{{.+}} = %c0 to %c64 step %c16 iter_args({{.+}}) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
// W16:           vector.shuffle %{{.+}}#0, %{{.+}}#1 [0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30]
// W16:           vector.shuffle %{{.+}}, %{{.+}} [0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29]
// W16:           vector.shuffle %{{.+}}, %{{.+}} [0, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11, 24, 25, 26, 27]
// W16:           vector.shuffle %{{.+}}, %{{.+}} [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23]
// W16:           vector.store %{{.+}}, %{{.+}} : memref<4x64xf32>, vector<16xf32>
// W16:         } else {
// CHECK:         %[[SMALL:.+]] = arith.cmpi sle, %{{.+}}, %c8 : index
// CHECK:         %[[KSTRIDE:.+]] = arith.cmpi eq, %{{.+}}#3, %c1 : index
// CHECK:         %[[VSTRIDE:.+]] = arith.cmpi eq, %{{.+}}#3, %c1 : index
// CHECK:         %[[CONTIGUOUS:.+]] = arith.andi %[[KSTRIDE]], %[[VSTRIDE]] : i1
// CHECK:         %[[DECODE:.+]] = arith.andi %[[SMALL]], %[[CONTIGUOUS]] : i1
// CHECK:         scf.if %[[DECODE]] {
// CHECK-NOT:       scf.if
// CHECK:           scf.parallel
// CHECK:           %[[LAST:.+]] = arith.subi %{{.+}}, %c1 : index
// CHECK:           scf.for %[[BLK:.+]] = %c0 to %{{.+}} step %c1 {
// CHECK:             %[[KB:.+]] = arith.muli %[[BLK]], %c32 : index
// CHECK:             scf.for %[[ROW:.+]] = %c0 to %{{.+}} step %c4 {
// CHECK:               scf.for %[[SB:.+]] = %c0 to %c4 step %c1 {
// CHECK-NEXT:            %[[SBK:.+]] = arith.muli %[[SB]], %c8 : index
// CHECK-NEXT:            %[[K0:.+]] = arith.addi %[[KB]], %[[SBK]] : index
// CHECK-NEXT:            %[[KEY:.+]] = arith.minsi %[[K0]], %[[LAST]] : index
// CHECK:                 %[[NEXT:.+]] = arith.minsi %{{.+}}, %[[LAST]] : index
// CHECK:                 %{{.+}}:8 = scf.for %[[D:.+]] = %c0 to %c64 step %c8 iter_args({{.+}}) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
// CHECK:                   vector.load %{{.+}}[%{{.+}}, %{{.+}}, %[[KEY]], %[[D]]]
// CHECK:                   memref.prefetch %{{.+}}[%{{.+}}, %{{.+}}, %[[NEXT]], %[[D]]], read, locality<2>, data
// CHECK-COUNT-8:           vector.fma
// CHECK:                 } {llvm.loop_annotation = #llvm.loop_annotation<unroll = <count = 4 : i32>>}
// CHECK-COUNT-3:         scf.for %{{.+}} = %c0 to %c64 step %c8 iter_args
// CHECK:                 vector.shuffle %{{.+}}#0, %{{.+}}#1 [0, 8, 2, 10, 4, 12, 6, 14]
// CHECK:                 vector.shuffle %{{.+}}, %{{.+}} [0, 1, 8, 9, 4, 5, 12, 13]
// CHECK:                 vector.shuffle %{{.+}}, %{{.+}} [0, 1, 2, 3, 8, 9, 10, 11]
// CHECK:                 vector.store %{{.+}}, %[[SCORES:.+]][%c0, %[[SBK]]] : memref<4x32xf32>, vector<8xf32>
// CHECK:                 vector.store %{{.+}}, %[[SCORES]][%c3, %[[SBK]]] : memref<4x32xf32>, vector<8xf32>
// CHECK-NEXT:          } {llvm.loop_annotation = #llvm.loop_annotation<unroll = <disable = true>>}
// CHECK:               vector.load %[[SCORES]][%c0, %c0] : memref<4x32xf32>, vector<8xf32>
// CHECK:               vector.reduction <maximumf>
// CHECK:               scf.for %[[E:.+]] = %c0 to %c64 step %c16 {
// CHECK:                 %{{.+}}:8 = scf.for %[[J:.+]] = %c0 to %c32 step %c1 iter_args
// CHECK:                   memref.prefetch
// CHECK-COUNT-8:           vector.fma
// CHECK:                 } {llvm.loop_annotation = #llvm.loop_annotation<unroll = <count = 4 : i32>>}
// CHECK:               } {llvm.loop_annotation = #llvm.loop_annotation<unroll = <disable = true>>}
// CHECK:         } else {
// CHECK-NEXT:      arith.ceildivsi %{{.+}}, %c48 : index
// CHECK-NOT:     scf.if
// CHECK:         return
func.func @gqa4(%q: tensor<1x8x?x64xf32>, %k: tensor<1x2x?x64xf32>,
                %v: tensor<1x2x?x64xf32>) -> tensor<1x8x?x64xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<1x8x?x64xf32>, tensor<1x2x?x64xf32>, tensor<1x2x?x64xf32> -> tensor<1x8x?x64xf32>
  return %o : tensor<1x8x?x64xf32>
}

// -----

// One query head per KV head: rows one at a time, 8 keys per score step (so
// one D loop per sub-block), and 8 value vectors (the whole
// value dim of 64: no column loop) per update step.

// CHECK-LABEL: func.func @mha
// CHECK:         scf.parallel
// CHECK:           %[[LAST:.+]] = arith.subi %{{.+}}, %c1 : index
// CHECK:           scf.for %[[BLK:.+]] = %c0 to %{{.+}} step %c1 {
// CHECK:             arith.muli %[[BLK]], %c32 : index
// CHECK:             scf.for %{{.+}} = %c0 to %{{.+}} step %c1 {
// CHECK:               scf.for %{{.+}} = %c0 to %c4 step %c1 {
// CHECK:                 %{{.+}}:8 = scf.for %{{.+}} = %c0 to %c64 step %c8 iter_args
// CHECK-COUNT-8:           memref.prefetch
// CHECK:                 } {llvm.loop_annotation = #llvm.loop_annotation<unroll = <count = 4 : i32>>}
// CHECK-NOT:             scf.for
// CHECK:               } {llvm.loop_annotation = #llvm.loop_annotation<unroll = <disable = true>>}
// CHECK-NOT:           scf.for
// CHECK:               %{{.+}}:8 = scf.for %{{.+}} = %c0 to %c32 step %c1 iter_args
// CHECK:               } {llvm.loop_annotation = #llvm.loop_annotation<unroll = <count = 4 : i32>>}
// CHECK-NOT:           unroll = <disable = true>
// CHECK:           scf.reduce
func.func @mha(%q: tensor<1x2x?x64xf32>, %k: tensor<1x2x?x64xf32>,
               %v: tensor<1x2x?x64xf32>) -> tensor<1x2x?x64xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<1x2x?x64xf32>, tensor<1x2x?x64xf32>, tensor<1x2x?x64xf32> -> tensor<1x2x?x64xf32>
  return %o : tensor<1x2x?x64xf32>
}

// -----

// A mask that may not keep a whole block: its predicate is evaluated only
// where the block is not known to be full, once per row group (one query)
// for the block's four sub-blocks.

// CHECK-LABEL: func.func @window
// CHECK:           scf.for %{{.+}} = %c0 to %{{.+}} step %c4 {
// CHECK:             %{{.+}}:4 = scf.if %{{.+}} -> (vector<8xi1>, vector<8xi1>, vector<8xi1>, vector<8xi1>) {
// CHECK-NEXT:          scf.yield %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}} : vector<8xi1>, vector<8xi1>, vector<8xi1>, vector<8xi1>
// CHECK-NEXT:        } else {
// CHECK:               arith.cmpi
// CHECK:               arith.andi
// CHECK-NOT:         scf.if
// CHECK:             vector.reduction <maximumf>
func.func @window(%q: tensor<1x4x?x32xf32>, %k: tensor<1x1x?x32xf32>,
                  %v: tensor<1x1x?x32xf32>) -> tensor<1x4x?x32xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.window<left = 16, align = bottom_right>)
    : tensor<1x4x?x32xf32>, tensor<1x1x?x32xf32>, tensor<1x1x?x32xf32> -> tensor<1x4x?x32xf32>
  return %o : tensor<1x4x?x32xf32>
}
