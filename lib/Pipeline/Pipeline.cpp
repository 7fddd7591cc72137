//===- Pipeline.cpp - attnc compilation pipelines -------------------------===//

#include "attnc/Pipeline/Pipeline.h"

#include "attnc/Conversion/Passes.h"
#include "attnc/Dialect/Attn/IR/Attn.h"
#include "attnc/Target/Passes.h"

#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

using namespace mlir;

void attnc::registerAttncDialects(DialectRegistry &registry) {
  registry.insert<attn::AttnDialect>();
  registerAllDialects(registry);
  registerAllExtensions(registry);
}

void attnc::registerAttncPasses() {
  registerAllPasses();
  registerAttncConversionPasses();
  registerAttncTargetPasses();
}

/// The passes of the CPU pipeline, without the builtin.module anchor.
static const char kCPUPipelineBody[] =
    // Spec -> linalg on tensors -> buffers -> loops -> LLVM dialect. Kernel
    // results become out-parameters so the caller's buffers are written.
         "attnc-prepare-c-abi,"
         "func.func(convert-attn-to-linalg),"
         "canonicalize,cse,"
         "one-shot-bufferize{bufferize-function-boundaries "
         "function-boundary-type-conversion=fully-dynamic-layout-map},"
         "buffer-results-to-out-params{modify-public-functions},"
         "buffer-deallocation-pipeline,"
         "convert-bufferization-to-memref,"
         "func.func(convert-linalg-to-loops),"
         "expand-strided-metadata,lower-affine,convert-scf-to-cf,"
         "arith-expand{include-bf16},"
         "convert-math-to-llvm,convert-math-to-libm,"
         "convert-arith-to-llvm,convert-index-to-llvm,"
         "finalize-memref-to-llvm,convert-func-to-llvm,convert-cf-to-llvm,"
         "reconcile-unrealized-casts,"
         "attnc-emit-c-abi";

std::string attnc::getCPUPipeline() {
  return std::string("builtin.module(") + kCPUPipelineBody + ")";
}

LogicalResult attnc::buildCPUPipeline(PassManager &pm) {
  // parsePassPipeline nests an anchored pipeline; the body goes in directly.
  return parsePassPipeline(kCPUPipelineBody, pm);
}
