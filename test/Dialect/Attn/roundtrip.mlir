// RUN: attnc-opt %s --split-input-file | attnc-opt --split-input-file | FileCheck %s
// RUN: attnc-opt %s --split-input-file --mlir-print-op-generic | attnc-opt --split-input-file | FileCheck %s

// Dense MHA, static shapes, default scale, no mask.

// CHECK-LABEL: func.func @mha_static
// CHECK-SAME: (%[[Q:.+]]: tensor<2x8x16x64xf32>, %[[K:.+]]: tensor<2x8x16x64xf32>, %[[V:.+]]: tensor<2x8x16x64xf32>)
// CHECK: %[[O:.+]] = attn.attention %[[Q]], %[[K]], %[[V]]{{$}}
// CHECK-NEXT: : tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32> -> tensor<2x8x16x64xf32>
// CHECK: return %[[O]]
func.func @mha_static(%q: tensor<2x8x16x64xf32>, %k: tensor<2x8x16x64xf32>,
                      %v: tensor<2x8x16x64xf32>) -> tensor<2x8x16x64xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>, tensor<2x8x16x64xf32>
      -> tensor<2x8x16x64xf32>
  return %o : tensor<2x8x16x64xf32>
}

// -----

// Dynamic B, Lq and Lk.

// CHECK-LABEL: func.func @mha_dynamic
// CHECK: attn.attention %{{.+}}, %{{.+}}, %{{.+}}{{$}}
// CHECK-NEXT: : tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32> -> tensor<?x8x?x64xf32>
func.func @mha_dynamic(%q: tensor<?x8x?x64xf32>, %k: tensor<?x8x?x64xf32>,
                       %v: tensor<?x8x?x64xf32>) -> tensor<?x8x?x64xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>
      -> tensor<?x8x?x64xf32>
  return %o : tensor<?x8x?x64xf32>
}

// -----

// CHECK-LABEL: func.func @mha_f16
// CHECK: attn.attention
// CHECK-NEXT: : tensor<1x4x?x32xf16>, tensor<1x4x?x32xf16>, tensor<1x4x?x32xf16> -> tensor<1x4x?x32xf16>
func.func @mha_f16(%q: tensor<1x4x?x32xf16>, %k: tensor<1x4x?x32xf16>,
                   %v: tensor<1x4x?x32xf16>) -> tensor<1x4x?x32xf16> {
  %o = attn.attention %q, %k, %v
    : tensor<1x4x?x32xf16>, tensor<1x4x?x32xf16>, tensor<1x4x?x32xf16>
      -> tensor<1x4x?x32xf16>
  return %o : tensor<1x4x?x32xf16>
}

// -----

// CHECK-LABEL: func.func @mha_bf16
// CHECK: attn.attention
// CHECK-NEXT: : tensor<?x4x128x32xbf16>, tensor<?x4x256x32xbf16>, tensor<?x4x256x32xbf16> -> tensor<?x4x128x32xbf16>
func.func @mha_bf16(%q: tensor<?x4x128x32xbf16>, %k: tensor<?x4x256x32xbf16>,
                    %v: tensor<?x4x256x32xbf16>) -> tensor<?x4x128x32xbf16> {
  %o = attn.attention %q, %k, %v
    : tensor<?x4x128x32xbf16>, tensor<?x4x256x32xbf16>, tensor<?x4x256x32xbf16>
      -> tensor<?x4x128x32xbf16>
  return %o : tensor<?x4x128x32xbf16>
}

// -----

// GQA: 32 query heads over 8 KV heads.

// CHECK-LABEL: func.func @gqa
// CHECK: attn.attention
// CHECK-NEXT: : tensor<?x32x?x128xf32>, tensor<?x8x?x128xf32>, tensor<?x8x?x128xf32> -> tensor<?x32x?x128xf32>
func.func @gqa(%q: tensor<?x32x?x128xf32>, %k: tensor<?x8x?x128xf32>,
               %v: tensor<?x8x?x128xf32>) -> tensor<?x32x?x128xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<?x32x?x128xf32>, tensor<?x8x?x128xf32>, tensor<?x8x?x128xf32>
      -> tensor<?x32x?x128xf32>
  return %o : tensor<?x32x?x128xf32>
}

// -----

// MQA: one KV head.

// CHECK-LABEL: func.func @mqa
// CHECK: attn.attention
// CHECK-NEXT: : tensor<?x16x?x64xf16>, tensor<?x1x?x64xf16>, tensor<?x1x?x64xf16> -> tensor<?x16x?x64xf16>
func.func @mqa(%q: tensor<?x16x?x64xf16>, %k: tensor<?x1x?x64xf16>,
               %v: tensor<?x1x?x64xf16>) -> tensor<?x16x?x64xf16> {
  %o = attn.attention %q, %k, %v
    : tensor<?x16x?x64xf16>, tensor<?x1x?x64xf16>, tensor<?x1x?x64xf16>
      -> tensor<?x16x?x64xf16>
  return %o : tensor<?x16x?x64xf16>
}

// -----

// Dqk != Dv and Lq != Lk (cross attention), static.

