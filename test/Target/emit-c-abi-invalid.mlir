// RUN: attnc-opt %s --split-input-file --attnc-emit-c-abi --verify-diagnostics

// The kernel needs the _mlir_ciface_ wrapper (llvm.emit_c_interface).
module {
  // expected-error @+1 {{missing C wrapper '_mlir_ciface___attnc_kernel_f'}}
  llvm.func @__attnc_kernel_f(%q: !llvm.ptr)
      attributes {attnc.c_abi = {entry = "f", names = "q", op_indices = array<i64: 0>,
                                 table = array<i64: 2, 1, 0, 0, 0, 1, 4, 6>}} {
    llvm.return
  }
}

// -----

module {
  // expected-error @+1 {{malformed 'attnc.c_abi' attribute}}
  llvm.func @__attnc_kernel_no_table(%q: !llvm.ptr)
      attributes {attnc.c_abi = {entry = "no_table", names = "q", op_indices = array<i64: 0>}} {
    llvm.return
  }
}

// -----

module {
  // expected-error @+1 {{malformed 'attnc.c_abi' attribute}}
  llvm.func @__attnc_kernel_bad_version(%q: !llvm.ptr)
      attributes {attnc.c_abi = {entry = "bad_version", names = "q", op_indices = array<i64: 0>,
                                 table = array<i64: 3, 1, 0, 0, 0, 1, 4, 6>}} {
    llvm.return
  }
}

// -----

// Two names for one parameter.
module {
  // expected-error @+1 {{malformed 'attnc.c_abi' attribute}}
  llvm.func @__attnc_kernel_names(%q: !llvm.ptr)
      attributes {attnc.c_abi = {entry = "names", names = "q,k", op_indices = array<i64: 0>,
                                 table = array<i64: 2, 1, 0, 0, 0, 1, 4, 6>}} {
    llvm.return
  }
}

// -----

// The table ends inside a parameter's dims.
module {
  // expected-error @+1 {{malformed 'attnc.c_abi' attribute}}
  llvm.func @__attnc_kernel_short(%q: !llvm.ptr)
      attributes {attnc.c_abi = {entry = "short", names = "q", op_indices = array<i64: 0>,
                                 table = array<i64: 2, 1, 0, 0, 0, 2, 4, 6>}} {
    llvm.return
  }
}

// -----

// The check applies to every function carrying the attribute, wrappers
// included.
module {
  // expected-error @+1 {{malformed 'attnc.c_abi' attribute}}
  llvm.func @_mlir_ciface_whatever(%q: !llvm.ptr)
      attributes {attnc.c_abi = {entry = "whatever", names = "q"}} {
    llvm.return
  }
}
