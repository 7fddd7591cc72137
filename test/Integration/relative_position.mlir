// Relative-position bias tables read at `bucket` against the reference
// evaluator: T5's log buckets (bidirectional for an encoder, one-sided and
// bottom-right aligned for a decoder with a KV cache, distances far past
// max_distance), Shaw's clipped distances with a window, one table per
// query head and one shared by all, GQA, the LSE, fp16, the naive lowering.
// The reference computes T5's buckets from the log formula; the kernels
// compare with thresholds derived from it.
// RUN: attnc run %s --entry t5_encoder --dims B=2,Lq=77,Lk=77 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry t5_encoder --dims B=1,Lq=300,Lk=300 --input-scale 3 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry t5_encoder --lowering=naive --dims B=1,Lq=50,Lk=61 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry t5_decoder --dims B=1,Lq=1,Lk=1000 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry t5_decoder --dims B=2,Lq=130,Lk=200 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry clipped_window --dims B=1,Lq=150,Lk=150 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry clipped_window --lowering=naive --dims B=1,Lq=40,Lk=40 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry shared_half --dims B=1,Lq=65,Lk=90 --tol 1e-3 | FileCheck %s
// RUN: attnc %s --emit=header -o - | FileCheck %s --check-prefix=HEADER
// CHECK: PASS
// HEADER: t5_bias: input  f32 [4, 32]
// HEADER: t5_bias: input  f32 [8, 16]
// HEADER: shaw_bias: input  f32 [2, 17]
// HEADER: in0: input  f32 [9]

// Encoder self-attention: a learned bias per (query head, bucket).
func.func @t5_encoder(%q: tensor<?x4x?x32xf32>, %k: tensor<?x2x?x32xf32>,
                      %v: tensor<?x2x?x32xf32>,
                      %table: tensor<4x32xf32> {attnc.name = "t5_bias"})
    -> (tensor<?x4x?x32xf32>, tensor<?x4x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v inputs(%table[h, bucket] : tensor<4x32xf32>)
    buckets(#attn.t5_buckets<buckets = 32, max_distance = 128>)
    score_mod(%s, %b, %h, %i, %j, %bias) {
      %r = arith.addf %s, %bias : f32
      attn.yield %r : f32
    }
    : tensor<?x4x?x32xf32>, tensor<?x2x?x32xf32>, tensor<?x2x?x32xf32>
      -> tensor<?x4x?x32xf32>, tensor<?x4x?xf32>
  return %o, %lse : tensor<?x4x?x32xf32>, tensor<?x4x?xf32>
}
// Decoder self-attention over a KV cache: past keys only, aligned at the
// end, 16 one-sided buckets up to a distance of 64.
func.func @t5_decoder(%q: tensor<?x8x?x64xf32>, %k: tensor<?x8x?x64xf32>,
                      %v: tensor<?x8x?x64xf32>,
                      %table: tensor<8x16xf32> {attnc.name = "t5_bias"})
    -> tensor<?x8x?x64xf32> {
  %o = attn.attention %q, %k, %v inputs(%table[h, bucket] : tensor<8x16xf32>)
    buckets(#attn.t5_buckets<buckets = 16, max_distance = 64,
                             bidirectional = false, align = bottom_right>)
    mask(#attn.causal<bottom_right>)
    score_mod(%s, %b, %h, %i, %j, %bias) {
      %r = arith.addf %s, %bias : f32
      attn.yield %r : f32
    }
    : tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>
      -> tensor<?x8x?x64xf32>
  return %o : tensor<?x8x?x64xf32>
}
// Clipped distances within a window of 20 back and 5 ahead, 2 x 8 + 1
// buckets, and a per-head scale of the bias read once per row.
func.func @clipped_window(%q: tensor<?x2x?x16xf32>, %k: tensor<?x2x?x16xf32>,
                          %v: tensor<?x2x?x16xf32>,
                          %table: tensor<2x17xf32> {attnc.name = "shaw_bias"},
                          %gain: tensor<2xf32>)
    -> tensor<?x2x?x16xf32> {
  %o = attn.attention %q, %k, %v
    inputs(%table[h, bucket] : tensor<2x17xf32>, %gain[h] : tensor<2xf32>)
    buckets(#attn.clipped_buckets<max_distance = 8>)
    mask(#attn.window<left = 20, right = 5>)
    score_mod(%s, %b, %h, %i, %j, %bias, %g) {
      %t = arith.mulf %bias, %g : f32
      %r = arith.addf %s, %t : f32
      attn.yield %r : f32
    }
    : tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>
      -> tensor<?x2x?x16xf32>
  return %o : tensor<?x2x?x16xf32>
}
// One table for every head (clipped at 4: 9 buckets), fp16 inputs.
func.func @shared_half(%q: tensor<?x2x?x32xf16>, %k: tensor<?x1x?x32xf16>,
                       %v: tensor<?x1x?x32xf16>, %table: tensor<9xf32>)
    -> tensor<?x2x?x32xf16> {
  %o = attn.attention %q, %k, %v inputs(%table[bucket] : tensor<9xf32>)
    buckets(#attn.clipped_buckets<max_distance = 4, align = bottom_right>)
    score_mod(%s, %b, %h, %i, %j, %bias) {
      %r = arith.addf %s, %bias : f32
      attn.yield %r : f32
    }
    : tensor<?x2x?x32xf16>, tensor<?x1x?x32xf16>, tensor<?x1x?x32xf16>
      -> tensor<?x2x?x32xf16>
  return %o : tensor<?x2x?x32xf16>
}
