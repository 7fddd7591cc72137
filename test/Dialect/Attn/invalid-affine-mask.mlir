// RUN: attnc-opt %s --split-input-file --verify-diagnostics
// Errors of #attn.affine and of the length ops.

func.func @unknown_name(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                        %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{invalid '#attn.affine' constraints: expected an integer or q, k, Lq, Lk at column 5 of "q - x >= 0"}}
  %0 = attn.attention %q, %k, %v mask(#attn.affine<"q - x >= 0">)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @division(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                    %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{invalid '#attn.affine' constraints: expected >=, >, <=, < or == at column 7 of "q - k / 2 >= 0"}}
  %0 = attn.attention %q, %k, %v mask(#attn.affine<"q - k / 2 >= 0">)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @trailing(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                    %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{invalid '#attn.affine' constraints: expected ',' or the end of the constraints at column 8 of "q >= k q"}}
  %0 = attn.attention %q, %k, %v mask(#attn.affine<"q >= k q">)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @empty(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                 %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{invalid '#attn.affine' constraints: expected an integer or q, k, Lq, Lk at column 1 of ""}}
  %0 = attn.attention %q, %k, %v mask(#attn.affine<"">)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @huge_integer(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                        %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{invalid '#attn.affine' constraints: integer too large at column 6 of "q >= 10000000000000000"}}
  %0 = attn.attention %q, %k, %v mask(#attn.affine<"q >= 10000000000000000">)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @large_coefficient(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                             %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{constraint #1 of '#attn.affine' (2000000 * q - k >= 0) has a coefficient beyond 2^20 or a constant beyond 2^40 in magnitude}}
  %0 = attn.attention %q, %k, %v mask(#attn.affine<"q >= 0, 2000000 * q >= k">)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @large_constant(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                          %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{constraint #0 of '#attn.affine' (q - k - 2000000000000 == 0) has a coefficient beyond 2^20 or a constant beyond 2^40 in magnitude}}
  %0 = attn.attention %q, %k, %v mask(#attn.affine<"q == k + 2000000000000">)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @length_outside_attention() -> index {
  // expected-error @+1 {{'attn.query_length' op expects parent op 'attn.attention'}}
  %0 = attn.query_length
  return %0 : index
}

// -----

func.func @key_length_outside_attention() -> index {
  // expected-error @+1 {{'attn.key_length' op expects parent op 'attn.attention'}}
  %0 = attn.key_length
  return %0 : index
}

// -----

func.func @sum_too_large(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                         %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{invalid '#attn.affine' constraints: sum too large at column 23 of "999999999999999 * q + 999999999999999 * q >= 0"}}
  %0 = attn.attention %q, %k, %v mask(#attn.affine<"999999999999999 * q + 999999999999999 * q >= 0">)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}
