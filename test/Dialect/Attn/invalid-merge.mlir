// RUN: attnc-opt %s --split-input-file --verify-diagnostics
// Verifier errors of attn.merge.

func.func @no_partials() {
  // expected-error @+1 {{needs at least one partial result}}
  %o, %lse = "attn.merge"() <{operandSegmentSizes = array<i32: 0, 0>}>
      : () -> (tensor<1x2x8x16xf32>, tensor<1x2x8xf32>)
  return
}

// -----

func.func @count(%o0: tensor<1x2x8x16xf32>, %o1: tensor<1x2x8x16xf32>,
                 %l0: tensor<1x2x8xf32>) {
  // expected-error @+1 {{needs one LSE per partial output, got 2 outputs and 1 LSEs}}
  %o, %lse = attn.merge outputs(%o0, %o1 : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>)
                        lses(%l0 : tensor<1x2x8xf32>)
      -> tensor<1x2x8x16xf32>, tensor<1x2x8xf32>
  return
}

// -----

func.func @output_type(%o0: tensor<1x2x8x16xf32>, %o1: tensor<1x2x?x16xf32>,
                       %l0: tensor<1x2x8xf32>, %l1: tensor<1x2x8xf32>) {
  // expected-error @+1 {{partial output #1 has type 'tensor<1x2x?x16xf32>', expected the result's 'tensor<1x2x8x16xf32>'}}
  %o, %lse = attn.merge outputs(%o0, %o1 : tensor<1x2x8x16xf32>, tensor<1x2x?x16xf32>)
                        lses(%l0, %l1 : tensor<1x2x8xf32>, tensor<1x2x8xf32>)
      -> tensor<1x2x8x16xf32>, tensor<1x2x8xf32>
  return
}

// -----

func.func @lse_type(%o0: tensor<1x2x8x16xf32>, %l0: tensor<1x3x8xf32>) {
  // expected-error @+1 {{partial LSE #0 has type 'tensor<1x3x8xf32>', expected the result's 'tensor<1x2x8xf32>'}}
  %o, %lse = attn.merge outputs(%o0 : tensor<1x2x8x16xf32>) lses(%l0 : tensor<1x3x8xf32>)
      -> tensor<1x2x8x16xf32>, tensor<1x2x8xf32>
  return
}

// -----

func.func @lse_shape(%o0: tensor<1x2x8x16xf32>, %l0: tensor<1x2x9xf32>) {
  // expected-error @+1 {{the LSE must be [B, H, L] of the output 'tensor<1x2x8x16xf32>', got 'tensor<1x2x9xf32>'}}
  %o, %lse = attn.merge outputs(%o0 : tensor<1x2x8x16xf32>) lses(%l0 : tensor<1x2x9xf32>)
      -> tensor<1x2x8x16xf32>, tensor<1x2x9xf32>
  return
}

// -----

func.func @dynamic_heads(%o0: tensor<1x?x8x16xf32>, %l0: tensor<1x?x8xf32>) {
  // expected-error @+1 {{head count and head dim must be static, got 'tensor<1x?x8x16xf32>'}}
  %o, %lse = attn.merge outputs(%o0 : tensor<1x?x8x16xf32>) lses(%l0 : tensor<1x?x8xf32>)
      -> tensor<1x?x8x16xf32>, tensor<1x?x8xf32>
  return
}
