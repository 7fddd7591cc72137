// RUN: attnc-opt %s --split-input-file --verify-diagnostics

//===----------------------------------------------------------------------===//
// Operand and result types (AttentionOp::verify and ODS constraints)
//===----------------------------------------------------------------------===//

func.func @element_type_mismatch(%q: tensor<1x2x8x16xf16>, %k: tensor<1x2x8x16xf32>,
                                 %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{'attn.attention' op query, key and value must share one element type, got 'f16', 'f32' and 'f32'}}
  %0 = attn.attention %q, %k, %v
    : tensor<1x2x8x16xf16>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf16>
  return
}

// -----

func.func @value_element_type_mismatch(%q: tensor<1x2x8x16xbf16>, %k: tensor<1x2x8x16xbf16>,
                                       %v: tensor<1x2x8x16xf16>) {
  // expected-error @+1 {{query, key and value must share one element type, got 'bf16', 'bf16' and 'f16'}}
  %0 = attn.attention %q, %k, %v
    : tensor<1x2x8x16xbf16>, tensor<1x2x8x16xbf16>, tensor<1x2x8x16xf16> -> tensor<1x2x8x16xbf16>
  return
}

// -----

func.func @f64_query(%q: tensor<1x2x8x16xf64>, %k: tensor<1x2x8x16xf64>,
                     %v: tensor<1x2x8x16xf64>) {
  // expected-error @+1 {{operand #0 must be 4-D tensor}}
  %0 = attn.attention %q, %k, %v
    : tensor<1x2x8x16xf64>, tensor<1x2x8x16xf64>, tensor<1x2x8x16xf64> -> tensor<1x2x8x16xf64>
  return
}

// -----

