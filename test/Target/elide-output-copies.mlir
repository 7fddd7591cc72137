// RUN: attnc-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(attnc-elide-output-copies))" | FileCheck %s

// The kernel's result buffer is only stored to and loaded from: the
// accesses go to the out-parameter, and the allocation and copy vanish.

// CHECK-LABEL: func.func @elided
// CHECK-SAME: (%[[N:.+]]: index, %[[OUT:.+]]: memref<?x8xf32, strided<[?, 1], offset: ?>>)
// CHECK-NOT:   memref.alloc
// CHECK:       scf.for %[[I:.+]] =
// CHECK:         memref.store %{{.+}}, %[[OUT]][%[[I]], %{{.+}}] : memref<?x8xf32, strided<[?, 1], offset: ?>>
// CHECK:         vector.load %[[OUT]][%[[I]], %{{.+}}] : memref<?x8xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
// CHECK:         vector.store %{{.+}}, %[[OUT]][%[[I]], %{{.+}}] : memref<?x8xf32, strided<[?, 1], offset: ?>>, vector<8xf32>
// CHECK-NOT:   memref.copy
// CHECK:       return
func.func @elided(%n: index, %out: memref<?x8xf32, strided<[?, 1], offset: ?>>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1.0 : f32
  %alloc = memref.alloc(%n) : memref<?x8xf32>
  scf.for %i = %c0 to %n step %c1 {
    memref.store %one, %alloc[%i, %c0] : memref<?x8xf32>
    %v = vector.load %alloc[%i, %c0] : memref<?x8xf32>, vector<8xf32>
    vector.store %v, %alloc[%i, %c0] : memref<?x8xf32>, vector<8xf32>
  }
  %cast = memref.cast %alloc : memref<?x8xf32> to memref<?x8xf32, strided<[?, 1], offset: ?>>
  memref.copy %cast, %out : memref<?x8xf32, strided<[?, 1], offset: ?>> to memref<?x8xf32, strided<[?, 1], offset: ?>>
  return
}

// -----

// Vector accesses cannot move to an out-parameter whose innermost stride
// is not known to be 1; scalar ones could, but all must move.

// CHECK-LABEL: func.func @strided_vector
// CHECK:       memref.alloc
// CHECK:       vector.store %{{.+}}, %alloc
// CHECK:       memref.copy
func.func @strided_vector(%out: memref<8xf32, strided<[?], offset: ?>>) {
  %c0 = arith.constant 0 : index
  %v = arith.constant dense<1.0> : vector<8xf32>
  %alloc = memref.alloc() : memref<8xf32>
  vector.store %v, %alloc[%c0] : memref<8xf32>, vector<8xf32>
  %cast = memref.cast %alloc : memref<8xf32> to memref<8xf32, strided<[?], offset: ?>>
  memref.copy %cast, %out : memref<8xf32, strided<[?], offset: ?>> to memref<8xf32, strided<[?], offset: ?>>
  return
}

// -----

// Another use of the buffer (here memref.dim) keeps the copy.

// CHECK-LABEL: func.func @kept
// CHECK:       %[[A:.+]] = memref.alloc
// CHECK:       memref.dim %[[A]]
// CHECK:       memref.copy
func.func @kept(%n: index, %out: memref<?xf32>) -> index {
  %c0 = arith.constant 0 : index
  %one = arith.constant 1.0 : f32
  %alloc = memref.alloc(%n) : memref<?xf32>
  memref.store %one, %alloc[%c0] : memref<?xf32>
  %d = memref.dim %alloc, %c0 : memref<?xf32>
  memref.copy %alloc, %out : memref<?xf32> to memref<?xf32>
  return %d : index
}

// -----

// An out-parameter that is read elsewhere keeps its copy.

// CHECK-LABEL: func.func @out_read
// CHECK:       memref.alloc
// CHECK:       memref.copy
func.func @out_read(%out: memref<4xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %one = arith.constant 1.0 : f32
  %x = memref.load %out[%c0] : memref<4xf32>
  %alloc = memref.alloc() : memref<4xf32>
  memref.store %one, %alloc[%c0] : memref<4xf32>
  memref.copy %alloc, %out : memref<4xf32> to memref<4xf32>
  return %x : f32
}
