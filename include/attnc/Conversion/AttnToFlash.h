//===- AttnToFlash.h - attn.attention to the fused flash kernel -*- C++ -*-===//
//
// The flash lowering of one attn.attention op, for use outside the
// convert-attn-to-flash pass (the transform.attn.lower_to_flash op lowers the
// ops a transform script picks, each with its own tile sizes).
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_CONVERSION_ATTNTOFLASH_H
#define ATTNC_CONVERSION_ATTNTOFLASH_H

#include "mlir/IR/PatternMatch.h"

#include <optional>
#include <string>

namespace attnc {
namespace attn {
class AttentionOp;
} // namespace attn

/// The flash kernel's tile sizes (docs/Design.md, "Tile sizes").
struct FlashTileSizes {
  int64_t queryTile = 48;  // rows (query, head) per task
  int64_t keyTile = 64;    // keys per online-softmax step
  int64_t vectorWidth = 8; // f32 lanes
};

/// Whether the flash kernels can use `vectorWidth` f32 lanes: 4, 8 or 16.
bool isFlashVectorWidth(int64_t vectorWidth);
/// The query tile must be a positive multiple of this: the rows of a
/// micro-tile column, 3 vectors of `vectorWidth` lanes.
int64_t getFlashQueryTileMultiple(int64_t vectorWidth);
/// The key tile must be a positive multiple of this.
int64_t getFlashKeyTileMultiple();
/// Why `sizes` cannot be used, or nothing when they can.
std::optional<std::string> checkFlashTileSizes(const FlashTileSizes &sizes);

/// Replaces `op` by its fused flash kernel (on buffers, wrapped back into
/// tensors). The tile sizes must pass checkFlashTileSizes().
mlir::LogicalResult lowerAttentionToFlash(mlir::RewriterBase &rewriter,
                                          attn::AttentionOp op,
                                          const FlashTileSizes &sizes);
} // namespace attnc

#endif // ATTNC_CONVERSION_ATTNTOFLASH_H
