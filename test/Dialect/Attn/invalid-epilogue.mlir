// RUN: attnc-opt %s --split-input-file --verify-diagnostics
// Verifier errors of the epilogue operands (sinks, gate, affine_weights)
// and of the score modifier attributes and their inputs.

func.func @sinks_wrong_heads(%q: tensor<1x4x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                             %v: tensor<1x2x8x16xf32>, %s: tensor<2xf32>) {
  // expected-error @+1 {{sinks must have one logit per query head (4), got 2}}
  %0 = attn.attention %q, %k, %v sinks(%s : tensor<2xf32>)
    : tensor<1x4x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x4x8x16xf32>
  return
}

// -----

func.func @sinks_rank(%q: tensor<1x4x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                      %v: tensor<1x2x8x16xf32>, %s: tensor<1x4xf32>) {
  // expected-error @+1 {{operand #3 must be 1-D tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<1x4xf32>'}}
  %0 = attn.attention %q, %k, %v sinks(%s : tensor<1x4xf32>)
    : tensor<1x4x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x4x8x16xf32>
  return
}

// -----

func.func @gate_wrong_dim(%q: tensor<1x4x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                          %v: tensor<1x2x8x32xf32>, %g: tensor<1x4x8x16xf32>) {
  // expected-error @+1 {{gate must have the output's shape, or 1 in its last dim; expected 'tensor<1x4x8x32xf32>', got 'tensor<1x4x8x16xf32>'}}
  %0 = attn.attention %q, %k, %v gate(%g : tensor<1x4x8x16xf32>)
    : tensor<1x4x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x32xf32> -> tensor<1x4x8x32xf32>
  return
}

// -----

func.func @gate_dynamic_mismatch(%q: tensor<?x4x?x16xf32>, %k: tensor<?x2x?x16xf32>,
                                 %v: tensor<?x2x?x16xf32>, %g: tensor<1x4x?x16xf32>) {
  // expected-error @+1 {{gate must have the output's shape, or 1 in its last dim; expected 'tensor<?x4x?x16xf32>', got 'tensor<1x4x?x16xf32>'}}
  %0 = attn.attention %q, %k, %v gate(%g : tensor<1x4x?x16xf32>)
    : tensor<?x4x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32> -> tensor<?x4x?x16xf32>
  return
}

// -----

func.func @segment_sizes_in_dict(%q: tensor<1x4x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                  %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{'operandSegmentSizes' must be written with its own syntax}}
  %0 = attn.attention %q, %k, %v {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0, 0, 0, 0, 0>}
    : tensor<1x4x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x4x8x16xf32>
  return
}

// -----

