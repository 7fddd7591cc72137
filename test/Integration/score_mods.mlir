// Score modifiers: a bias tensor [H, Lq, Lk], a broadcast bias [Lq, Lk]
// shared by all heads, softcap, per-head ALiBi-style slopes, and a
// per-query temperature with a per-key bias under GQA, and the concise
// attribute forms (#attn.alibi with the standard slopes for 6 heads, which
// is not a power of two; #attn.softcap), with the LSE and before a region.
// RUN: attnc run %s --entry bias --dims B=2,Lq=19,Lk=35 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry broadcast_bias --dims B=1,Lq=27,Lk=27 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry softcap --dims B=1,Lq=33,Lk=33 --input-scale 4 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry alibi --dims B=1,Lq=50,Lk=50 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry temperature_gqa --dims B=2,Lq=61,Lk=130 --input-scale 6 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry temperature_gqa --dims B=1,Lq=1,Lk=77 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry alibi_softcap_attrs --dims B=2,Lq=70,Lk=130 --input-scale 3 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry alibi_softcap_attrs --dims B=1,Lq=1,Lk=99 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry alibi_softcap_attrs --lowering=naive --dims B=1,Lq=20,Lk=31 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry alibi_attr_then_region --dims B=1,Lq=100,Lk=100 --tol 1e-4 | FileCheck %s
// Modifier attributes that read inputs: ALiBi slopes per query head and
// per-query scales (f16, and per (b, h) slopes), composed with softcap and
// a region; ragged lengths, GQA, a decoding step, rows the window leaves
// empty (Lq > Lk), large factors, and the naive lowering.
// RUN: attnc run %s --entry alibi_slopes --dims B=2,Lq=70,Lk=130 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry alibi_slopes --dims B=1,Lq=1,Lk=99 --input-scale 3 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry alibi_slopes --lowering=naive --dims B=1,Lq=20,Lk=31 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry query_scale --dims B=2,Lq=53,Lk=41 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry query_scale --dims B=1,Lq=3,Lk=200 --input-scale 8 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry query_scale --dims B=1,Lq=90,Lk=20 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry query_scale --lowering=naive --dims B=1,Lq=9,Lk=17 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry query_scale --vector-width=16 --dims B=2,Lq=53,Lk=41 --tol 1e-4 | FileCheck %s
// Factors per query only (shared by the heads of a GQA group and by the
// groups), slopes per KV group (h floordiv 4) and one shared scale ([0]).
// RUN: attnc run %s --entry shared_inputs --dims B=2,Lq=37,Lk=60 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry shared_inputs --vector-width=16 --dims B=1,Lq=3,Lk=70 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry shared_inputs --vector-width=4 --dims B=1,Lq=30,Lk=9 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry shared_inputs --lowering=naive --dims B=1,Lq=11,Lk=13 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry predicates_bool_input --dims B=1,Lq=37,Lk=53 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry constant_score --dims B=1,Lq=30,Lk=41 --tol 1e-4 | FileCheck %s
// CHECK: PASS
func.func @bias(%q: tensor<?x4x?x16xf32>, %k: tensor<?x4x?x16xf32>,
                %v: tensor<?x4x?x16xf32>, %bias: tensor<4x?x?xf32>)
    -> tensor<?x4x?x16xf32> {
  %o = attn.attention %q, %k, %v inputs(%bias[h, q, k] : tensor<4x?x?xf32>)
    score_mod(%s, %b, %h, %i, %j, %x) {
      %r = arith.addf %s, %x : f32
      attn.yield %r : f32
    }
    : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>
      -> tensor<?x4x?x16xf32>
  return %o : tensor<?x4x?x16xf32>
}
func.func @broadcast_bias(%q: tensor<?x4x?x16xf32>, %k: tensor<?x4x?x16xf32>,
                          %v: tensor<?x4x?x16xf32>, %bias: tensor<1x?x?xf32>)
    -> tensor<?x4x?x16xf32> {
  %o = attn.attention %q, %k, %v inputs(%bias[0, q, k] : tensor<1x?x?xf32>)
    mask(#attn.causal)
    score_mod(%s, %b, %h, %i, %j, %x) {
      %two = arith.constant 2.0 : f32
      %xb = arith.mulf %x, %two : f32
      %r = arith.addf %s, %xb : f32
      attn.yield %r : f32
    }
    : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>
      -> tensor<?x4x?x16xf32>
  return %o : tensor<?x4x?x16xf32>
}
func.func @softcap(%q: tensor<?x2x?x32xf32>, %k: tensor<?x2x?x32xf32>,
                   %v: tensor<?x2x?x32xf32>) -> tensor<?x2x?x32xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.causal)
    score_mod(%s, %b, %h, %i, %j) {
      %c = arith.constant 5.0 : f32
      %x = arith.divf %s, %c : f32
      %t = math.tanh %x : f32
      %r = arith.mulf %t, %c : f32
      attn.yield %r : f32
    }
    : tensor<?x2x?x32xf32>, tensor<?x2x?x32xf32>, tensor<?x2x?x32xf32>
      -> tensor<?x2x?x32xf32>
  return %o : tensor<?x2x?x32xf32>
}
// score - slope[h] * (q - k) with the slopes as an input [H].
func.func @alibi(%q: tensor<?x4x?x16xf32>, %k: tensor<?x4x?x16xf32>,
                 %v: tensor<?x4x?x16xf32>, %slopes: tensor<4xf32>)
    -> tensor<?x4x?x16xf32> {
  %o = attn.attention %q, %k, %v inputs(%slopes[h] : tensor<4xf32>)
    mask(#attn.causal)
    score_mod(%s, %b, %h, %i, %j, %m) {
      %d = arith.subi %i, %j : index
      %di = arith.index_cast %d : index to i64
      %df = arith.sitofp %di : i64 to f32
      %p = arith.mulf %m, %df : f32
      %r = arith.subf %s, %p : f32
      attn.yield %r : f32
    }
    : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>
      -> tensor<?x4x?x16xf32>
  return %o : tensor<?x4x?x16xf32>
}

// Per-query temperature (an input of the row: b, h, q) under GQA 4:1 and a
// per-key bias (an input of the key only), with a softcap: the widened
// score_mod gathers the row's values once per row vector.
func.func @temperature_gqa(%q: tensor<?x8x?x32xf32>, %k: tensor<?x2x?x32xf32>,
                           %v: tensor<?x2x?x32xf32>, %t: tensor<?x8x?xf32>,
                           %kb: tensor<?x?xf32>) -> tensor<?x8x?x32xf32> {
  %o = attn.attention %q, %k, %v
    inputs(%t[b, h, q] : tensor<?x8x?xf32>, %kb[b, k] : tensor<?x?xf32>)
    mask(#attn.causal<bottom_right>)
    score_mod(%s, %b, %h, %i, %j, %temp, %bias) {
      %one = arith.constant 1.5 : f32
      %c = arith.constant 20.0 : f32
      %tt = arith.addf %temp, %one : f32
      %x = arith.divf %s, %tt : f32
      %y = arith.divf %x, %c : f32
      %th = math.tanh %y : f32
      %sc = arith.mulf %th, %c : f32
      %r = arith.addf %sc, %bias : f32
      attn.yield %r : f32
    }
    : tensor<?x8x?x32xf32>, tensor<?x2x?x32xf32>, tensor<?x2x?x32xf32>
      -> tensor<?x8x?x32xf32>
  return %o : tensor<?x8x?x32xf32>
}

// ALiBi's standard slopes for 6 query heads (4 + 2 interleaved) over 2 KV
// heads, aligned at the end, then a softcap; with the LSE.
func.func @alibi_softcap_attrs(%q: tensor<?x6x?x32xf32>, %k: tensor<?x2x?x32xf32>,
                               %v: tensor<?x2x?x32xf32>)
    -> (tensor<?x6x?x32xf32>, tensor<?x6x?xf32>) {
  %o, %l = attn.attention %q, %k, %v mask(#attn.causal<bottom_right>)
    score(#attn.alibi<align = bottom_right>, #attn.softcap<cap = 20.0>)
    : tensor<?x6x?x32xf32>, tensor<?x2x?x32xf32>, tensor<?x2x?x32xf32>
      -> tensor<?x6x?x32xf32>, tensor<?x6x?xf32>
  return %o, %l : tensor<?x6x?x32xf32>, tensor<?x6x?xf32>
}
// Slopes of one's own for 6 query heads over 2 KV heads (bottom-right, as
// for decoding with a cache), with the LSE.
func.func @alibi_slopes(%q: tensor<?x6x?x32xf32>, %k: tensor<?x2x?x32xf32>,
                        %v: tensor<?x2x?x32xf32>, %m: tensor<6xf32>)
    -> (tensor<?x6x?x32xf32>, tensor<?x6x?xf32>) {
  %o, %l = attn.attention %q, %k, %v inputs(%m[h] : tensor<6xf32>)
    mask(#attn.causal<bottom_right>)
    score(#attn.alibi<slopes = 0, align = bottom_right>)
    : tensor<?x6x?x32xf32>, tensor<?x2x?x32xf32>, tensor<?x2x?x32xf32>
      -> tensor<?x6x?x32xf32>, tensor<?x6x?xf32>
  return %o, %l : tensor<?x6x?x32xf32>, tensor<?x6x?xf32>
}
// f16 factors per (b, h, q), then slopes per (b, h) from the second input,
// a softcap and a region; the window leaves rows q >= Lk + 30 without keys.
func.func @query_scale(%q: tensor<?x8x?x32xf32>, %k: tensor<?x2x?x32xf32>,
                       %v: tensor<?x2x?x32xf32>, %t: tensor<?x8x?xf16>,
                       %m: tensor<?x8xf32>)
    -> (tensor<?x8x?x32xf32>, tensor<?x8x?xf32>) {
  %o, %l = attn.attention %q, %k, %v
    inputs(%t[b, h, q] : tensor<?x8x?xf16>, %m[b, h] : tensor<?x8xf32>)
    mask(#attn.window<left = 30, right = 2>)
    score(#attn.query_scale<input = 0>, #attn.alibi<slopes = 1>,
          #attn.softcap<cap = 30.0>)
    score_mod(%s, %b, %h, %i, %j, %tt, %mm) {
      %c = arith.constant 0.75 : f32
      %r = arith.mulf %s, %c : f32
      attn.yield %r : f32
    }
    : tensor<?x8x?x32xf32>, tensor<?x2x?x32xf32>, tensor<?x2x?x32xf32>
      -> tensor<?x8x?x32xf32>, tensor<?x8x?xf32>
  return %o, %l : tensor<?x8x?x32xf32>, tensor<?x8x?xf32>
}
func.func @shared_inputs(%q: tensor<?x8x?x32xf32>, %k: tensor<?x2x?x32xf32>,
                         %v: tensor<?x2x?x32xf32>, %t: tensor<?xf32>,
                         %m: tensor<2xbf16>, %u: tensor<1xf32>)
    -> tensor<?x8x?x32xf32> {
  %o = attn.attention %q, %k, %v
    inputs(%t[q] : tensor<?xf32>, %m[h floordiv 4] : tensor<2xbf16>,
           %u[0] : tensor<1xf32>)
    mask(#attn.causal<bottom_right>)
    score(#attn.query_scale<input = 0>, #attn.alibi<slopes = 1, align = bottom_right>,
          #attn.query_scale<input = 2>)
    : tensor<?x8x?x32xf32>, tensor<?x2x?x32xf32>, tensor<?x2x?x32xf32>
      -> tensor<?x8x?x32xf32>
  return %o : tensor<?x8x?x32xf32>
}
// The region sees the score after the attributes.
func.func @alibi_attr_then_region(%q: tensor<?x8x?x64xf32>, %k: tensor<?x8x?x64xf32>,
                                  %v: tensor<?x8x?x64xf32>) -> tensor<?x8x?x64xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.window<left = 40>)
    score(#attn.alibi<max_bias = 4.0>)
    score_mod(%s, %b, %h, %i, %j) {
      %c = arith.constant 0.5 : f32
      %r = arith.mulf %s, %c : f32
      attn.yield %r : f32
    }
    : tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>
      -> tensor<?x8x?x64xf32>
  return %o : tensor<?x8x?x64xf32>
}

// Comparisons and selects (ops with predicate attributes) in a widened
// region, reading a boolean input of (q, k), gathered per element.
func.func @predicates_bool_input(%q: tensor<?x2x?x32xf32>, %k: tensor<?x2x?x32xf32>,
                                 %v: tensor<?x2x?x32xf32>, %m: tensor<?x?xi1>)
    -> tensor<?x2x?x32xf32> {
  %o = attn.attention %q, %k, %v inputs(%m[q, k] : tensor<?x?xi1>)
    score_mod(%s, %b, %h, %i, %j, %mm) {
      %zero = arith.constant 0.0 : f32
      %half = arith.constant 0.5 : f32
      %c = arith.cmpf ogt, %s, %zero : f32
      %r = arith.select %c, %s, %half : f32
      %t = arith.select %mm, %r, %zero : f32
      %ii = arith.index_cast %i : index to i32
      %ki = arith.index_cast %j : index to i32
      %lt = arith.cmpi slt, %ii, %ki : i32
      %u = arith.select %lt, %t, %s : f32
      attn.yield %u : f32
    }
    : tensor<?x2x?x32xf32>, tensor<?x2x?x32xf32>, tensor<?x2x?x32xf32>
      -> tensor<?x2x?x32xf32>
  return %o : tensor<?x2x?x32xf32>
}

// A score_mod whose yield is a constant (uniform weights over the kept
// keys): the widened region yields a scalar, broadcast to the rows.
func.func @constant_score(%q: tensor<?x2x?x32xf32>, %k: tensor<?x2x?x32xf32>,
                          %v: tensor<?x2x?x32xf32>) -> tensor<?x2x?x32xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.causal)
    score_mod(%s, %b, %h, %i, %j) {
      %z = arith.constant 0.0 : f32
      attn.yield %z : f32
    }
    : tensor<?x2x?x32xf32>, tensor<?x2x?x32xf32>, tensor<?x2x?x32xf32>
      -> tensor<?x2x?x32xf32>
  return %o : tensor<?x2x?x32xf32>
}