// CHECK-LABEL: func.func @dqk_ne_dv
// CHECK: attn.attention
// CHECK-NEXT: : tensor<2x4x10x192xf32>, tensor<2x4x30x192xf32>, tensor<2x4x30x128xf32> -> tensor<2x4x10x128xf32>
func.func @dqk_ne_dv(%q: tensor<2x4x10x192xf32>, %k: tensor<2x4x30x192xf32>,
                     %v: tensor<2x4x30x128xf32>) -> tensor<2x4x10x128xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<2x4x10x192xf32>, tensor<2x4x30x192xf32>, tensor<2x4x30x128xf32>
      -> tensor<2x4x10x128xf32>
  return %o : tensor<2x4x10x128xf32>
}

// -----

// Optional lse result.

// CHECK-LABEL: func.func @with_lse
// CHECK: %[[O:.+]], %[[LSE:.+]] = attn.attention
// CHECK-NEXT: : tensor<?x8x?x64xf16>, tensor<?x2x?x64xf16>, tensor<?x2x?x64xf16> -> tensor<?x8x?x64xf16>, tensor<?x8x?xf32>
// CHECK: return %[[O]], %[[LSE]]
func.func @with_lse(%q: tensor<?x8x?x64xf16>, %k: tensor<?x2x?x64xf16>,
                    %v: tensor<?x2x?x64xf16>)
    -> (tensor<?x8x?x64xf16>, tensor<?x8x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v
    : tensor<?x8x?x64xf16>, tensor<?x2x?x64xf16>, tensor<?x2x?x64xf16>
      -> tensor<?x8x?x64xf16>, tensor<?x8x?xf32>
  return %o, %lse : tensor<?x8x?x64xf16>, tensor<?x8x?xf32>
}

// -----

// Explicit scale, also negative and in exponent notation.