func.func @softcap_zero(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                        %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{softcap must be a finite, positive f32 value, got 0}}
  %0 = attn.attention %q, %k, %v score(#attn.softcap<cap = 0.0>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @alibi_negative(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                          %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{ALiBi max_bias must be in (0, 64], got -1}}
  %0 = attn.attention %q, %k, %v score(#attn.alibi<max_bias = -1.0>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @alibi_two_slope_sources(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                   %v: tensor<1x2x8x16xf32>, %m: tensor<2xf32>) {
  // expected-error @+2 {{ALiBi takes max_bias (geometric slopes) or a slopes input, not both}}
  %0 = attn.attention %q, %k, %v inputs(%m[h] : tensor<2xf32>)
    score(#attn.alibi<max_bias = 8.0, slopes = 0>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @alibi_slopes_missing(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                %v: tensor<1x2x8x16xf32>, %m: tensor<2xf32>) {
  // expected-error @+1 {{#attn.alibi refers to input #1 for its slopes, but the op has 1 inputs}}
  %0 = attn.attention %q, %k, %v inputs(%m[h] : tensor<2xf32>)
    score(#attn.alibi<slopes = 1>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @alibi_slopes_wrong_heads(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                    %v: tensor<1x2x8x16xf32>, %m: tensor<4xf32>) {
  // expected-error @+1 {{dimension 0 of input #0 is indexed by 'h' and must have extent 2, got 4}}
  %0 = attn.attention %q, %k, %v inputs(%m[h] : tensor<4xf32>)
    score(#attn.alibi<slopes = 0>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @alibi_slopes_integers(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                 %v: tensor<1x2x8x16xf32>, %m: tensor<2xi32>) {
  // expected-error @+1 {{#attn.alibi slopes (input #0) must be f32, f16 or bf16, got 'i32'}}
  %0 = attn.attention %q, %k, %v inputs(%m[h] : tensor<2xi32>)
    score(#attn.alibi<slopes = 0>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @query_scale_f64(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                           %v: tensor<1x2x8x16xf32>, %t: tensor<8xf64>) {
  // expected-error @+1 {{#attn.query_scale factors (input #0) must be f32, f16 or bf16, got 'f64'}}
  %0 = attn.attention %q, %k, %v inputs(%t[q] : tensor<8xf64>)
    score(#attn.query_scale<input = 0>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @query_scale_missing(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                               %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{#attn.query_scale refers to input #0 for its factors, but the op has 0 inputs}}
  %0 = attn.attention %q, %k, %v score(#attn.query_scale<input = 0>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @query_scale_per_key(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                               %v: tensor<1x2x8x16xf32>, %t: tensor<8x8xf32>) {
  // expected-error @+1 {{#attn.query_scale factors (input #0) may not be indexed by 'k'}}
  %0 = attn.attention %q, %k, %v inputs(%t[q, k] : tensor<8x8xf32>)
    score(#attn.query_scale<input = 0>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @query_scale_bucket(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                              %v: tensor<1x2x8x16xf32>, %t: tensor<2x32xf32>) {
  // expected-error @+1 {{#attn.query_scale factors (input #0) may not be indexed by 'bucket'}}
  %0 = attn.attention %q, %k, %v inputs(%t[h, bucket] : tensor<2x32xf32>)
    buckets(#attn.t5_buckets<buckets = 32, max_distance = 128>)
    score(#attn.query_scale<input = 0>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @score_not_a_modifier(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{expected a score modifier attribute such as #attn.alibi, got #attn.causal}}
  %0 = attn.attention %q, %k, %v score(#attn.causal)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @score_in_dict(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                         %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{'score' must be written with its own syntax, e.g. score(#attn.alibi)}}
  %0 = attn.attention %q, %k, %v {score = [#attn.alibi]}
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

// 1e-46 is positive as a double but 0 in f32, where kernels divide by it.
func.func @softcap_underflows_f32(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                  %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{softcap must be a finite, positive f32 value, got 1.000000e-46}}
  %0 = attn.attention %q, %k, %v score(#attn.softcap<cap = 1.0e-46>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @low_rank_one_factor(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                               %v: tensor<1x2x8x16xf32>, %u: tensor<1x2x8x4xf32>) {
  // expected-error @+1 {{low_rank_bias needs both factors, U and W}}
  %0 = "attn.attention"(%q, %k, %v, %u) <{operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0, 1, 0, 0, 0>}> ({}, {})
    : (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x4xf32>)
      -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @low_rank_dynamic_rank(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
    %v: tensor<1x2x8x16xf32>, %u: tensor<1x2x8x?xf32>, %w: tensor<1x2x8x?xf32>) {
  // expected-error @+1 {{low_rank_bias rank (the factors' last dim) must be static and positive, got ?}}
  %0 = attn.attention %q, %k, %v low_rank_bias(%u, %w : tensor<1x2x8x?xf32>, tensor<1x2x8x?xf32>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @low_rank_u_shape(%q: tensor<?x4x?x16xf32>, %k: tensor<?x2x?x16xf32>,
    %v: tensor<?x2x?x16xf32>, %u: tensor<?x2x?x4xf32>, %w: tensor<?x2x?x4xf32>) {
  // expected-error @+1 {{low_rank_bias U must be [B, Hq, Lq, R] = 'tensor<?x4x?x4xf32>', got 'tensor<?x2x?x4xf32>'}}
  %0 = attn.attention %q, %k, %v low_rank_bias(%u, %w : tensor<?x2x?x4xf32>, tensor<?x2x?x4xf32>)
    : tensor<?x4x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32> -> tensor<?x4x?x16xf32>
  return
}

// -----

func.func @low_rank_w_rank(%q: tensor<?x4x?x16xf32>, %k: tensor<?x2x?x16xf32>,
    %v: tensor<?x2x?x16xf32>, %u: tensor<?x4x?x4xf32>, %w: tensor<?x2x?x5xf32>) {
  // expected-error @+1 {{low_rank_bias W must be [B, Hkv, Lk, R] = 'tensor<?x2x?x4xf32>', got 'tensor<?x2x?x5xf32>'}}
  %0 = attn.attention %q, %k, %v low_rank_bias(%u, %w : tensor<?x4x?x4xf32>, tensor<?x2x?x5xf32>)
    : tensor<?x4x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32> -> tensor<?x4x?x16xf32>
  return
}

// -----

func.func @affine_weights_wrong_heads(%q: tensor<?x4x?x16xf32>, %k: tensor<?x2x?x16xf32>,
                                      %v: tensor<?x2x?x16xf32>, %a: tensor<?x2x?xf32>,
                                      %c: tensor<?x4x?xf32>) {
  // expected-error @+1 {{affine_weights scale must be [B, Hq, Lq] = 'tensor<?x4x?xf32>', got 'tensor<?x2x?xf32>'}}
  %0 = attn.attention %q, %k, %v affine_weights(%a, %c : tensor<?x2x?xf32>, tensor<?x4x?xf32>)
    : tensor<?x4x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32> -> tensor<?x4x?x16xf32>
  return
}

// -----

func.func @affine_weights_static_length(%q: tensor<1x4x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                        %v: tensor<1x2x8x16xf32>, %a: tensor<1x4x8xf32>,
                                        %c: tensor<1x4x?xf32>) {
  // expected-error @+1 {{affine_weights bias must be [B, Hq, Lq] = 'tensor<1x4x8xf32>', got 'tensor<1x4x?xf32>'}}
  %0 = attn.attention %q, %k, %v affine_weights(%a, %c : tensor<1x4x8xf32>, tensor<1x4x?xf32>)
    : tensor<1x4x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x4x8x16xf32>
  return
}

// -----

func.func @affine_weights_rank(%q: tensor<1x4x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                               %v: tensor<1x2x8x16xf32>, %a: tensor<1x4x8x1xf32>,
                               %c: tensor<1x4x8xf32>) {
  // expected-error @+1 {{must be 3-D tensor of 32-bit float or 16-bit float or bfloat16 type values, but got 'tensor<1x4x8x1xf32>'}}
  %0 = attn.attention %q, %k, %v affine_weights(%a, %c : tensor<1x4x8x1xf32>, tensor<1x4x8xf32>)
    : tensor<1x4x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x4x8x16xf32>
  return
}

// -----

func.func @affine_weights_one_operand(%q: tensor<1x4x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                      %v: tensor<1x2x8x16xf32>, %a: tensor<1x4x8xf32>) {
  // expected-error @+1 {{affine_weights needs both the scale and the bias}}
  %0 = "attn.attention"(%q, %k, %v, %a) <{operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0, 0, 0, 1, 0>}> ({}, {})
    : (tensor<1x4x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x4x8xf32>) -> tensor<1x4x8x16xf32>
  return
}
