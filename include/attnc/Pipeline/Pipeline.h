//===- Pipeline.h - attnc compilation pipelines -----------------*- C++ -*-===//

#ifndef ATTNC_PIPELINE_PIPELINE_H
#define ATTNC_PIPELINE_PIPELINE_H

#include "mlir/Support/LLVM.h"

#include <string>

namespace mlir {
class DialectRegistry;
class ModuleOp;
class PassManager;
} // namespace mlir

namespace attnc {

/// Registers every dialect and interface extension attnc's pipelines use.
void registerAttncDialects(mlir::DialectRegistry &registry);

/// Registers attnc's passes and the upstream passes its pipelines name.
void registerAttncPasses();

/// How attn.attention is lowered.
enum class Lowering {
  /// The fused, tiled, vectorised, multithreaded kernel (default).
  Flash,
  /// The reference lowering that materialises the scores (debugging).
  Naive,
};

struct PipelineOptions {
  Lowering lowering = Lowering::Flash;
  /// Tile sizes of the flash lowering; 0 picks the default.
  int64_t queryTile = 0;
  int64_t keyTile = 0;
  /// f32 lanes per vector of the flash kernels; 0 picks the default (8).
  int64_t vectorWidth = 0;
};

/// The textual pass pipeline that lowers a spec module to the LLVM dialect
/// with validating C entry points.
std::string getCPUPipeline(const PipelineOptions &options = {});

/// Parses getCPUPipeline(options) into `pm`.
mlir::LogicalResult buildCPUPipeline(mlir::PassManager &pm,
                                     const PipelineOptions &options = {});

} // namespace attnc

#endif // ATTNC_PIPELINE_PIPELINE_H
