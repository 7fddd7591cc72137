// The scale must survive conversion to f32: 1e300 overflows, 1e-300
// underflows to 0.
// RUN: attnc-opt %s --split-input-file --verify-diagnostics

func.func @scale_overflows_f32(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                               %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{scale must be a finite, non-zero f32 value}}
  %0 = attn.attention %q, %k, %v scale(1.0e300)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @scale_underflows_f32(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{scale must be a finite, non-zero f32 value}}
  %0 = attn.attention %q, %k, %v scale(1.0e-300)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}
