// RUN: attnc-opt %s --split-input-file --attnc-emit-c-abi | FileCheck %s

// A kernel and its C wrapper as attnc-prepare-c-abi and the lowering to the
// LLVM dialect leave them (the wrapper inherits attnc.c_abi): static
// [1, 1, 2, 4] f32 q, k, v and out.

// CHECK-LABEL: llvm.func internal @__attnc_kernel_f(
// CHECK-NOT: attnc.c_abi
// CHECK-SAME: {
// CHECK: llvm.return
// CHECK-LABEL: llvm.func internal @_mlir_ciface___attnc_kernel_f(
// CHECK-NOT: attnc.c_abi
// CHECK-SAME: attributes {llvm.emit_c_interface} {
// CHECK: llvm.call @__attnc_kernel_f(
// CHECK-DAG: llvm.mlir.global internal constant @__attnc_table_f(dense<[2, 4, 0, 0, 0, 4, 1, 1, 1, 2, 2, 4, 4, 6, 0, 0, 0, 4, 1, 1, 1, 3, 2, 5, 4, 6, 0, 0, 0, 4, 1, 1, 1, 3, 2, 5, 4, 7, 1, 0, 0, 4, 1, 1, 1, 2, 2, 4, 4, 7]> : tensor<50xi64>) {{.*}} : !llvm.array<50 x i64>
// CHECK-DAG: llvm.mlir.global internal constant @__attnc_names_f("q,k,v,out\00")
// CHECK-DAG: llvm.func @attnc_rt_invoke(!llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr) -> i32
// CHECK-DAG: llvm.func @attnc_rt_last_error() -> !llvm.ptr

// The entry point: one pointer per parameter, gathered into an argv array.
// CHECK-LABEL: llvm.func @f(
// CHECK-SAME: %[[A0:[^:]+]]: !llvm.ptr, %[[A1:[^:]+]]: !llvm.ptr, %[[A2:[^:]+]]: !llvm.ptr, %[[A3:[^:]+]]: !llvm.ptr) -> i32 {
// CHECK: %[[N:.+]] = llvm.mlir.constant(4 : i64) : i64
// CHECK-NEXT: %[[ARGV:.+]] = llvm.alloca %[[N]] x !llvm.ptr : (i64) -> !llvm.ptr
// CHECK-NEXT: %[[S0:.+]] = llvm.getelementptr %[[ARGV]][0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK-NEXT: llvm.store %[[A0]], %[[S0]] : !llvm.ptr, !llvm.ptr
// CHECK-NEXT: %[[S1:.+]] = llvm.getelementptr %[[ARGV]][1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK-NEXT: llvm.store %[[A1]], %[[S1]] : !llvm.ptr, !llvm.ptr
// CHECK-NEXT: %[[S2:.+]] = llvm.getelementptr %[[ARGV]][2] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK-NEXT: llvm.store %[[A2]], %[[S2]] : !llvm.ptr, !llvm.ptr
// CHECK-NEXT: %[[S3:.+]] = llvm.getelementptr %[[ARGV]][3] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK-NEXT: llvm.store %[[A3]], %[[S3]] : !llvm.ptr, !llvm.ptr
// CHECK-NEXT: %[[T:.+]] = llvm.mlir.addressof @__attnc_table_f : !llvm.ptr
// CHECK-NEXT: %[[NM:.+]] = llvm.mlir.addressof @__attnc_names_f : !llvm.ptr
// CHECK-NEXT: %[[K:.+]] = llvm.mlir.addressof @_mlir_ciface___attnc_kernel_f : !llvm.ptr
// CHECK-NEXT: %[[ST:.+]] = llvm.call @attnc_rt_invoke(%[[T]], %[[NM]], %[[ARGV]], %[[K]]) : (!llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr) -> i32
// CHECK-NEXT: llvm.return %[[ST]] : i32

// The argv form passes the caller's array straight through.
// CHECK-LABEL: llvm.func @f_argv(
// CHECK-SAME: %[[ARGS:[^:]+]]: !llvm.ptr) -> i32 {
// CHECK-NEXT: %[[T:.+]] = llvm.mlir.addressof @__attnc_table_f : !llvm.ptr
// CHECK-NEXT: %[[NM:.+]] = llvm.mlir.addressof @__attnc_names_f : !llvm.ptr
// CHECK-NEXT: %[[K:.+]] = llvm.mlir.addressof @_mlir_ciface___attnc_kernel_f : !llvm.ptr
// CHECK-NEXT: %[[ST:.+]] = llvm.call @attnc_rt_invoke(%[[T]], %[[NM]], %[[ARGS]], %[[K]])
// CHECK-NEXT: llvm.return %[[ST]] : i32

// CHECK-LABEL: llvm.func @f_error() -> !llvm.ptr {
// CHECK-NEXT: %[[MSG:.+]] = llvm.call @attnc_rt_last_error() : () -> !llvm.ptr
// CHECK-NEXT: llvm.return %[[MSG]] : !llvm.ptr