// CHECK-LABEL: func.func @scale
// CHECK: attn.attention %{{.+}}, %{{.+}}, %{{.+}} scale(1.250000e-01){{$}}
// CHECK: attn.attention %{{.+}}, %{{.+}}, %{{.+}} scale(-2.000000e+00){{$}}
// CHECK: attn.attention %{{.+}}, %{{.+}}, %{{.+}} scale(1.000000e-03) mask(#attn.causal){{$}}
func.func @scale(%q: tensor<1x2x8x16xf32>, %k: tensor<1x2x8x16xf32>,
                 %v: tensor<1x2x8x16xf32>)
    -> (tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>) {
  %0 = attn.attention %q, %k, %v scale(0.125)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>
      -> tensor<1x2x8x16xf32>
  %1 = attn.attention %q, %k, %v scale(-2.0)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>
      -> tensor<1x2x8x16xf32>
  %2 = attn.attention %q, %k, %v scale(1.0e-3) mask(#attn.causal)
    : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>
      -> tensor<1x2x8x16xf32>
  return %0, %1, %2 : tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>, tensor<1x2x8x16xf32>
}

// -----

// Every mask attribute, one op each.

// CHECK-LABEL: func.func @masks
// CHECK: mask(#attn.causal){{$}}
// CHECK: mask(#attn.causal<bottom_right>){{$}}
// CHECK: mask(#attn.window<left = 4>){{$}}
// CHECK: mask(#attn.window<left = 4, right = 2, align = bottom_right>){{$}}
// CHECK: mask(#attn.window<left = 0, right = 8>){{$}}
// CHECK: mask(#attn.window<left = 16, align = bottom_right>){{$}}
// CHECK: mask(#attn.prefix_lm<prefix = 8>){{$}}
// CHECK: mask(#attn.and<[#attn.causal, #attn.window<left = 4>]>){{$}}
// CHECK: mask(#attn.or<[#attn.prefix_lm<prefix = 2>, #attn.window<left = 1, right = 1>]>){{$}}
// CHECK: mask(#attn.not<#attn.window<left = 4, right = 4>>){{$}}
// CHECK: mask(#attn.and<[#attn.causal]>){{$}}
func.func @masks(%q: tensor<?x4x?x16xf32>, %k: tensor<?x4x?x16xf32>,
                 %v: tensor<?x4x?x16xf32>) {
  %0 = attn.attention %q, %k, %v mask(#attn.causal)
    : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32> -> tensor<?x4x?x16xf32>
  %1 = attn.attention %q, %k, %v mask(#attn.causal<bottom_right>)
    : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32> -> tensor<?x4x?x16xf32>
  %2 = attn.attention %q, %k, %v mask(#attn.window<left = 4>)
    : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32> -> tensor<?x4x?x16xf32>
  %3 = attn.attention %q, %k, %v mask(#attn.window<left = 4, right = 2, align = bottom_right>)
    : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32> -> tensor<?x4x?x16xf32>
  %4 = attn.attention %q, %k, %v mask(#attn.window<left = 0, right = 8>)
    : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32> -> tensor<?x4x?x16xf32>
  %5 = attn.attention %q, %k, %v mask(#attn.window<left = 16, align = bottom_right>)
    : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32> -> tensor<?x4x?x16xf32>
  %6 = attn.attention %q, %k, %v mask(#attn.prefix_lm<prefix = 8>)
    : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32> -> tensor<?x4x?x16xf32>
  %7 = attn.attention %q, %k, %v mask(#attn.and<[#attn.causal, #attn.window<left = 4>]>)
    : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32> -> tensor<?x4x?x16xf32>
  %8 = attn.attention %q, %k, %v
      mask(#attn.or<[#attn.prefix_lm<prefix = 2>, #attn.window<left = 1, right = 1>]>)
    : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32> -> tensor<?x4x?x16xf32>
  %9 = attn.attention %q, %k, %v mask(#attn.not<#attn.window<left = 4, right = 4>>)
    : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32> -> tensor<?x4x?x16xf32>
  %10 = attn.attention %q, %k, %v mask(#attn.and<[#attn.causal]>)
    : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32> -> tensor<?x4x?x16xf32>
  return
}

// -----

// Nested composition, and explicit defaults that the printer elides.

// CHECK-LABEL: func.func @nested_masks
// CHECK: mask(#attn.and<[#attn.or<[#attn.causal<bottom_right>, #attn.not<#attn.prefix_lm<prefix = 3>>]>, #attn.not<#attn.and<[#attn.window<left = 2, right = 2>, #attn.causal]>>]>){{$}}
// CHECK: mask(#attn.window<left = 7>){{$}}
// CHECK: mask(#attn.causal){{$}}
func.func @nested_masks(%q: tensor<1x4x?x16xf32>, %k: tensor<1x4x?x16xf32>,
                        %v: tensor<1x4x?x16xf32>) {
  %0 = attn.attention %q, %k, %v
      mask(#attn.and<[#attn.or<[#attn.causal<bottom_right>,
                                #attn.not<#attn.prefix_lm<prefix = 3>>]>,
                      #attn.not<#attn.and<[#attn.window<left = 2, right = 2>,
                                           #attn.causal]>>]>)
    : tensor<1x4x?x16xf32>, tensor<1x4x?x16xf32>, tensor<1x4x?x16xf32> -> tensor<1x4x?x16xf32>
  %1 = attn.attention %q, %k, %v mask(#attn.window<left = 7, right = 0, align = top_left>)
    : tensor<1x4x?x16xf32>, tensor<1x4x?x16xf32>, tensor<1x4x?x16xf32> -> tensor<1x4x?x16xf32>
  %2 = attn.attention %q, %k, %v mask(#attn.causal<top_left>)
    : tensor<1x4x?x16xf32>, tensor<1x4x?x16xf32>, tensor<1x4x?x16xf32> -> tensor<1x4x?x16xf32>
  return
}

// -----

// mask_mod over the iteration indices.

// CHECK-LABEL: func.func @mask_mod
// CHECK: attn.attention %{{.+}}, %{{.+}}, %{{.+}}{{$}}
// CHECK-NEXT: mask_mod(%[[B:[^,)]+]], %[[H:[^,)]+]], %[[I:[^,)]+]], %[[J:[^,)]+]]) {
// CHECK-NEXT: %[[D:.+]] = arith.subi %[[I]], %[[J]] : index
// CHECK-NEXT: %[[C:.+]] = arith.constant 3 : index
// CHECK-NEXT: %[[R:.+]] = arith.cmpi ult, %[[D]], %[[C]] : index
// CHECK-NEXT: attn.yield %[[R]] : i1
// CHECK-NEXT: }
// CHECK-NEXT: : tensor<2x4x8x16xf32>
func.func @mask_mod(%q: tensor<2x4x8x16xf32>, %k: tensor<2x4x8x16xf32>,
                    %v: tensor<2x4x8x16xf32>) -> tensor<2x4x8x16xf32> {
  %o = attn.attention %q, %k, %v
    mask_mod(%b, %h, %i, %j) {
      %d = arith.subi %i, %j : index
      %c = arith.constant 3 : index
      %r = arith.cmpi ult, %d, %c : index
      attn.yield %r : i1
    }
    : tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32> -> tensor<2x4x8x16xf32>
  return %o : tensor<2x4x8x16xf32>
}

// -----

// score_mod (softcap) together with a mask attribute, GQA, dynamic shapes.

// CHECK-LABEL: func.func @softcap
// CHECK: attn.attention %{{.+}}, %{{.+}}, %{{.+}} mask(#attn.causal){{$}}
// CHECK-NEXT: score_mod(%[[S:[^,)]+]], %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}) {
// CHECK-NEXT: %[[CAP:.+]] = arith.constant 3.000000e+01 : f32
// CHECK-NEXT: %[[X:.+]] = arith.divf %[[S]], %[[CAP]] : f32
// CHECK-NEXT: %[[T:.+]] = math.tanh %[[X]] : f32
// CHECK-NEXT: %[[R:.+]] = arith.mulf %[[T]], %[[CAP]] : f32
// CHECK-NEXT: attn.yield %[[R]] : f32
// CHECK-NEXT: }
// CHECK-NEXT: : tensor<?x32x?x128xf32>, tensor<?x8x?x128xf32>, tensor<?x8x?x128xf32> -> tensor<?x32x?x128xf32>
func.func @softcap(%q: tensor<?x32x?x128xf32>, %k: tensor<?x8x?x128xf32>,
                   %v: tensor<?x8x?x128xf32>) -> tensor<?x32x?x128xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.causal)
    score_mod(%s, %b, %h, %i, %j) {
      %cap = arith.constant 30.0 : f32
      %x = arith.divf %s, %cap : f32
      %t = math.tanh %x : f32
      %r = arith.mulf %t, %cap : f32
      attn.yield %r : f32
    }
    : tensor<?x32x?x128xf32>, tensor<?x8x?x128xf32>, tensor<?x8x?x128xf32>
      -> tensor<?x32x?x128xf32>
  return %o : tensor<?x32x?x128xf32>
}

// -----

// A bias input indexed by [h, q, k], used by score_mod.

// CHECK-LABEL: func.func @bias
// CHECK-SAME: %[[BIAS:[^:]+]]: tensor<8x?x?xf32>
// CHECK: attn.attention %{{.+}}, %{{.+}}, %{{.+}} inputs(%[[BIAS]][h, q, k] : tensor<8x?x?xf32>){{$}}
// CHECK-NEXT: score_mod(%[[S:[^,)]+]], %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}, %[[BV:[^,)]+]]) {
// CHECK-NEXT: %[[R:.+]] = arith.addf %[[S]], %[[BV]] : f32
// CHECK-NEXT: attn.yield %[[R]] : f32
func.func @bias(%q: tensor<?x8x?x64xf32>, %k: tensor<?x8x?x64xf32>,
                %v: tensor<?x8x?x64xf32>, %bias: tensor<8x?x?xf32>)
    -> tensor<?x8x?x64xf32> {
  %o = attn.attention %q, %k, %v inputs(%bias[h, q, k] : tensor<8x?x?xf32>)
    score_mod(%s, %b, %h, %i, %j, %bv) {
      %r = arith.addf %s, %bv : f32
      attn.yield %r : f32
    }
    : tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>
      -> tensor<?x8x?x64xf32>
  return %o : tensor<?x8x?x64xf32>
}

// -----

// Broadcast dims indexed by 0, several inputs, an f16 input, a repeated
// index, and both regions.

// CHECK-LABEL: func.func @broadcast_inputs
// CHECK-SAME: %[[SLOPES:[^:]+]]: tensor<1x4x1xf32>, %[[BIAS:[^:]+]]: tensor<1x1x16x32xf16>, %[[DIAG:[^:]+]]: tensor<16x16xf32>
// CHECK: attn.attention %{{.+}}, %{{.+}}, %{{.+}} inputs(%[[SLOPES]][0, h, 0] : tensor<1x4x1xf32>, %[[BIAS]][0, 0, q, k] : tensor<1x1x16x32xf16>, %[[DIAG]][q, q] : tensor<16x16xf32>) scale(5.000000e-01) mask(#attn.causal<bottom_right>){{$}}
// CHECK-NEXT: mask_mod(%{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}) {
// CHECK: attn.yield %{{.+}} : i1
// CHECK-NEXT: }
// CHECK-NEXT: score_mod(%{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}) {
// CHECK: arith.extf %{{.+}} : f16 to f32
// CHECK: attn.yield %{{.+}} : f32
// CHECK-NEXT: }
// CHECK-NEXT: : tensor<2x4x16x8xf32>, tensor<2x4x32x8xf32>, tensor<2x4x32x8xf32> -> tensor<2x4x16x8xf32>, tensor<2x4x16xf32>
func.func @broadcast_inputs(%q: tensor<2x4x16x8xf32>, %k: tensor<2x4x32x8xf32>,
                            %v: tensor<2x4x32x8xf32>, %slopes: tensor<1x4x1xf32>,
                            %bias: tensor<1x1x16x32xf16>, %diag: tensor<16x16xf32>)
    -> (tensor<2x4x16x8xf32>, tensor<2x4x16xf32>) {
  %o, %lse = attn.attention %q, %k, %v
      inputs(%slopes[0, h, 0] : tensor<1x4x1xf32>,
             %bias[0, 0, q, k] : tensor<1x1x16x32xf16>,
             %diag[q, q] : tensor<16x16xf32>)
      scale(0.5) mask(#attn.causal<bottom_right>)
    mask_mod(%b, %h, %i, %j, %sl, %bi, %dg) {
      %zero = arith.constant 0.0 : f32
      %r = arith.cmpf oge, %dg, %zero : f32
      attn.yield %r : i1
    }
    score_mod(%s, %b, %h, %i, %j, %sl, %bi, %dg) {
      %ii = arith.index_cast %i : index to i64
      %jj = arith.index_cast %j : index to i64
      %d = arith.subi %jj, %ii : i64
      %df = arith.sitofp %d : i64 to f32
      %al = arith.mulf %sl, %df : f32
      %b32 = arith.extf %bi : f16 to f32
      %t = arith.addf %s, %al : f32
      %r = arith.addf %t, %b32 : f32
      attn.yield %r : f32
    }
    : tensor<2x4x16x8xf32>, tensor<2x4x32x8xf32>, tensor<2x4x32x8xf32>
      -> tensor<2x4x16x8xf32>, tensor<2x4x16xf32>
  return %o, %lse : tensor<2x4x16x8xf32>, tensor<2x4x16xf32>
}

// -----

// Document ids (integer inputs) in mask_mod: keep a key only inside the
// query's document.

// CHECK-LABEL: func.func @document_mask
// CHECK-SAME: %[[QDOC:[^:]+]]: tensor<?x?xi32>, %[[KDOC:[^:]+]]: tensor<?x?xi32>
// CHECK: attn.attention %{{.+}}, %{{.+}}, %{{.+}} inputs(%[[QDOC]][b, q] : tensor<?x?xi32>, %[[KDOC]][b, k] : tensor<?x?xi32>) mask(#attn.causal){{$}}
// CHECK-NEXT: mask_mod(%{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}, %[[DQ:[^,)]+]], %[[DK:[^,)]+]]) {
// CHECK-NEXT: %[[EQ:.+]] = arith.cmpi eq, %[[DQ]], %[[DK]] : i32
// CHECK-NEXT: attn.yield %[[EQ]] : i1
func.func @document_mask(%q: tensor<?x4x?x64xbf16>, %k: tensor<?x4x?x64xbf16>,
                         %v: tensor<?x4x?x64xbf16>, %qdoc: tensor<?x?xi32>,
                         %kdoc: tensor<?x?xi32>) -> tensor<?x4x?x64xbf16> {
  %o = attn.attention %q, %k, %v
      inputs(%qdoc[b, q] : tensor<?x?xi32>, %kdoc[b, k] : tensor<?x?xi32>)
      mask(#attn.causal)
    mask_mod(%b, %h, %i, %j, %dq, %dk) {
      %eq = arith.cmpi eq, %dq, %dk : i32
      attn.yield %eq : i1
    }
    : tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16>
      -> tensor<?x4x?x64xbf16>
  return %o : tensor<?x4x?x64xbf16>
}

// -----

// Boolean, i8 and f64 inputs; a rank-0 input (empty index list); a dense
// boolean mask tensor [b, h, q, k]; discardable attributes survive.

// CHECK-LABEL: func.func @misc_inputs
// CHECK: attn.attention %{{.+}}, %{{.+}}, %{{.+}} inputs(%{{.+}}[b, h, q, k] : tensor<1x2x4x4xi1>, %{{.+}}[] : tensor<f64>, %{{.+}}[k] : tensor<4xi8>){{$}}
// CHECK-NEXT: mask_mod(%{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}, %[[M:[^,)]+]], %{{.+}}, %{{.+}}) {
// CHECK-NEXT: attn.yield %[[M]] : i1
// CHECK: } {my.tag = "x"}
func.func @misc_inputs(%q: tensor<1x2x4x8xf32>, %k: tensor<1x2x4x8xf32>,
                       %v: tensor<1x2x4x8xf32>, %m: tensor<1x2x4x4xi1>,
                       %t: tensor<f64>, %pos: tensor<4xi8>) -> tensor<1x2x4x8xf32> {
  %o = attn.attention %q, %k, %v
      inputs(%m[b, h, q, k] : tensor<1x2x4x4xi1>, %t[] : tensor<f64>,
             %pos[k] : tensor<4xi8>)
    mask_mod(%b, %h, %i, %j, %mv, %tv, %pv) {
      attn.yield %mv : i1
    }
    {my.tag = "x"}
    : tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>, tensor<1x2x4x8xf32>
      -> tensor<1x2x4x8xf32>
  return %o : tensor<1x2x4x8xf32>
}

// -----

// The structured masks of the pattern library.

// CHECK-LABEL: func.func @structured_masks
// CHECK: mask(#attn.and<[#attn.causal, #attn.or<[#attn.sink<tokens = 4>, #attn.window<left = 256>]>]>)
// CHECK: mask(#attn.blocked<size = 128, align = bottom_right>)
// CHECK: mask(#attn.power)
// CHECK: mask(#attn.power<local = 8>)
func.func @structured_masks(%q: tensor<1x2x?x16xf32>, %k: tensor<1x2x?x16xf32>,
                            %v: tensor<1x2x?x16xf32>)
    -> (tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>,
        tensor<1x2x?x16xf32>) {
  %a = attn.attention %q, %k, %v
    mask(#attn.and<[#attn.causal, #attn.or<[#attn.sink<tokens = 4>, #attn.window<left = 256>]>]>)
    : tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32> -> tensor<1x2x?x16xf32>
  %b = attn.attention %q, %k, %v mask(#attn.blocked<size = 128, align = bottom_right>)
    : tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32> -> tensor<1x2x?x16xf32>
  %c = attn.attention %q, %k, %v mask(#attn.power)
    : tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32> -> tensor<1x2x?x16xf32>
  %d = attn.attention %q, %k, %v mask(#attn.power<local = 8>)
    : tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32> -> tensor<1x2x?x16xf32>
  return %a, %b, %c, %d : tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>, tensor<1x2x?x16xf32>
}

// -----

// Document masks read segment ids from the inputs.

// CHECK-LABEL: func.func @documents
// CHECK: inputs(%{{.+}}[b, q] : tensor<?x?xi32>, %{{.+}}[b, k] : tensor<?x?xi32>)
// CHECK-SAME: mask(#attn.and<[#attn.causal, #attn.document<query = 0, key = 1>]>)
func.func @documents(%q: tensor<?x2x?x16xf32>, %k: tensor<?x2x?x16xf32>,
                     %v: tensor<?x2x?x16xf32>, %qd: tensor<?x?xi32>,
                     %kd: tensor<?x?xi32>) -> tensor<?x2x?x16xf32> {
  %o = attn.attention %q, %k, %v
    inputs(%qd[b, q] : tensor<?x?xi32>, %kd[b, k] : tensor<?x?xi32>)
    mask(#attn.and<[#attn.causal, #attn.document<query = 0, key = 1>]>)
    : tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32> -> tensor<?x2x?x16xf32>
  return %o : tensor<?x2x?x16xf32>
}

// -----

// Epilogue operands: sink logits and an output gate.

// CHECK-LABEL: func.func @epilogue
// CHECK: attn.attention %{{.+}}, %{{.+}}, %{{.+}} mask(#attn.causal) sinks(%{{.+}} : tensor<2xf32>) gate(%{{.+}} : tensor<?x2x?x1xf32>)
func.func @epilogue(%q: tensor<?x2x?x16xf32>, %k: tensor<?x2x?x16xf32>,
                    %v: tensor<?x2x?x16xf32>, %s: tensor<2xf32>,
                    %g: tensor<?x2x?x1xf32>) -> tensor<?x2x?x16xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.causal) sinks(%s : tensor<2xf32>)
    gate(%g : tensor<?x2x?x1xf32>)
    : tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32> -> tensor<?x2x?x16xf32>
  return %o : tensor<?x2x?x16xf32>
}

// -----

// A token tree from parent links, and-ed with a bottom-right window.

// CHECK-LABEL: func.func @tree
// CHECK: attn.attention {{.+}} inputs(%{{.+}}[b, q] : tensor<?x?xi32>)
// CHECK-SAME: mask(#attn.and<[#attn.tree<parent = 0>, #attn.window<left = 64, align = bottom_right>]>)
func.func @tree(%q: tensor<?x4x?x64xf32>, %k: tensor<?x4x?x64xf32>,
                %v: tensor<?x4x?x64xf32>, %p: tensor<?x?xi32>) -> tensor<?x4x?x64xf32> {
  %o = attn.attention %q, %k, %v inputs(%p[b, q] : tensor<?x?xi32>)
    mask(#attn.and<[#attn.tree<parent = 0>, #attn.window<left = 64, align = bottom_right>]>)
    : tensor<?x4x?x64xf32>, tensor<?x4x?x64xf32>, tensor<?x4x?x64xf32> -> tensor<?x4x?x64xf32>
  return %o : tensor<?x4x?x64xf32>
}

// -----

// Score modifier attributes, in order, before a region.

// CHECK-LABEL: func.func @score_attrs
// CHECK: attn.attention {{.+}} mask(#attn.causal) score(#attn.alibi, #attn.softcap<cap = 3.000000e+01 : f64>, #attn.alibi<max_bias = 4.000000e+00 : f64, align = bottom_right>)
func.func @score_attrs(%q: tensor<?x4x?x64xf32>, %k: tensor<?x4x?x64xf32>,
                       %v: tensor<?x4x?x64xf32>) -> tensor<?x4x?x64xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.causal)
    score(#attn.alibi, #attn.softcap<cap = 30.0>, #attn.alibi<max_bias = 4.0, align = bottom_right>)
    : tensor<?x4x?x64xf32>, tensor<?x4x?x64xf32>, tensor<?x4x?x64xf32> -> tensor<?x4x?x64xf32>
  return %o : tensor<?x4x?x64xf32>
}

// -----

// Modifier attributes that read inputs: slopes and per-query factors.

// CHECK-LABEL: func.func @score_attr_inputs
// CHECK: score(#attn.query_scale<input = 1>, #attn.alibi<slopes = 0, align = bottom_right>, #attn.alibi<slopes = 0>)
func.func @score_attr_inputs(%q: tensor<?x4x?x64xf32>, %k: tensor<?x4x?x64xf32>,
                             %v: tensor<?x4x?x64xf32>, %m: tensor<4xf32>,
                             %t: tensor<?x4x?xbf16>) -> tensor<?x4x?x64xf32> {
  %o = attn.attention %q, %k, %v
    inputs(%m[h] : tensor<4xf32>, %t[b, h, q] : tensor<?x4x?xbf16>)
    score(#attn.query_scale<input = 1>, #attn.alibi<slopes = 0, align = bottom_right>, #attn.alibi<slopes = 0>)
    : tensor<?x4x?x64xf32>, tensor<?x4x?x64xf32>, tensor<?x4x?x64xf32> -> tensor<?x4x?x64xf32>
  return %o : tensor<?x4x?x64xf32>
}

// -----

// Neighbourhood attention: defaults are not printed; dilation, stride and
// causal print when any axis differs from 1, 1, false.

// CHECK-LABEL: func.func @neighborhood
// CHECK: mask(#attn.neighborhood<grid = [8, 12], window = [3, 5]>)
// CHECK: mask(#attn.neighborhood<grid = [8, 12], window = [3, 5], dilation = [2, 1], causal = [true, false]>)
// CHECK: mask(#attn.neighborhood<grid = [2, 4, 12], window = [1, 3, 4], stride = [1, 3, 2]>)
func.func @neighborhood(%q: tensor<1x2x96x16xf32>, %k: tensor<1x2x96x16xf32>,
                        %v: tensor<1x2x96x16xf32>) {
  %a = attn.attention %q, %k, %v
    mask(#attn.neighborhood<grid = [8, 12], window = [3, 5], dilation = [1, 1]>)
    : tensor<1x2x96x16xf32>, tensor<1x2x96x16xf32>, tensor<1x2x96x16xf32> -> tensor<1x2x96x16xf32>
  %b = attn.attention %q, %k, %v
    mask(#attn.neighborhood<grid = [8, 12], window = [3, 5], dilation = [2, 1],
                            causal = [true, false]>)
    : tensor<1x2x96x16xf32>, tensor<1x2x96x16xf32>, tensor<1x2x96x16xf32> -> tensor<1x2x96x16xf32>
  %c = attn.attention %q, %k, %v
    mask(#attn.neighborhood<grid = [2, 4, 12], window = [1, 3, 4], stride = [1, 3, 2]>)
    : tensor<1x2x96x16xf32>, tensor<1x2x96x16xf32>, tensor<1x2x96x16xf32> -> tensor<1x2x96x16xf32>
  return
}

// -----

// A low-rank bias, after the epilogue operands.

// CHECK-LABEL: func.func @low_rank_bias
// CHECK: gate(%{{.+}} : tensor<?x4x?x1xf32>) low_rank_bias(%{{.+}}, %{{.+}} : tensor<?x4x?x6xf32>, tensor<?x2x?x6xf32>)
func.func @low_rank_bias(%q: tensor<?x4x?x32xf32>, %k: tensor<?x2x?x32xf32>,
                         %v: tensor<?x2x?x16xf32>, %g: tensor<?x4x?x1xf32>,
                         %u: tensor<?x4x?x6xf32>, %w: tensor<?x2x?x6xf32>)
    -> tensor<?x4x?x16xf32> {
  %o = attn.attention %q, %k, %v gate(%g : tensor<?x4x?x1xf32>)
    low_rank_bias(%u, %w : tensor<?x4x?x6xf32>, tensor<?x2x?x6xf32>)
    : tensor<?x4x?x32xf32>, tensor<?x2x?x32xf32>, tensor<?x2x?x16xf32> -> tensor<?x4x?x16xf32>
  return %o : tensor<?x4x?x16xf32>
}

// -----

// Affine-scaled weights, after a low-rank bias.

// CHECK-LABEL: func.func @affine_weights
// CHECK: low_rank_bias(%{{.+}}, %{{.+}} : tensor<?x4x?x6xf32>, tensor<?x2x?x6xf32>) affine_weights(%[[A:.+]], %[[C:.+]] : tensor<?x4x?xf32>, tensor<?x4x?xbf16>)
func.func @affine_weights(%q: tensor<?x4x?x32xf32>, %k: tensor<?x2x?x32xf32>,
                          %v: tensor<?x2x?x16xf32>, %u: tensor<?x4x?x6xf32>,
                          %w: tensor<?x2x?x6xf32>, %a: tensor<?x4x?xf32>,
                          %c: tensor<?x4x?xbf16>) -> tensor<?x4x?x16xf32> {
  %o = attn.attention %q, %k, %v
    low_rank_bias(%u, %w : tensor<?x4x?x6xf32>, tensor<?x2x?x6xf32>)
    affine_weights(%a, %c : tensor<?x4x?xf32>, tensor<?x4x?xbf16>)
    : tensor<?x4x?x32xf32>, tensor<?x2x?x32xf32>, tensor<?x2x?x16xf32> -> tensor<?x4x?x16xf32>
  return %o : tensor<?x4x?x16xf32>
}

// -----

// Merging partial results of split key ranges.

// CHECK-LABEL: func.func @merge
// CHECK: attn.merge outputs(%{{.+}}, %{{.+}} : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>) lses(%{{.+}}, %{{.+}} : tensor<?x4x?xf32>, tensor<?x4x?xf32>) -> tensor<?x4x?x16xf32>, tensor<?x4x?xf32>
func.func @merge(%o0: tensor<?x4x?x16xf32>, %o1: tensor<?x4x?x16xf32>,
                 %l0: tensor<?x4x?xf32>, %l1: tensor<?x4x?xf32>)
    -> (tensor<?x4x?x16xf32>, tensor<?x4x?xf32>) {
  %o, %lse = attn.merge outputs(%o0, %o1 : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>)
                        lses(%l0, %l1 : tensor<?x4x?xf32>, tensor<?x4x?xf32>)
      -> tensor<?x4x?x16xf32>, tensor<?x4x?xf32>
  return %o, %lse : tensor<?x4x?x16xf32>, tensor<?x4x?xf32>
}

// -----

// Packed and blocked indices: `k floordiv 32` words of a bit mask, one flag
// per 64 x 64 block.

// CHECK-LABEL: func.func @packed_indices
// CHECK: inputs(%{{.+}}[b, h, q, k floordiv 32] : tensor<?x4x?x?xi32>, %{{.+}}[q floordiv 64, k floordiv 64] : tensor<?x?xi1>) mask(#attn.and<[#attn.bitmask<input = 0, bits = 32>, #attn.causal]>)
func.func @packed_indices(%q: tensor<?x4x?x8xf32>, %k: tensor<?x4x?x8xf32>,
                          %v: tensor<?x4x?x8xf32>, %bits: tensor<?x4x?x?xi32>,
                          %blocks: tensor<?x?xi1>) -> tensor<?x4x?x8xf32> {
  %o = attn.attention %q, %k, %v
      inputs(%bits[b, h, q, k floordiv 32] : tensor<?x4x?x?xi32>,
             %blocks[q floordiv 64, k floordiv 64] : tensor<?x?xi1>)
      mask(#attn.and<[#attn.bitmask<input = 0, bits = 32>, #attn.causal]>)
    mask_mod(%b, %h, %i, %j, %w, %blk) {
      attn.yield %blk : i1
    }
    : tensor<?x4x?x8xf32>, tensor<?x4x?x8xf32>, tensor<?x4x?x8xf32>
      -> tensor<?x4x?x8xf32>
  return %o : tensor<?x4x?x8xf32>
}

// -----

// Relative-position bias tables read at `bucket`.

// CHECK-LABEL: func.func @relative_position_tables
// CHECK: inputs(%{{.+}}[h, bucket] : tensor<4x32xf32>, %{{.+}}[bucket] : tensor<32xf32>) buckets(#attn.t5_buckets<buckets = 32, max_distance = 128, bidirectional = false, align = bottom_right>) mask(#attn.causal)
// CHECK-LABEL: func.func @clipped_table
// CHECK: inputs(%{{.+}}[0, h, bucket] : tensor<1x4x17xf32>) buckets(#attn.clipped_buckets<max_distance = 8>){{$}}
func.func @relative_position_tables(%q: tensor<?x4x?x8xf32>, %k: tensor<?x4x?x8xf32>,
                                    %v: tensor<?x4x?x8xf32>, %t: tensor<4x32xf32>,
                                    %shared: tensor<32xf32>) -> tensor<?x4x?x8xf32> {
  %o = attn.attention %q, %k, %v
      inputs(%t[h, bucket] : tensor<4x32xf32>, %shared[bucket] : tensor<32xf32>)
      buckets(#attn.t5_buckets<buckets = 32, max_distance = 128,
                               bidirectional = false, align = bottom_right>)
      mask(#attn.causal)
    score_mod(%s, %b, %h, %i, %j, %x, %y) {
      %r = arith.addf %s, %x : f32
      attn.yield %r : f32
    }
    : tensor<?x4x?x8xf32>, tensor<?x4x?x8xf32>, tensor<?x4x?x8xf32>
      -> tensor<?x4x?x8xf32>
  return %o : tensor<?x4x?x8xf32>
}
func.func @clipped_table(%q: tensor<?x4x?x8xf32>, %k: tensor<?x4x?x8xf32>,
                         %v: tensor<?x4x?x8xf32>, %t: tensor<1x4x17xf32>)
    -> tensor<?x4x?x8xf32> {
  %o = attn.attention %q, %k, %v inputs(%t[0, h, bucket] : tensor<1x4x17xf32>)
      buckets(#attn.clipped_buckets<max_distance = 8>)
    : tensor<?x4x?x8xf32>, tensor<?x4x?x8xf32>, tensor<?x4x?x8xf32>
      -> tensor<?x4x?x8xf32>
  return %o : tensor<?x4x?x8xf32>
}

// -----

// #attn.affine prints its constraints as `form >= 0` / `form == 0` over q, k,
// Lq, Lk; attn.query_length and attn.key_length read the lengths in a region.

// CHECK-LABEL: func.func @affine_mask_and_lengths
// CHECK: mask(#attn.affine<"q - k - Lq + Lk >= 0, -q + k + 255 >= 0, 2 * q - 3 * k == 0">)
// CHECK-NEXT: mask_mod(%{{[^,]+}}, %{{[^,]+}}, %[[I:[^,]+]], %[[J:[^)]+]]) {
// CHECK-NEXT: %[[LQ:.+]] = attn.query_length
// CHECK-NEXT: %[[LK:.+]] = attn.key_length
// CHECK-NEXT: %[[S:.+]] = arith.addi %[[I]], %[[LK]] : index
// CHECK-NEXT: %[[T:.+]] = arith.addi %[[J]], %[[LQ]] : index
// CHECK-NEXT: %[[R:.+]] = arith.cmpi ne, %[[S]], %[[T]] : index
// CHECK-NEXT: attn.yield %[[R]] : i1
func.func @affine_mask_and_lengths(%q: tensor<?x4x?x8xf32>, %k: tensor<?x4x?x8xf32>,
                                   %v: tensor<?x4x?x8xf32>) -> tensor<?x4x?x8xf32> {
  %o = attn.attention %q, %k, %v
    mask(#attn.affine<"k <= q + Lk - Lq, q - k < 256, 2*q == 3 * k">)
    mask_mod(%b, %h, %i, %j) {
      %lq = attn.query_length
      %lk = attn.key_length
      %s = arith.addi %i, %lk : index
      %t = arith.addi %j, %lq : index
      %r = arith.cmpi ne, %s, %t : index
      attn.yield %r : i1
    }
    : tensor<?x4x?x8xf32>, tensor<?x4x?x8xf32>, tensor<?x4x?x8xf32>
      -> tensor<?x4x?x8xf32>
  return %o : tensor<?x4x?x8xf32>
}

// -----

// Position ids of a token tree's nodes, per batch row or for one tree.

// CHECK-LABEL: func.func @tree_positions
// CHECK: attn.tree_positions %{{.+}} : tensor<?x?xi32> -> tensor<?x?xi32>
// CHECK: attn.tree_positions %{{.+}} : tensor<7xi8> -> tensor<7xi64>
func.func @tree_positions(%p: tensor<?x?xi32>, %p1: tensor<7xi8>)
    -> (tensor<?x?xi32>, tensor<7xi64>) {
  %pos = attn.tree_positions %p : tensor<?x?xi32> -> tensor<?x?xi32>
  %pos1 = attn.tree_positions %p1 : tensor<7xi8> -> tensor<7xi64>
  return %pos, %pos1 : tensor<?x?xi32>, tensor<7xi64>
}
