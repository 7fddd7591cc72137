// A constant index other than 0 (reachable through the generic form) is
// reported by naming the constant.
// RUN: attnc-opt %s --verify-diagnostics

func.func @constant_one(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                        %v: tensor<1x2x8x16xf32>, %x: tensor<1xf32>) {
  // expected-error @+1 {{dimension 0 of input #0 is indexed by the constant 1}}
  %0 = "attn.attention"(%q, %k, %v, %x) <{operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0, 0, 0, 0, 0>, input_maps = [affine_map<(b, h, q, k) -> (1)>]}> ({}, {})
    : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1xf32>)
      -> tensor<1x2x8x16xf32>
  return
}
