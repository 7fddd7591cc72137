// Tile sizes the micro-kernels cannot use are rejected.
// RUN: not attnc-opt %s --convert-attn-to-flash="query-tile=20" 2>&1 | FileCheck %s
// RUN: not attnc-opt %s --convert-attn-to-flash="key-tile=12" 2>&1 | FileCheck %s
// CHECK: query-tile must be a positive multiple of 3 * vector-width and key-tile a positive multiple of 8
// RUN: not attnc-opt %s --convert-attn-to-flash="vector-width=5 query-tile=15" 2>&1 | FileCheck %s --check-prefix=WIDTH
// WIDTH: convert-attn-to-flash: the vector width must be 4, 8 or 16 lanes
func.func @f(%q: tensor<1x2x8x32xf32>, %k: tensor<1x2x8x32xf32>,
             %v: tensor<1x2x8x32xf32>) -> tensor<1x2x8x32xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<1x2x8x32xf32>, tensor<1x2x8x32xf32>, tensor<1x2x8x32xf32> -> tensor<1x2x8x32xf32>
  return %o : tensor<1x2x8x32xf32>
}