// CHECK-LABEL: llvm.func @f_set_num_threads(
// CHECK-SAME: %[[N:[^:]+]]: i32) -> i32 {
// CHECK-NEXT: %[[PREV:.+]] = llvm.call @attnc_rt_set_num_threads(%[[N]]) : (i32) -> i32
// CHECK-NEXT: llvm.return %[[PREV]] : i32
// CHECK-NOT: attnc.c_abi
module {
  llvm.func @__attnc_kernel_f(%q: !llvm.ptr, %k: !llvm.ptr, %v: !llvm.ptr, %o: !llvm.ptr)
      attributes {attnc.c_abi = {entry = "f", names = "q,k,v,out",
                                 op_indices = array<i64: 0, 1, 2, 0>,
                                 table = array<i64: 2, 4, 0, 0, 0, 4, 1, 1, 1, 2, 2, 4, 4, 6, 0, 0, 0, 4, 1, 1, 1, 3, 2, 5, 4, 6, 0, 0, 0, 4, 1, 1, 1, 3, 2, 5, 4, 7, 1, 0, 0, 4, 1, 1, 1, 2, 2, 4, 4, 7>},
                  llvm.emit_c_interface} {
    llvm.return
  }
  llvm.func @_mlir_ciface___attnc_kernel_f(%q: !llvm.ptr, %k: !llvm.ptr, %v: !llvm.ptr, %o: !llvm.ptr)
      attributes {attnc.c_abi = {entry = "f", names = "q,k,v,out",
                                 op_indices = array<i64: 0, 1, 2, 0>,
                                 table = array<i64: 2, 4, 0, 0, 0, 4, 1, 1, 1, 2, 2, 4, 4, 6, 0, 0, 0, 4, 1, 1, 1, 3, 2, 5, 4, 6, 0, 0, 0, 4, 1, 1, 1, 3, 2, 5, 4, 7, 1, 0, 0, 4, 1, 1, 1, 2, 2, 4, 4, 7>},
                  llvm.emit_c_interface} {
    llvm.call @__attnc_kernel_f(%q, %k, %v, %o) : (!llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr) -> ()
    llvm.return
  }
}

// -----

// Two kernels in one module share the runtime declarations, which are
// reused when they already exist. Functions without the attribute are left
// as they are.

// CHECK-LABEL: llvm.func @attnc_rt_invoke(!llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr) -> i32
// CHECK-LABEL: llvm.func @helper()
// CHECK-LABEL: llvm.func internal @__attnc_kernel_a(
// CHECK-LABEL: llvm.func internal @_mlir_ciface___attnc_kernel_a(
// CHECK-LABEL: llvm.func internal @__attnc_kernel_b(
// CHECK-LABEL: llvm.func internal @_mlir_ciface___attnc_kernel_b(
// CHECK-NOT: llvm.func @attnc_rt_invoke
// CHECK-DAG: llvm.mlir.global internal constant @__attnc_table_a(dense<[2, 3, 0, 0, 0, 1, -3, 5, 1, 0, 0, 3, -1, 1, 2, 2, -2, 4, 1, 0, 0, 4, -1, 1, 2, 2, -2, 4, 8, 7]> : tensor<30xi64>)
// CHECK-DAG: llvm.mlir.global internal constant @__attnc_names_a("x,lse,out\00")
// CHECK-DAG: llvm.mlir.global internal constant @__attnc_table_b(dense<[2, 1, 0, 7, 0, 0]> : tensor<6xi64>)
// CHECK-DAG: llvm.mlir.global internal constant @__attnc_names_b("m\00")
// CHECK-DAG: llvm.func @attnc_rt_last_error() -> !llvm.ptr
// CHECK-DAG: llvm.func @a(%{{[^:]+}}: !llvm.ptr, %{{[^:]+}}: !llvm.ptr, %{{[^:]+}}: !llvm.ptr) -> i32
// CHECK-DAG: llvm.func @a_argv(%{{[^:]+}}: !llvm.ptr) -> i32
// CHECK-DAG: llvm.func @a_error() -> !llvm.ptr
// CHECK-DAG: llvm.func @b(%{{[^:]+}}: !llvm.ptr) -> i32
// CHECK-DAG: llvm.func @b_argv(%{{[^:]+}}: !llvm.ptr) -> i32
// CHECK-DAG: llvm.func @b_error() -> !llvm.ptr
// CHECK-NOT: attnc.c_abi
module {
  llvm.func @attnc_rt_invoke(!llvm.ptr, !llvm.ptr, !llvm.ptr, !llvm.ptr) -> i32
  llvm.func @helper() {
    llvm.return
  }
  llvm.func @__attnc_kernel_a(%x: !llvm.ptr, %l: !llvm.ptr, %o: !llvm.ptr)
      attributes {attnc.c_abi = {entry = "a", names = "x,lse,out",
                                 op_indices = array<i64: 3, 1, 0>,
                                 table = array<i64: 2, 3, 0, 0, 0, 1, -3, 5, 1, 0, 0, 3, -1, 1, 2, 2, -2, 4, 1, 0, 0, 4, -1, 1, 2, 2, -2, 4, 8, 7>}} {
    llvm.return
  }
  llvm.func @_mlir_ciface___attnc_kernel_a(%x: !llvm.ptr, %l: !llvm.ptr, %o: !llvm.ptr)
      attributes {attnc.c_abi = {entry = "a", names = "x,lse,out",
                                 op_indices = array<i64: 3, 1, 0>,
                                 table = array<i64: 2, 3, 0, 0, 0, 1, -3, 5, 1, 0, 0, 3, -1, 1, 2, 2, -2, 4, 1, 0, 0, 4, -1, 1, 2, 2, -2, 4, 8, 7>}} {
    llvm.return
  }
  llvm.func @__attnc_kernel_b(%m: !llvm.ptr)
      attributes {attnc.c_abi = {entry = "b", names = "m", op_indices = array<i64: 3>,
                                 table = array<i64: 2, 1, 0, 7, 0, 0>}} {
    llvm.return
  }
  llvm.func @_mlir_ciface___attnc_kernel_b(%m: !llvm.ptr) {
    llvm.return
  }
}
