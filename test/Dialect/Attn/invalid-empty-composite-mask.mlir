// #attn.and<[]> and #attn.or<[]> parse, and their verifiers reject them.
// RUN: attnc-opt %s --split-input-file --verify-diagnostics

func.func @and_empty(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                     %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{'#attn.and' needs at least one mask}}
  %0 = attn.attention %q, %k, %v mask(#attn.and<[]>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @or_empty(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                    %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{'#attn.or' needs at least one mask}}
  %0 = attn.attention %q, %k, %v mask(#attn.or<[]>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}
