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

// -----

func.func @na_rank(%q: tensor<1x2x16x16xf32>, %k: tensor<1x2x16x16xf32>,
    %v: tensor<1x2x16x16xf32>) {
  // expected-error @+1 {{neighborhood grid must have 1 to 3 axes, got 4}}
  %0 = attn.attention %q, %k, %v mask(#attn.neighborhood<grid = [2, 2, 2, 2], window = [1, 1, 1, 1]>)
    : tensor<1x2x16x16xf32>, tensor<1x2x16x16xf32>, tensor<1x2x16x16xf32> -> tensor<1x2x16x16xf32>
  return
}

// -----

func.func @na_window_length(%q: tensor<1x2x16x16xf32>, %k: tensor<1x2x16x16xf32>,
    %v: tensor<1x2x16x16xf32>) {
  // expected-error @+1 {{neighborhood window has 1 entries, but the grid has 2 axes}}
  %0 = attn.attention %q, %k, %v mask(#attn.neighborhood<grid = [4, 4], window = [3]>)
    : tensor<1x2x16x16xf32>, tensor<1x2x16x16xf32>, tensor<1x2x16x16xf32> -> tensor<1x2x16x16xf32>
  return
}

// -----

func.func @na_window_large(%q: tensor<1x2x16x16xf32>, %k: tensor<1x2x16x16xf32>,
    %v: tensor<1x2x16x16xf32>) {
  // expected-error @+1 {{neighborhood window must be in [1, grid / dilation = 2] on axis 1, got 3}}
  %0 = attn.attention %q, %k, %v mask(#attn.neighborhood<grid = [4, 4], window = [3, 3], dilation = [1, 2]>)
    : tensor<1x2x16x16xf32>, tensor<1x2x16x16xf32>, tensor<1x2x16x16xf32> -> tensor<1x2x16x16xf32>
  return
}

// -----

func.func @na_window_zero(%q: tensor<1x2x16x16xf32>, %k: tensor<1x2x16x16xf32>,
    %v: tensor<1x2x16x16xf32>) {
  // expected-error @+1 {{neighborhood window must be in [1, grid / dilation = 16] on axis 0, got 0}}
  %0 = attn.attention %q, %k, %v mask(#attn.neighborhood<grid = [16], window = [0]>)
    : tensor<1x2x16x16xf32>, tensor<1x2x16x16xf32>, tensor<1x2x16x16xf32> -> tensor<1x2x16x16xf32>
  return
}

// -----

func.func @na_dilation(%q: tensor<1x2x16x16xf32>, %k: tensor<1x2x16x16xf32>,
    %v: tensor<1x2x16x16xf32>) {
  // expected-error @+1 {{neighborhood dilation must be in [1, 16] on axis 0, got 0}}
  %0 = attn.attention %q, %k, %v mask(#attn.neighborhood<grid = [16], window = [1], dilation = [0]>)
    : tensor<1x2x16x16xf32>, tensor<1x2x16x16xf32>, tensor<1x2x16x16xf32> -> tensor<1x2x16x16xf32>
  return
}

// -----

func.func @na_stride(%q: tensor<1x2x16x16xf32>, %k: tensor<1x2x16x16xf32>,
    %v: tensor<1x2x16x16xf32>) {
  // expected-error @+1 {{neighborhood stride must be in [1, window = 3] on axis 0, got 4}}
  %0 = attn.attention %q, %k, %v mask(#attn.neighborhood<grid = [16], window = [3], stride = [4]>)
    : tensor<1x2x16x16xf32>, tensor<1x2x16x16xf32>, tensor<1x2x16x16xf32> -> tensor<1x2x16x16xf32>
  return
}

// -----

func.func @na_grid(%q: tensor<1x2x16x16xf32>, %k: tensor<1x2x16x16xf32>,
    %v: tensor<1x2x16x16xf32>) {
  // expected-error @+1 {{neighborhood grid extents must be positive and hold at most 2^40 tokens, got 0 on axis 0}}
  %0 = attn.attention %q, %k, %v mask(#attn.neighborhood<grid = [0, 16], window = [1, 1]>)
    : tensor<1x2x16x16xf32>, tensor<1x2x16x16xf32>, tensor<1x2x16x16xf32> -> tensor<1x2x16x16xf32>
  return
}

// -----

func.func @na_order(%q: tensor<1x2x16x16xf32>, %k: tensor<1x2x16x16xf32>,
    %v: tensor<1x2x16x16xf32>) {
  // expected-error @+1 {{expected dilation, stride or causal (at most once each, in this order), got 'dilation'}}
  %0 = attn.attention %q, %k, %v mask(#attn.neighborhood<grid = [16], window = [3], stride = [2], dilation = [1]>)
    : tensor<1x2x16x16xf32>, tensor<1x2x16x16xf32>, tensor<1x2x16x16xf32> -> tensor<1x2x16x16xf32>
  return
}

// -----

func.func @na_causal_word(%q: tensor<1x2x16x16xf32>, %k: tensor<1x2x16x16xf32>,
    %v: tensor<1x2x16x16xf32>) {
  // expected-error @+1 {{expected true or false}}
  %0 = attn.attention %q, %k, %v mask(#attn.neighborhood<grid = [16], window = [3], causal = [1]>)
    : tensor<1x2x16x16xf32>, tensor<1x2x16x16xf32>, tensor<1x2x16x16xf32> -> tensor<1x2x16x16xf32>
  return
}

// -----

func.func @na_dynamic_length(%q: tensor<1x2x?x16xf32>, %k: tensor<1x2x16x16xf32>,
    %v: tensor<1x2x16x16xf32>) {
  // expected-error @+1 {{#attn.neighborhood over 16 grid tokens needs a static Lq of 16, got ?}}
  %0 = attn.attention %q, %k, %v mask(#attn.neighborhood<grid = [4, 4], window = [3, 3]>)
    : tensor<1x2x?x16xf32>, tensor<1x2x16x16xf32>, tensor<1x2x16x16xf32> -> tensor<1x2x?x16xf32>
  return
}

// -----

func.func @na_wrong_length(%q: tensor<1x2x16x16xf32>, %k: tensor<1x2x20x16xf32>,
    %v: tensor<1x2x20x16xf32>) {
  // expected-error @+1 {{#attn.neighborhood over 16 grid tokens needs a static Lk of 16, got 20}}
  %0 = attn.attention %q, %k, %v mask(#attn.and<[#attn.causal, #attn.neighborhood<grid = [4, 4], window = [3, 3]>]>)
    : tensor<1x2x16x16xf32>, tensor<1x2x20x16xf32>, tensor<1x2x20x16xf32> -> tensor<1x2x16x16xf32>
  return
}

// -----

func.func @na_empty_dilation(%q: tensor<1x2x16x16xf32>, %k: tensor<1x2x16x16xf32>,
    %v: tensor<1x2x16x16xf32>) {
  // expected-error @+1 {{neighborhood dilation has 0 entries, but the grid has 2 axes}}
  %0 = attn.attention %q, %k, %v mask(#attn.neighborhood<grid = [4, 4], window = [3, 3], dilation = []>)
    : tensor<1x2x16x16xf32>, tensor<1x2x16x16xf32>, tensor<1x2x16x16xf32> -> tensor<1x2x16x16xf32>
  return
}

// -----

func.func @na_causal_length(%q: tensor<1x2x16x16xf32>, %k: tensor<1x2x16x16xf32>,
    %v: tensor<1x2x16x16xf32>) {
  // expected-error @+1 {{neighborhood causal has 1 entries, but the grid has 2 axes}}
  %0 = attn.attention %q, %k, %v mask(#attn.neighborhood<grid = [4, 4], window = [3, 3], stride = [1, 1], causal = [true]>)
    : tensor<1x2x16x16xf32>, tensor<1x2x16x16xf32>, tensor<1x2x16x16xf32> -> tensor<1x2x16x16xf32>
  return
}

// -----

func.func @bitmask_word_size(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                             %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{#attn.bitmask words must have 8, 16 or 32 bits, got 64}}
  %0 = attn.attention %q, %k, %v mask(#attn.bitmask<input = 0, bits = 64>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @bitmask_missing_input(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                 %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{#attn.bitmask refers to input #0 for its words, but the op has 0 inputs}}
  %0 = attn.attention %q, %k, %v mask(#attn.bitmask<input = 0, bits = 8>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @bitmask_word_type(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x40x16xf32>,
                             %v: tensor<1x2x40x16xf32>, %bits: tensor<8x5xi16>) {
  // expected-error @+1 {{#attn.bitmask words (input #0) must be i8 for bits = 8, got 'i16'}}
  %0 = attn.attention %q, %k, %v inputs(%bits[q, k floordiv 8] : tensor<8x5xi16>)
    mask(#attn.bitmask<input = 0, bits = 8>)
    : tensor<1x2x8x16xf32>, tensor<1x2x40x16xf32>, tensor<1x2x40x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @bitmask_float_words(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x40x16xf32>,
                               %v: tensor<1x2x40x16xf32>, %bits: tensor<8x2xf32>) {
  // expected-error @+1 {{#attn.bitmask words (input #0) must be integers of at least 8 bits, got 'f32'}}
  %0 = attn.attention %q, %k, %v inputs(%bits[q, k floordiv 32] : tensor<8x2xf32>)
    mask(#attn.bitmask<input = 0, bits = 32>)
    : tensor<1x2x8x16xf32>, tensor<1x2x40x16xf32>, tensor<1x2x40x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

// A word per key would be a boolean mask with wasted bits.
func.func @bitmask_unpacked(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x40x16xf32>,
                            %v: tensor<1x2x40x16xf32>, %bits: tensor<8x40xi32>) {
  // expected-error @+1 {{#attn.bitmask words (input #0) must be indexed by 'k floordiv 32', not 'k'}}
  %0 = attn.attention %q, %k, %v inputs(%bits[q, k] : tensor<8x40xi32>)
    mask(#attn.bitmask<input = 0, bits = 32>)
    : tensor<1x2x8x16xf32>, tensor<1x2x40x16xf32>, tensor<1x2x40x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @bitmask_wrong_divisor(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x40x16xf32>,
                                 %v: tensor<1x2x40x16xf32>, %bits: tensor<8x5xi32>) {
  // expected-error @+1 {{#attn.bitmask words (input #0) must be indexed by 'k floordiv 32', not 'k floordiv 8'}}
  %0 = attn.attention %q, %k, %v inputs(%bits[q, k floordiv 8] : tensor<8x5xi32>)
    mask(#attn.bitmask<input = 0, bits = 32>)
    : tensor<1x2x8x16xf32>, tensor<1x2x40x16xf32>, tensor<1x2x40x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @bitmask_no_key_words(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x40x16xf32>,
                                %v: tensor<1x2x40x16xf32>, %bits: tensor<8xi32>) {
  // expected-error @+1 {{#attn.bitmask words (input #0) must be indexed by 'k floordiv 32' in one dimension}}
  %0 = attn.attention %q, %k, %v inputs(%bits[q] : tensor<8xi32>)
    mask(#attn.bitmask<input = 0, bits = 32>)
    : tensor<1x2x8x16xf32>, tensor<1x2x40x16xf32>, tensor<1x2x40x16xf32> -> tensor<1x2x8x16xf32>
  return
}
