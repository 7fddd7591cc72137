// RUN: attnc-opt %s --split-input-file --verify-diagnostics
// Verifier errors of the structured masks of the pattern library.

func.func @sink_negative(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                         %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{sink token count must be in [0, 2^40], got -1}}
  %0 = attn.attention %q, %k, %v mask(#attn.sink<tokens = -1>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @blocked_zero(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                        %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{block size must be in [1, 2^40], got 0}}
  %0 = attn.attention %q, %k, %v mask(#attn.blocked<size = 0>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @power_negative_local(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{local band must be in [0, 2^40], got -2}}
  %0 = attn.attention %q, %k, %v mask(#attn.power<local = -2>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @document_missing_input(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                  %v: tensor<1x2x8x16xf32>, %d: tensor<1x8xi32>) {
  // expected-error @+1 {{#attn.document refers to input #1 for its key ids, but the op has 1 inputs}}
  %0 = attn.attention %q, %k, %v inputs(%d[b, q] : tensor<1x8xi32>)
    mask(#attn.document<query = 0, key = 1>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @document_float_ids(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                              %v: tensor<1x2x8x16xf32>, %d: tensor<1x8xf32>) {
  // expected-error @+1 {{#attn.document query ids (input #0) must be integers, got 'f32'}}
  %0 = attn.attention %q, %k, %v inputs(%d[b, q] : tensor<1x8xf32>, %d[b, k] : tensor<1x8xf32>)
    mask(#attn.document<query = 0, key = 1>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

// Query ids indexed by the key would not be constant over a query block.
func.func @document_query_ids_by_key(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                     %v: tensor<1x2x8x16xf32>, %d: tensor<1x8xi32>) {
  // expected-error @+1 {{#attn.document query ids (input #0) may not be indexed by 'k'}}
  %0 = attn.attention %q, %k, %v inputs(%d[b, k] : tensor<1x8xi32>, %d[b, k] : tensor<1x8xi32>)
    mask(#attn.document<query = 0, key = 1>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @document_key_ids_by_head(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                    %v: tensor<1x2x8x16xf32>, %d: tensor<1x8xi32>,
                                    %e: tensor<2x8xi32>) {
  // expected-error @+1 {{#attn.document key ids (input #1) may not be indexed by 'h'}}
  %0 = attn.attention %q, %k, %v inputs(%d[b, q] : tensor<1x8xi32>, %e[h, k] : tensor<2x8xi32>)
    mask(#attn.not<#attn.document<query = 0, key = 1>>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @tree_missing_input(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                              %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{#attn.tree refers to input #0 for its parents, but the op has 0 inputs}}
  %0 = attn.attention %q, %k, %v mask(#attn.tree<parent = 0>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @tree_float_parents(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                              %v: tensor<1x2x8x16xf32>, %p: tensor<8xf32>) {
  // expected-error @+1 {{#attn.tree parents (input #0) must be integers of at least 8 bits, got 'f32'}}
  %0 = attn.attention %q, %k, %v inputs(%p[q] : tensor<8xf32>)
    mask(#attn.tree<parent = 0>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

// One parent per node: links that change with the key are not a tree.
func.func @tree_parents_by_key(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                               %v: tensor<1x2x8x16xf32>, %p: tensor<8x8xi32>) {
  // expected-error @+1 {{#attn.tree parents (input #0) may not be indexed by 'k'}}
  %0 = attn.attention %q, %k, %v inputs(%p[q, k] : tensor<8x8xi32>)
    mask(#attn.and<[#attn.causal, #attn.tree<parent = 0>]>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @tree_parents_by_head(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                %v: tensor<1x2x8x16xf32>, %p: tensor<2x8xi32>) {
  // expected-error @+1 {{#attn.tree parents (input #0) may not be indexed by 'h'}}
  %0 = attn.attention %q, %k, %v inputs(%p[h, q] : tensor<2x8xi32>)
    mask(#attn.tree<parent = 0>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

// The entry point checks the links along the last dim, so nodes go there.
func.func @tree_nodes_not_last(%q: tensor<2x2x8x16xf32>, %k: tensor<2x2x8x16xf32>,
                               %v: tensor<2x2x8x16xf32>, %p: tensor<8x2xi32>) {
  // expected-error @+1 {{#attn.tree parents (input #0) must be indexed by 'q' in their last dimension, one parent per node}}
  %0 = attn.attention %q, %k, %v inputs(%p[q, b] : tensor<8x2xi32>)
    mask(#attn.tree<parent = 0>)
    : tensor<2x2x8x16xf32>, tensor<2x2x8x16xf32>, tensor<2x2x8x16xf32> -> tensor<2x2x8x16xf32>
  return
}

// -----

func.func @tree_bool_parents(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                             %v: tensor<1x2x8x16xf32>, %p: tensor<8xi1>) {
  // expected-error @+1 {{#attn.tree parents (input #0) must be integers of at least 8 bits, got 'i1'}}
  %0 = attn.attention %q, %k, %v inputs(%p[q] : tensor<8xi1>)
    mask(#attn.tree<parent = 0>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}