func.func @rank3_key(%q: tensor<1x2x8x16xf32>, %k: tensor<2x8x16xf32>,
                     %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{operand #1 must be 4-D tensor}}
  %0 = attn.attention %q, %k, %v
    : tensor<1x2x8x16xf32>, tensor<2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @dynamic_query_heads(%q: tensor<1x?x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                               %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{the head count (dim 1) of query must be static}}
  %0 = attn.attention %q, %k, %v
    : tensor<1x?x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x?x8x16xf32>
  return
}

// -----

func.func @dynamic_value_heads(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                               %v: tensor<1x?x8x16xf32>) {
  // expected-error @+1 {{the head count (dim 1) of value must be static}}
  %0 = attn.attention %q, %k, %v
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x?x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @dynamic_key_head_dim(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x?xf32>,
                                %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{the head dim (dim 3) of key must be static}}
  %0 = attn.attention %q, %k, %v
    : tensor<1x2x8x16xf32>, tensor<1x2x8x?xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @dynamic_value_head_dim(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                  %v: tensor<1x2x8x?xf32>) {
  // expected-error @+1 {{the head dim (dim 3) of value must be static}}
  %0 = attn.attention %q, %k, %v
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x?xf32> -> tensor<1x2x8x?xf32>
  return
}

// -----

func.func @kv_heads_differ(%q: tensor<1x4x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                           %v: tensor<1x4x8x16xf32>) {
  // expected-error @+1 {{key and value must have the same number of heads, got 2 and 4}}
  %0 = attn.attention %q, %k, %v
    : tensor<1x4x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x4x8x16xf32> -> tensor<1x4x8x16xf32>
  return
}

// -----

func.func @heads_not_multiple(%q: tensor<1x6x8x16xf32>, %k: tensor<1x4x8x16xf32>,
                              %v: tensor<1x4x8x16xf32>) {
  // expected-error @+1 {{the number of query heads (6) must be a multiple of the number of key/value heads (4)}}
  %0 = attn.attention %q, %k, %v
    : tensor<1x6x8x16xf32>, tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32> -> tensor<1x6x8x16xf32>
  return
}

// -----

func.func @fewer_query_heads(%q: tensor<1x2x8x16xf32>, %k: tensor<1x4x8x16xf32>,
                             %v: tensor<1x4x8x16xf32>) {
  // expected-error @+1 {{the number of query heads (2) must be a multiple of the number of key/value heads (4)}}
  %0 = attn.attention %q, %k, %v
    : tensor<1x2x8x16xf32>, tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @zero_kv_heads(%q: tensor<1x0x8x16xf32>, %k: tensor<1x0x8x16xf32>,
                         %v: tensor<1x0x8x16xf32>) {
  // expected-error @+1 {{the number of query heads (0) must be a multiple of the number of key/value heads (0)}}
  %0 = attn.attention %q, %k, %v
    : tensor<1x0x8x16xf32>, tensor<1x0x8x16xf32>, tensor<1x0x8x16xf32> -> tensor<1x0x8x16xf32>
  return
}

// -----

func.func @head_dim_mismatch(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x32xf32>,
                             %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{query and key head dims differ: 16 vs 32}}
  %0 = attn.attention %q, %k, %v
    : tensor<1x2x8x16xf32>, tensor<1x2x8x32xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @batch_mismatch_key(%q: tensor<2x2x8x16xf32>, %k: tensor<3x2x8x16xf32>,
                              %v: tensor<3x2x8x16xf32>) {
  // expected-error @+1 {{the batch size differs between query (2) and key (3)}}
  %0 = attn.attention %q, %k, %v
    : tensor<2x2x8x16xf32>, tensor<3x2x8x16xf32>, tensor<3x2x8x16xf32> -> tensor<2x2x8x16xf32>
  return
}

// -----

// Tied dims must agree exactly: a static batch does not match a dynamic one.
func.func @batch_mismatch_value(%q: tensor<?x2x8x16xf32>, %k: tensor<?x2x8x16xf32>,
                                %v: tensor<4x2x8x16xf32>) {
  // expected-error @+1 {{the batch size differs between query (?) and value (4)}}
  %0 = attn.attention %q, %k, %v
    : tensor<?x2x8x16xf32>, tensor<?x2x8x16xf32>, tensor<4x2x8x16xf32> -> tensor<?x2x8x16xf32>
  return
}

// -----

func.func @key_length_mismatch(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x?x16xf32>,
                               %v: tensor<1x2x12x16xf32>) {
  // expected-error @+1 {{the key length differs between key (?) and value (12)}}
  %0 = attn.attention %q, %k, %v
    : tensor<1x2x8x16xf32>, tensor<1x2x?x16xf32>, tensor<1x2x12x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @output_value_dim(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                            %v: tensor<1x2x8x32xf32>) {
  // expected-error @+1 {{output type 'tensor<1x2x8x16xf32>' does not match the expected 'tensor<1x2x8x32xf32>'}}
  %0 = attn.attention %q, %k, %v
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x32xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @output_element_type(%q: tensor<?x2x?x16xf16>, %k: tensor<?x2x?x16xf16>,
                               %v: tensor<?x2x?x16xf16>) {
  // expected-error @+1 {{output type 'tensor<?x2x?x16xf32>' does not match the expected 'tensor<?x2x?x16xf16>'}}
  %0 = attn.attention %q, %k, %v
    : tensor<?x2x?x16xf16>, tensor<?x2x?x16xf16>, tensor<?x2x?x16xf16> -> tensor<?x2x?x16xf32>
  return
}

// -----

// The output has the query's length and head count, not the key's.
func.func @output_uses_key_shape(%q: tensor<1x4x8x16xf32>, %k: tensor<1x2x12x16xf32>,
                                 %v: tensor<1x2x12x16xf32>) {
  // expected-error @+1 {{output type 'tensor<1x2x12x16xf32>' does not match the expected 'tensor<1x4x8x16xf32>'}}
  %0 = attn.attention %q, %k, %v
    : tensor<1x4x8x16xf32>, tensor<1x2x12x16xf32>, tensor<1x2x12x16xf32> -> tensor<1x2x12x16xf32>
  return
}

// -----

func.func @output_static_for_dynamic(%q: tensor<?x2x8x16xf32>, %k: tensor<?x2x8x16xf32>,
                                     %v: tensor<?x2x8x16xf32>) {
  // expected-error @+1 {{output type 'tensor<1x2x8x16xf32>' does not match the expected 'tensor<?x2x8x16xf32>'}}
  %0 = attn.attention %q, %k, %v
    : tensor<?x2x8x16xf32>, tensor<?x2x8x16xf32>, tensor<?x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @lse_shape(%q: tensor<1x4x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                     %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{lse type 'tensor<1x2x8xf32>' does not match the expected 'tensor<1x4x8xf32>'}}
  %0:2 = attn.attention %q, %k, %v
    : tensor<1x4x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>
      -> tensor<1x4x8x16xf32>, tensor<1x2x8xf32>
  return
}

// -----

func.func @lse_rank(%q: tensor<1x4x8x16xf32>, %k: tensor<1x4x8x16xf32>,
                    %v: tensor<1x4x8x16xf32>) {
  // expected-error @+1 {{lse type 'tensor<1x4x8x1xf32>' does not match the expected 'tensor<1x4x8xf32>'}}
  %0:2 = attn.attention %q, %k, %v
    : tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32>, tensor<1x4x8x16xf32>
      -> tensor<1x4x8x16xf32>, tensor<1x4x8x1xf32>
  return
}

// -----

func.func @lse_f16(%q: tensor<1x4x8x16xf16>, %k: tensor<1x4x8x16xf16>,
                   %v: tensor<1x4x8x16xf16>) {
  // expected-error @+1 {{result #1 must be ranked tensor of 32-bit float values}}
  %0:2 = attn.attention %q, %k, %v
    : tensor<1x4x8x16xf16>, tensor<1x4x8x16xf16>, tensor<1x4x8x16xf16>
      -> tensor<1x4x8x16xf16>, tensor<1x4x8xf16>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Scale
//===----------------------------------------------------------------------===//

func.func @scale_zero(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                      %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{scale must be a finite, non-zero f32 value, got 0}}
  %0 = attn.attention %q, %k, %v scale(0.0)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @scale_negative_zero(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                               %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{scale must be a finite, non-zero f32 value, got -0}}
  %0 = attn.attention %q, %k, %v scale(-0.0)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @scale_inf(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                     %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{scale must be a finite, non-zero f32 value, got INF}}
  %0 = attn.attention %q, %k, %v scale(0x7FF0000000000000)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @scale_nan(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                     %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{scale must be a finite, non-zero f32 value, got nan}}
  %0 = "attn.attention"(%q, %k, %v) <{operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0, 0, 0, 0, 0>, scale = 0x7FF8000000000000 : f64}> ({}, {})
    : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>) -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @scale_not_f64(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                         %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{attribute 'scale' failed to satisfy constraint: 64-bit float attribute}}
  %0 = "attn.attention"(%q, %k, %v) <{operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0, 0, 0, 0, 0>, scale = 0.5 : f32}> ({}, {})
    : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>) -> tensor<1x2x8x16xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Extra inputs and their index maps
//===----------------------------------------------------------------------===//

// More maps than inputs (only reachable through the generic form).
func.func @maps_without_inputs(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                               %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{expected one index map per input, got 1 maps for 0 inputs}}
  %0 = "attn.attention"(%q, %k, %v) <{operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0, 0, 0, 0, 0>, input_maps = [affine_map<(b, h, q, k) -> (q)>]}> ({}, {})
    : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>) -> tensor<1x2x8x16xf32>
  return
}

// -----

// An input without a map (generic form).
func.func @input_without_map(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                             %v: tensor<1x2x8x16xf32>, %x: tensor<8xf32>) {
  // expected-error @+1 {{expected one index map per input, got 0 maps for 1 inputs}}
  %0 = "attn.attention"(%q, %k, %v, %x) <{operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0, 0, 0, 0, 0>}> ({}, {})
    : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<8xf32>)
      -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @input_index_element(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                               %v: tensor<1x2x8x16xf32>, %x: tensor<8xindex>) {
  // expected-error @+1 {{input #0 must have an integer or float element type, got 'index'}}
  %0 = attn.attention %q, %k, %v inputs(%x[q] : tensor<8xindex>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @input_complex_element(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                 %v: tensor<1x2x8x16xf32>, %x: tensor<8xf32>,
                                 %y: tensor<8xcomplex<f32>>) {
  // expected-error @+1 {{input #1 must have an integer or float element type, got 'complex<f32>'}}
  %0 = attn.attention %q, %k, %v inputs(%x[q] : tensor<8xf32>, %y[k] : tensor<8xcomplex<f32>>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @input_memref(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                        %v: tensor<1x2x8x16xf32>, %x: memref<8xf32>) {
  // expected-error @+1 {{operand #3 must be variadic of ranked tensor of any type values, but got 'memref<8xf32>'}}
  %0 = attn.attention %q, %k, %v inputs(%x[q] : memref<8xf32>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @input_map_three_dims(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                %v: tensor<1x2x8x16xf32>, %x: tensor<8xf32>) {
  // expected-error @+1 {{index map of input #0 must range over (b, h, q, k) and the bucket, got affine_map<(d0, d1, d2) -> (d2)>}}
  %0 = "attn.attention"(%q, %k, %v, %x) <{operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0, 0, 0, 0, 0>, input_maps = [affine_map<(b, h, q) -> (q)>]}> ({}, {})
    : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<8xf32>)
      -> tensor<1x2x8x16xf32>
  return
}

// -----

// Symbol 0 is the bucket; there is no other.
func.func @input_map_symbols(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                             %v: tensor<1x2x8x16xf32>, %x: tensor<8xf32>) {
  // expected-error @+1 {{index map of input #0 must range over (b, h, q, k) and the bucket, got affine_map<(d0, d1, d2, d3)[s0, s1] -> (d2)>}}
  %0 = "attn.attention"(%q, %k, %v, %x) <{operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0, 0, 0, 0, 0>, input_maps = [affine_map<(b, h, q, k)[s, t] -> (q)>]}> ({}, {})
    : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<8xf32>)
      -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @input_rank_mismatch(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                               %v: tensor<1x2x8x16xf32>, %bias: tensor<2x8x16xf32>) {
  // expected-error @+1 {{input #0 has rank 3 but is indexed by 2 indices}}
  %0 = attn.attention %q, %k, %v inputs(%bias[q, k] : tensor<2x8x16xf32>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @broadcast_over_non_unit(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                   %v: tensor<1x2x8x16xf32>, %bias: tensor<2x8x16xf32>) {
  // expected-error @+1 {{dimension 0 of input #0 is indexed by 0, so it must have extent 1, got 2}}
  %0 = attn.attention %q, %k, %v inputs(%bias[0, q, k] : tensor<2x8x16xf32>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @broadcast_over_dynamic(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                  %v: tensor<1x2x8x16xf32>, %bias: tensor<8x?xf32>) {
  // expected-error @+1 {{dimension 1 of input #0 is indexed by 0, so it must have extent 1, got ?}}
  %0 = attn.attention %q, %k, %v inputs(%bias[q, 0] : tensor<8x?xf32>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @input_affine_sum(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                            %v: tensor<1x2x8x16xf32>, %x: tensor<8xf32>) {
  // expected-error @+1 {{input #0 must be indexed by b, h, q, k, one of them floordiv an integer in [2, 2^32], bucket, or 0, got d2 + d3}}
  %0 = "attn.attention"(%q, %k, %v, %x) <{operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0, 0, 0, 0, 0>, input_maps = [affine_map<(b, h, q, k) -> (q + k)>]}> ({}, {})
    : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<8xf32>)
      -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @input_extent_heads(%q: tensor<1x4x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                              %v: tensor<1x2x8x16xf32>, %slopes: tensor<2xf32>) {
  // 'h' is the query head: the extent is Hq = 4, not Hkv.
  // expected-error @+1 {{dimension 0 of input #0 is indexed by 'h' and must have extent 4, got 2}}
  %0 = attn.attention %q, %k, %v inputs(%slopes[h] : tensor<2xf32>)
    : tensor<1x4x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x4x8x16xf32>
  return
}

// -----

func.func @input_extent_key(%q: tensor<?x2x?x16xf32>, %k: tensor<?x2x?x16xf32>,
                            %v: tensor<?x2x?x16xf32>, %rows: tensor<2x?x1xf32>,
                            %bias: tensor<2x?x128xf32>) {
  // expected-error @+1 {{dimension 2 of input #1 is indexed by 'k' and must have extent ?, got 128}}
  %0 = attn.attention %q, %k, %v
      inputs(%rows[h, q, 0] : tensor<2x?x1xf32>, %bias[h, q, k] : tensor<2x?x128xf32>)
    : tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32> -> tensor<?x2x?x16xf32>
  return
}

// -----

func.func @input_extent_batch(%q: tensor<2x2x8x16xf32>, %k: tensor<2x2x8x16xf32>,
                              %v: tensor<2x2x8x16xf32>, %doc: tensor<?x8xi32>) {
  // expected-error @+1 {{dimension 0 of input #0 is indexed by 'b' and must have extent 2, got ?}}
  %0 = attn.attention %q, %k, %v inputs(%doc[b, q] : tensor<?x8xi32>)
    : tensor<2x2x8x16xf32>, tensor<2x2x8x16xf32>, tensor<2x2x8x16xf32> -> tensor<2x2x8x16xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Regions (AttentionOp::verifyRegions / verifyModRegion)
//===----------------------------------------------------------------------===//

func.func @mask_mod_two_blocks(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                               %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{'mask_mod' must have exactly one block}}
  %0 = attn.attention %q, %k, %v
    mask_mod(%b, %h, %i, %j) {
      %c = arith.constant true
      attn.yield %c : i1
    ^bb1:
      %d = arith.constant false
      attn.yield %d : i1
    }
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @mask_mod_arg_count(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                              %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{'mask_mod' must have 4 arguments, got 3}}
  %0 = "attn.attention"(%q, %k, %v) <{operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0, 0, 0, 0, 0>}> ({
  ^bb0(%b: index, %h: index, %i: index):
    %c = arith.constant true
    attn.yield %c : i1
  }, {}) : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>) -> tensor<1x2x8x16xf32>
  return
}

// -----

// The region must also take one argument per extra input.
func.func @score_mod_arg_count_inputs(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                      %v: tensor<1x2x8x16xf32>, %x: tensor<8xf32>) {
  // expected-error @+1 {{'score_mod' must have 6 arguments, got 5}}
  %0 = "attn.attention"(%q, %k, %v, %x) <{operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0, 0, 0, 0, 0>, input_maps = [affine_map<(b, h, q, k) -> (k)>]}> ({}, {
  ^bb0(%s: f32, %b: index, %h: index, %i: index, %j: index):
    attn.yield %s : f32
  }) : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<8xf32>)
       -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @score_mod_arg_type(%q: tensor<1x2x8x16xf16>, %k: tensor<1x2x8x16xf16>,
                              %v: tensor<1x2x8x16xf16>) {
  // The score is always f32, whatever the element type of Q, K and V.
  // expected-error @+1 {{argument #0 of 'score_mod' must be 'f32', got 'f16'}}
  %0 = "attn.attention"(%q, %k, %v) <{operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0, 0, 0, 0, 0>}> ({}, {
  ^bb0(%s: f16, %b: index, %h: index, %i: index, %j: index):
    %c = arith.constant 1.0 : f32
    attn.yield %c : f32
  }) : (tensor<1x2x8x16xf16>, tensor<1x2x8x16xf16>, tensor<1x2x8x16xf16>) -> tensor<1x2x8x16xf16>
  return
}

// -----

func.func @mask_mod_index_arg_type(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                   %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{argument #2 of 'mask_mod' must be 'index', got 'i64'}}
  %0 = "attn.attention"(%q, %k, %v) <{operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0, 0, 0, 0, 0>}> ({
  ^bb0(%b: index, %h: index, %i: i64, %j: index):
    %c = arith.constant true
    attn.yield %c : i1
  }, {}) : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>) -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @mask_mod_input_arg_type(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                   %v: tensor<1x2x8x16xf32>, %doc: tensor<8xi32>) {
  // expected-error @+1 {{argument #4 of 'mask_mod' must be 'i32', got 'i64'}}
  %0 = "attn.attention"(%q, %k, %v, %doc) <{operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0, 0, 0, 0, 0>, input_maps = [affine_map<(b, h, q, k) -> (q)>]}> ({
  ^bb0(%b: index, %h: index, %i: index, %j: index, %d: i64):
    %c = arith.constant true
    attn.yield %c : i1
  }, {}) : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<8xi32>)
       -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func private @cap(f32) -> f32

func.func @score_mod_call(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                          %v: tensor<1x2x8x16xf32>) {
  %0 = attn.attention %q, %k, %v
    score_mod(%s, %b, %h, %i, %j) {
      // expected-error @+1 {{'func.call' op is not allowed in 'score_mod': only arith and math operations, attn.query_length and attn.key_length may appear there}}
      %r = func.call @cap(%s) : (f32) -> f32
      attn.yield %r : f32
    }
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @score_mod_tensor_extract(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                    %v: tensor<1x2x8x16xf32>) {
  %0 = attn.attention %q, %k, %v
    score_mod(%s, %b, %h, %i, %j) {
      %t = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
      // expected-error @+1 {{'tensor.extract' op is not allowed in 'score_mod': only arith and math operations, attn.query_length and attn.key_length may appear there}}
      %e = tensor.extract %t[%h] : tensor<2xf32>
      %r = arith.addf %s, %e : f32
      attn.yield %r : f32
    }
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @mask_mod_scf_if(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                           %v: tensor<1x2x8x16xf32>) {
  %0 = attn.attention %q, %k, %v
    mask_mod(%b, %h, %i, %j) {
      %c = arith.cmpi sle, %j, %i : index
      // expected-error @+1 {{'scf.if' op is not allowed in 'mask_mod': only arith and math operations, attn.query_length and attn.key_length may appear there}}
      %r = scf.if %c -> i1 {
        %t = arith.constant true
        scf.yield %t : i1
      } else {
        %f = arith.constant false
        scf.yield %f : i1
      }
      attn.yield %r : i1
    }
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

// The regions are isolated from above: values of the enclosing function
// must come in through `inputs`.
func.func @score_mod_captures(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                              %v: tensor<1x2x8x16xf32>, %x: f32) {
  // expected-note @+1 {{required by region isolation constraints}}
  %0 = attn.attention %q, %k, %v
    score_mod(%s, %b, %h, %i, %j) {
      // expected-error @+1 {{using value defined outside the region}}
      %r = arith.addf %s, %x : f32
      attn.yield %r : f32
    }
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @mask_mod_yields_f32(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                               %v: tensor<1x2x8x16xf32>) {
  %0 = attn.attention %q, %k, %v
    mask_mod(%b, %h, %i, %j) {
      %c = arith.constant 1.0 : f32
      // expected-error @+1 {{'attn.yield' op in 'mask_mod' must yield 'i1', got 'f32'}}
      attn.yield %c : f32
    }
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @score_mod_yields_f16(%q: tensor<1x2x8x16xf16>, %k: tensor<1x2x8x16xf16>,
                                %v: tensor<1x2x8x16xf16>) {
  %0 = attn.attention %q, %k, %v
    score_mod(%s, %b, %h, %i, %j) {
      %t = arith.truncf %s : f32 to f16
      // expected-error @+1 {{'attn.yield' op in 'score_mod' must yield 'f32', got 'f16'}}
      attn.yield %t : f16
    }
    : tensor<1x2x8x16xf16>, tensor<1x2x8x16xf16>, tensor<1x2x8x16xf16> -> tensor<1x2x8x16xf16>
  return
}

// -----

func.func @region_without_terminator(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                     %v: tensor<1x2x8x16xf32>) {
  %0 = attn.attention %q, %k, %v
    mask_mod(%b, %h, %i, %j) {
      // expected-error @+1 {{block with no terminator}}
      %c = arith.constant true
    }
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @yield_outside(%x: f32) {
  // expected-error @+1 {{'attn.yield' op expects parent op 'attn.attention'}}
  "attn.yield"(%x) : (f32) -> ()
  return
}

// -----

//===----------------------------------------------------------------------===//
// Mask attributes
//===----------------------------------------------------------------------===//

func.func @window_negative_left(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{window extents must be non-negative, got left = -1, right = 0}}
  %0 = attn.attention %q, %k, %v mask(#attn.window<left = -1>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @window_negative_right(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                 %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{window extents must be non-negative, got left = 4, right = -2}}
  %0 = attn.attention %q, %k, %v mask(#attn.window<left = 4, right = -2, align = bottom_right>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @prefix_negative(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                           %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{prefix length must be in [0, 2^40], got -8}}
  %0 = attn.attention %q, %k, %v mask(#attn.prefix_lm<prefix = -8>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

// A negative window nested in a composite mask is caught too.
func.func @nested_window_negative(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                  %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{window extents must be non-negative, got left = -3, right = 0}}
  %0 = attn.attention %q, %k, %v mask(#attn.and<[#attn.causal, #attn.window<left = -3>]>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @and_of_non_mask(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                           %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{expected a mask attribute, got 1 : i32}}
  %0 = attn.attention %q, %k, %v mask(#attn.and<[#attn.causal, 1 : i32]>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @not_of_non_mask(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                           %v: tensor<1x2x8x16xf32>) {
  // expected-error @+2 {{invalid kind of attribute specified}}
  // expected-error @+1 {{failed to parse Attn_NotMaskAttr parameter 'mask'}}
  %0 = attn.attention %q, %k, %v mask(#attn.not<unit>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Custom parser
//===----------------------------------------------------------------------===//

func.func @unknown_index(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                         %v: tensor<1x2x8x16xf32>, %x: tensor<8xf32>) {
  // expected-error @+1 {{unknown index 'i', expected one of b, h, q, k, bucket or 0}}
  %0 = attn.attention %q, %k, %v inputs(%x[i] : tensor<8xf32>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @nonzero_constant_index(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                  %v: tensor<1x2x8x16xf32>, %x: tensor<1x8xf32>) {
  // expected-error @+1 {{only 0 may index a broadcast dimension}}
  %0 = attn.attention %q, %k, %v inputs(%x[1, q] : tensor<1x8xf32>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @negative_constant_index(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                   %v: tensor<1x2x8x16xf32>, %x: tensor<1x8xf32>) {
  // expected-error @+1 {{only 0 may index a broadcast dimension}}
  %0 = attn.attention %q, %k, %v inputs(%x[-1, q] : tensor<1x8xf32>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @input_not_tensor(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                            %v: tensor<1x2x8x16xf32>, %x: f32) {
  // expected-error @+1 {{inputs must be tensors}}
  %0 = attn.attention %q, %k, %v inputs(%x[] : f32)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @mask_mod_arg_count_parse(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                    %v: tensor<1x2x8x16xf32>) {
  // expected-error @+2 {{expected 4 region arguments, got 5}}
  %0 = attn.attention %q, %k, %v
    mask_mod(%b, %h, %i, %j, %extra) {
      %c = arith.constant true
      attn.yield %c : i1
    }
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @score_mod_arg_count_parse(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                     %v: tensor<1x2x8x16xf32>, %bias: tensor<8x8xf32>) {
  // The bias element is the sixth argument.
  // expected-error @+2 {{expected 6 region arguments, got 5}}
  %0 = attn.attention %q, %k, %v inputs(%bias[q, k] : tensor<8x8xf32>)
    score_mod(%s, %b, %h, %i, %j) {
      attn.yield %s : f32
    }
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @non_mask_attribute(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                              %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{expected a mask attribute such as #attn.causal, got 1 : i64}}
  %0 = attn.attention %q, %k, %v mask(1)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @two_operand_types(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                             %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{expected 3 operand types (query, key, value), got 2}}
  %0 = attn.attention %q, %k, %v : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @three_result_types(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                              %v: tensor<1x2x8x16xf32>) {
  // expected-error @+2 {{expected 1 or 2 result types (output and optional lse), got 3}}
  %0:3 = attn.attention %q, %k, %v
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>
      -> tensor<1x2x8x16xf32>, tensor<1x2x8xf32>, tensor<1x2x8xf32>
  return
}

// -----

func.func @two_operands(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{expected 3 operands}}
  %0 = attn.attention %q, %k
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @duplicate_mask(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                          %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{'mask' must be written with its own syntax}}
  %0 = attn.attention %q, %k, %v mask(#attn.causal) {mask = #attn.window<left = 2>}
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

// Extents are bounded so that q + offset +/- extent cannot overflow.
func.func @window_too_wide(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                           %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{window extents must be at most 2^40, got left = 0, right = 9223372036854775807}}
  %0 = attn.attention %q, %k, %v mask(#attn.window<left = 0, right = 9223372036854775807>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @prefix_too_long(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                           %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{prefix length must be in [0, 2^40], got 1099511627777}}
  %0 = attn.attention %q, %k, %v mask(#attn.prefix_lm<prefix = 1099511627777>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @input_floordiv_extent(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x100x16xf32>,
                                 %v: tensor<1x2x100x16xf32>, %bits: tensor<8x3xi32>) {
  // ceil(100 / 32) = 4 words.
  // expected-error @+1 {{dimension 1 of input #0 is indexed by 'k floordiv 32' and must have extent 4, got 3}}
  %0 = attn.attention %q, %k, %v inputs(%bits[q, k floordiv 32] : tensor<8x3xi32>)
    : tensor<1x2x8x16xf32>, tensor<1x2x100x16xf32>, tensor<1x2x100x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @input_floordiv_zero(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                               %v: tensor<1x2x8x16xf32>, %x: tensor<8xf32>) {
  // expected-error @+1 {{'k floordiv' needs a positive divisor, got 0}}
  %0 = attn.attention %q, %k, %v inputs(%x[k floordiv 0] : tensor<8xf32>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @input_floordiv_of_sum(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                 %v: tensor<1x2x8x16xf32>, %x: tensor<8xf32>) {
  // expected-error @+1 {{input #0 must be indexed by b, h, q, k, one of them floordiv an integer in [2, 2^32], bucket, or 0, got (d2 + d3) floordiv 2}}
  %0 = "attn.attention"(%q, %k, %v, %x) <{operandSegmentSizes = array<i32: 1, 1, 1, 1, 0, 0, 0, 0, 0, 0>, input_maps = [affine_map<(b, h, q, k) -> ((q + k) floordiv 2)>]}> ({}, {})
    : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<8xf32>)
      -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @input_floordiv_too_large(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                    %v: tensor<1x2x8x16xf32>, %x: tensor<1xf32>) {
  // expected-error @+1 {{input #0 must be indexed by b, h, q, k, one of them floordiv an integer in [2, 2^32], bucket, or 0, got d3 floordiv 8589934592}}
  %0 = attn.attention %q, %k, %v inputs(%x[k floordiv 8589934592] : tensor<1xf32>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}
