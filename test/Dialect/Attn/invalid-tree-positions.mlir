// RUN: attnc-opt %s --split-input-file --verify-diagnostics
// Verifier errors of attn.tree_positions.

func.func @rank(%p: tensor<2x3x5xi32>) {
  // expected-error @+1 {{parents must be [Lq] or [B, Lq], got 'tensor<2x3x5xi32>'}}
  %pos = attn.tree_positions %p : tensor<2x3x5xi32> -> tensor<2x3x5xi32>
  return
}

// -----

func.func @scalar(%p: tensor<i32>) {
  // expected-error @+1 {{parents must be [Lq] or [B, Lq], got 'tensor<i32>'}}
  %pos = attn.tree_positions %p : tensor<i32> -> tensor<i32>
  return
}

// -----

func.func @shape(%p: tensor<2x5xi32>) {
  // expected-error @+1 {{positions must have the parents' shape 'tensor<2x5xi32>', got 'tensor<2x6xi32>'}}
  %pos = attn.tree_positions %p : tensor<2x5xi32> -> tensor<2x6xi32>
  return
}

// -----

func.func @static_vs_dynamic(%p: tensor<?x5xi32>) {
  // expected-error @+1 {{positions must have the parents' shape 'tensor<?x5xi32>', got 'tensor<2x5xi32>'}}
  %pos = attn.tree_positions %p : tensor<?x5xi32> -> tensor<2x5xi32>
  return
}

// -----

func.func @float_parents(%p: tensor<5xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 8-bit signless integer or 16-bit signless integer or 32-bit signless integer or 64-bit signless integer values}}
  %pos = attn.tree_positions %p : tensor<5xf32> -> tensor<5xi32>
  return
}

// -----

func.func @narrow_positions(%p: tensor<5xi32>) {
  // expected-error @+1 {{result #0 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values}}
  %pos = attn.tree_positions %p : tensor<5xi32> -> tensor<5xi8>
  return
}
