//===- Passes.td - attnc target passes ---------------------*- tablegen -*-===//

#ifndef ATTNC_TARGET_PASSES_TD
#define ATTNC_TARGET_PASSES_TD

include "mlir/Pass/PassBase.td"

def AttncPrepareCAbi : Pass<"attnc-prepare-c-abi", "::mlir::ModuleOp"> {
  let summary = "Record the C ABI of each spec function and rename its kernel";
  let description = [{
    Runs on the spec (tensor level). For every public function whose body is
    an `attn.attention`, derives the C ABI signature - for each argument and
    result: role, element type, rank and per-dimension extent (static) or
    runtime-length symbol (B, Lq, Lk) - and attaches it as the
    `attnc.c_abi` dictionary attribute. The function is renamed to
    `__attnc_kernel_<name>`; the public symbol `<name>` is created later by
    `attnc-emit-c-abi`, which also makes the kernel internal. Names that are
    not C identifiers, that the runtime or C library reserve, or that clash
    with another symbol (`<name>_argv`, `<name>_error`) are rejected here.
  }];
}

def AttncEmitCAbi : Pass<"attnc-emit-c-abi", "::mlir::ModuleOp"> {
  let summary = "Create the validating C entry points (LLVM dialect)";
  let description = [{
    Runs after lowering to the LLVM dialect. For every kernel annotated by
    `attnc-prepare-c-abi` it emits a constant signature table, the public
    entry `int32_t <name>(const attnc_tensor *...)`, which asks the runtime
    to validate every tensor and then calls the kernel, and
    `const char *<name>_error(void)`.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def AttncElideOutputCopies
    : Pass<"attnc-elide-output-copies", "::mlir::func::FuncOp"> {
  let summary = "Write kernel results straight into the caller's buffers";
  let description = [{
    Runs after `buffer-results-to-out-params`, which leaves each result as a
    fresh allocation copied into its out-parameter at the end. When the
    allocation is only written and read by loads and stores (as the flash
    kernel's output and LSE are) and the out-parameter has no other use,
    the loads and stores are redirected to the out-parameter and the
    allocation and the copy disappear: no page faults on a fresh buffer and
    no second pass over the output, which matters most for sparse masks.
    The C entry point rejects outputs that alias each other or an input.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def AttncAttachLoopAnnotations
    : Pass<"attnc-attach-loop-annotations", "::mlir::ModuleOp"> {
  let summary = "Make loop annotations on scf.for reach LLVM IR";
  let description = [{
    Runs after lowering to the LLVM dialect. `convert-scf-to-cf` copies a
    loop's `llvm.loop_annotation` attribute onto its back-edge branch, and
    `convert-cf-to-llvm` keeps it there as a discardable attribute, which
    the translation to LLVM IR ignores: it reads the branch's own
    `loop_annotation`. This pass moves the one into the other on branches
    (other ops keep the attribute), so that
    `!llvm.loop` metadata (the flash kernel's unroll limits) reaches LLVM.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

#endif // ATTNC_TARGET_PASSES_TD
