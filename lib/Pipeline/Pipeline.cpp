//===- Pipeline.cpp - attnc compilation pipelines -------------------------===//

#include "attnc/Pipeline/Pipeline.h"

#include "attnc/Conversion/AttnToLinalg.h"
#include "attnc/Conversion/Passes.h"
#include "attnc/Dialect/Attn/IR/Attn.h"
#include "attnc/Dialect/Attn/TransformOps/AttnTransformOps.h"
#include "attnc/Dialect/Attn/Transforms/Passes.h"
#include "attnc/Target/Passes.h"

#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace attnc;

void attnc::registerAttncDialects(DialectRegistry &registry) {
  registry.insert<attn::AttnDialect>();
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registerAttentionDecompositionModel(registry);
  attn::registerTransformDialectExtension(registry);
}

void attnc::registerAttncPasses() {
  registerAllPasses();
  attn::registerAttnTransformsPasses();
  registerAttncConversionPasses();
  registerAttncTargetPasses();
}

/// The passes of the CPU pipeline, without the builtin.module anchor.
static std::string getCPUPipelineBody(const PipelineOptions &options) {
  // attn.attention has two lowerings; the other spec ops have one each.
  std::string lowering;
  if (options.lowering == Lowering::Naive) {
    lowering = "convert-attn-to-linalg";
  } else {
    // Affine mask_mod predicates become mask attributes, which the flash
    // kernel's tile analysis understands.
    lowering = "attn-raise-mask-mod,convert-attn-to-flash";
    SmallVector<std::string> opts;
    if (options.queryTile > 0)
      opts.push_back("query-tile=" + std::to_string(options.queryTile));
    if (options.keyTile > 0)
      opts.push_back("key-tile=" + std::to_string(options.keyTile));
    if (options.vectorWidth > 0)
      opts.push_back("vector-width=" + std::to_string(options.vectorWidth));
    if (!opts.empty())
      lowering += "{" + llvm::join(opts, " ") + "}";
  }
  lowering = "func.func(" + lowering +
             ",convert-attn-merge-to-linalg,"
             "convert-attn-tree-positions-to-scf),";
  // Spec -> tensors -> buffers -> loops -> LLVM dialect. Kernel results
  // become out-parameters so the caller's buffers are written; the flash
  // kernel's scf.parallel becomes an OpenMP work-sharing loop.
  return "attnc-prepare-c-abi," + lowering +
         "canonicalize,cse,"
         "one-shot-bufferize{bufferize-function-boundaries "
         "function-boundary-type-conversion=fully-dynamic-layout-map},"
         "buffer-results-to-out-params{modify-public-functions},"
         "func.func(attnc-elide-output-copies),"
         "buffer-deallocation-pipeline,"
         "convert-bufferization-to-memref,"
         "func.func(convert-linalg-to-loops),"
         "convert-scf-to-openmp,"
         "func.func(attnc-approximate-math),"
         "canonicalize,"
         // Memref first: it inlines the tasks' memref.alloca_scope, whose
         // region must still be a single block (before scf-to-cf).
         "expand-strided-metadata,lower-affine,finalize-memref-to-llvm,"
         "convert-scf-to-cf,"
         "arith-expand{include-bf16},"
         "convert-vector-to-llvm,"
         "convert-math-to-llvm,convert-math-to-libm,"
         "convert-arith-to-llvm,convert-index-to-llvm,"
         "convert-func-to-llvm,convert-cf-to-llvm,"
         "convert-openmp-to-llvm,"
         "reconcile-unrealized-casts,"
         "attnc-attach-loop-annotations,"
         "attnc-emit-c-abi";
}

std::string attnc::getCPUPipeline(const PipelineOptions &options) {
  return "builtin.module(" + getCPUPipelineBody(options) + ")";
}

LogicalResult attnc::buildCPUPipeline(PassManager &pm,
                                      const PipelineOptions &options) {
  // parsePassPipeline nests an anchored pipeline; the body goes in directly.
  return parsePassPipeline(getCPUPipelineBody(options), pm);
}
