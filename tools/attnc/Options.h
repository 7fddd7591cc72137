//===- Options.h - command-line options shared by attnc's commands -*- C++ -*-===//

#ifndef ATTNC_TOOLS_ATTNC_OPTIONS_H
#define ATTNC_TOOLS_ATTNC_OPTIONS_H

#include "attnc/Pipeline/Pipeline.h"
#include "attnc/Target/ObjectEmitter.h"

#include "llvm/Support/CommandLine.h"

namespace attnc {

/// `attnc run`.
extern llvm::cl::SubCommand runCommand;

/// The spec file (both commands).
extern llvm::cl::opt<std::string> inputFilename;

/// Target options from --cpu and -O (both commands).
TargetOptions getTargetOptions();

/// The option category of `attnc run`.
llvm::cl::OptionCategory &getRunCategory();

/// Pipeline options from --lowering, --query-tile, --key-tile and
/// --vector-width (by default from the target CPU); prints the error and
/// fails for a bad value or an unknown target.
mlir::FailureOr<PipelineOptions> getPipelineOptions();

/// Entry point of `attnc run`; returns the process exit code.
int runSpec();

} // namespace attnc

#endif // ATTNC_TOOLS_ATTNC_OPTIONS_H
