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

#endif // ATTNC_TARGET_PASSES_TD
