// A zero query/key head dim is rejected (the default scale would be inf).
// RUN: attnc-opt %s --verify-diagnostics

func.func @zero_head_dim(%q: tensor<1x2x8x0xf32>, %k: tensor<1x2x8x0xf32>,
                         %v: tensor<1x2x8x4xf32>) {
  // expected-error @+1 {{head dim}}
  %0 = attn.attention %q, %k, %v
    : tensor<1x2x8x0xf32>, tensor<1x2x8x0xf32>, tensor<1x2x8x4xf32> -> tensor<1x2x8x4xf32>
  return
}
