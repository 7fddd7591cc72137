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

/// The textual pass pipeline that lowers a spec module to the LLVM dialect
/// with validating C entry points.
std::string getCPUPipeline();

/// Parses getCPUPipeline() into `pm`.
mlir::LogicalResult buildCPUPipeline(mlir::PassManager &pm);

} // namespace attnc

#endif // ATTNC_PIPELINE_PIPELINE_H
