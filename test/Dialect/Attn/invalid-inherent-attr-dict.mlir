// Inherent attributes (mask, input_maps, scale) in the trailing attribute
// dictionary of the custom form are rejected instead of silently dropped.
// RUN: attnc-opt %s --split-input-file --verify-diagnostics

func.func @mask_attr_dict(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                          %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{'mask' must be written with its own syntax, e.g. mask(#attn.causal), not in the attribute dictionary}}
  %0 = attn.attention %q, %k, %v {mask = 1 : i32}
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @input_maps_attr_dict(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{'input_maps' must be written with its own syntax}}
  %0 = attn.attention %q, %k, %v {input_maps = 3 : i64}
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}
