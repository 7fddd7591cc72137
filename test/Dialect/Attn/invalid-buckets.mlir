// RUN: attnc-opt %s --split-input-file --verify-diagnostics
// Verifier and parser errors of relative-position buckets.

func.func @bucket_without_clause(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                 %v: tensor<1x2x8x16xf32>, %t: tensor<2x32xf32>) {
  // expected-error @+1 {{input #0 is indexed by 'bucket', which needs a buckets(...) clause}}
  %0 = attn.attention %q, %k, %v inputs(%t[h, bucket] : tensor<2x32xf32>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @bucket_extent(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                         %v: tensor<1x2x8x16xf32>, %t: tensor<2x30xf32>) {
  // expected-error @+1 {{dimension 1 of input #0 is indexed by 'bucket' and must have extent 32, got 30}}
  %0 = attn.attention %q, %k, %v inputs(%t[h, bucket] : tensor<2x30xf32>)
    buckets(#attn.t5_buckets<buckets = 32, max_distance = 128>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @clipped_extent(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                          %v: tensor<1x2x8x16xf32>, %t: tensor<?xf32>) {
  // expected-error @+1 {{dimension 0 of input #0 is indexed by 'bucket' and must have extent 9, got ?}}
  %0 = attn.attention %q, %k, %v inputs(%t[bucket] : tensor<?xf32>)
    buckets(#attn.clipped_buckets<max_distance = 4>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @t5_odd(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                  %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{T5 buckets must be an even number in [4, 4096], got 31}}
  %0 = attn.attention %q, %k, %v buckets(#attn.t5_buckets<buckets = 31, max_distance = 128>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @t5_one_sided_too_few(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                %v: tensor<1x2x8x16xf32>) {
  // expected-error @+2 {{T5 buckets must be in [2, 4096], got 1}}
  %0 = attn.attention %q, %k, %v
    buckets(#attn.t5_buckets<buckets = 1, max_distance = 128, bidirectional = false>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

// The log buckets start past the exact ones: 32 / 2 / 2 = 8 of them.
func.func @t5_short_distance(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                             %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{T5 max_distance must be in (8, 2^40] (more than the 8 exact buckets), got 8}}
  %0 = attn.attention %q, %k, %v buckets(#attn.t5_buckets<buckets = 32, max_distance = 8>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @clipped_negative(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                            %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{clipped max_distance must be in [0, 2047], got -1}}
  %0 = attn.attention %q, %k, %v buckets(#attn.clipped_buckets<max_distance = -1>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @not_a_bucketing(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                           %v: tensor<1x2x8x16xf32>) {
  // expected-error @+1 {{expected a relative-position bucket attribute such as #attn.t5_buckets, got #attn.causal}}
  %0 = attn.attention %q, %k, %v buckets(#attn.causal)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

func.func @buckets_in_dictionary(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                                 %v: tensor<1x2x8x16xf32>) {
  // expected-error @+2 {{'buckets' must be written with its own syntax, e.g. buckets(#attn.clipped_buckets<max_distance = 16>), not in the attribute dictionary}}
  %0 = attn.attention %q, %k, %v
    {buckets = #attn.clipped_buckets<max_distance = 16>}
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}

// -----

// Document ids are compared per query block and key tile, not per bucket.
func.func @document_by_bucket(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                              %v: tensor<1x2x8x16xf32>, %ids: tensor<9xi32>,
                              %kid: tensor<8xi32>) {
  // expected-error @+1 {{#attn.document query ids (input #0) may not be indexed by 'bucket'}}
  %0 = attn.attention %q, %k, %v
    inputs(%ids[bucket] : tensor<9xi32>, %kid[k] : tensor<8xi32>)
    buckets(#attn.clipped_buckets<max_distance = 4>)
    mask(#attn.document<query = 0, key = 1>)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32> -> tensor<1x2x8x16xf32>
  return
}
