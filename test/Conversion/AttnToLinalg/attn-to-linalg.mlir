// RUN: attnc-opt %s --split-input-file --convert-attn-to-linalg | FileCheck %s

// Dense MHA without mask: Q is viewed as [B, Hkv, G, Lq, D] with G = 1, then
// S = Q.K^T, scale, row max, P = exp(S - m), row sum, P.V, O = acc / Z, and
// the result is collapsed back to [B, Hq, Lq, Dv].

// CHECK-DAG: #[[QMAP:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3, d5)>
// CHECK-DAG: #[[KMAP:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d4, d5)>
// CHECK-DAG: #[[SMAP:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3, d4)>
// CHECK-DAG: #[[ID5:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>
// CHECK-DAG: #[[ROW5:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[VMAP:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d5, d4)>

// CHECK-LABEL: func.func @mha
// CHECK-SAME: (%[[Q:[^:]+]]: tensor<?x8x?x64xf32>, %[[K:[^:]+]]: tensor<?x8x?x64xf32>, %[[V:[^:]+]]: tensor<?x8x?x64xf32>)
// CHECK-NOT: attn.attention
// CHECK: %[[QE:.+]] = tensor.expand_shape %[[Q]] {{\[}}[0], [1, 2], [3], [4]] output_shape [%{{.+}}, 8, 1, %{{.+}}, 64] : tensor<?x8x?x64xf32> into tensor<?x8x1x?x64xf32>
// CHECK: %[[ZERO:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<?x8x1x?x?xf32>)
// S = Q.K^T
// CHECK: %[[QK:.+]] = linalg.generic {indexing_maps = [#[[QMAP]], #[[KMAP]], #[[SMAP]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction"]}
// CHECK-SAME: ins(%[[QE]], %[[K]] : tensor<?x8x1x?x64xf32>, tensor<?x8x?x64xf32>) outs(%[[ZERO]] : tensor<?x8x1x?x?xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
// Scale by the default 1/sqrt(64); no mask, so no select.
// CHECK: %[[S:.+]] = linalg.generic {indexing_maps = [#[[ID5]], #[[ID5]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%[[QK]] : tensor<?x8x1x?x?xf32>)
// CHECK: ^bb0(%[[IN:.+]]: f32, %{{.+}}: f32):
// CHECK: %[[SCALE:.+]] = arith.constant 1.250000e-01 : f32
// CHECK-NEXT: %[[SC:.+]] = arith.mulf %[[IN]], %[[SCALE]] : f32
// CHECK-NEXT: linalg.yield %[[SC]] : f32
// Row max.
// CHECK: %[[M:.+]] = linalg.generic {indexing_maps = [#[[ID5]], #[[ROW5]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%[[S]] : tensor<?x8x1x?x?xf32>)
// CHECK: arith.maximumf
// P = exp(S - m), 0 on rows whose max is -inf.
// CHECK: %[[P:.+]] = linalg.generic {indexing_maps = [#[[ID5]], #[[ROW5]], #[[ID5]]], {{.*}} ins(%[[S]], %[[M]] :
// CHECK: arith.cmpf oeq, %{{.+}}, %{{.+}} : f32
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: arith.select
// Row sum.
// CHECK: %[[Z:.+]] = linalg.generic {indexing_maps = [#[[ID5]], #[[ROW5]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%[[P]] :
// CHECK: arith.addf
// acc = P.V
// CHECK: %[[ACC:.+]] = linalg.generic {indexing_maps = [#[[QMAP]], #[[VMAP]], #[[SMAP]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction"]}
// CHECK-SAME: ins(%[[P]], %[[V]] : tensor<?x8x1x?x?xf32>, tensor<?x8x?x64xf32>)
// CHECK-NOT: arith.extf
// O = acc / Z, 0 where Z = 0.
// CHECK: %[[O:.+]] = linalg.generic {indexing_maps = [#[[ID5]], #[[ROW5]], #[[ID5]]], {{.*}} ins(%[[ACC]], %[[Z]] : tensor<?x8x1x?x64xf32>, tensor<?x8x1x?xf32>) outs(%{{.+}} : tensor<?x8x1x?x64xf32>)
// CHECK: arith.cmpf ogt
// CHECK: arith.divf
// CHECK: arith.select
// CHECK-NOT: arith.truncf
// CHECK: %[[R:.+]] = tensor.collapse_shape %[[O]] {{\[}}[0], [1, 2], [3], [4]] : tensor<?x8x1x?x64xf32> into tensor<?x8x?x64xf32>
// CHECK-NOT: math.log
// CHECK: return %[[R]] : tensor<?x8x?x64xf32>
func.func @mha(%q: tensor<?x8x?x64xf32>, %k: tensor<?x8x?x64xf32>,
               %v: tensor<?x8x?x64xf32>) -> tensor<?x8x?x64xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>
      -> tensor<?x8x?x64xf32>
  return %o : tensor<?x8x?x64xf32>
}

// -----

// GQA: 32 query heads over 8 KV heads gives groups of 4. K and V are read at
// the KV head and never replicated; the query head is kh * 4 + g.

// CHECK-LABEL: func.func @gqa
// CHECK-SAME: (%[[Q:[^:]+]]: tensor<?x32x?x128xf32>, %[[K:[^:]+]]: tensor<?x8x?x128xf32>, %[[V:[^:]+]]: tensor<?x8x?x128xf32>)
// CHECK-NOT: attn.attention
// CHECK: %[[QE:.+]] = tensor.expand_shape %[[Q]] {{\[}}[0], [1, 2], [3], [4]] output_shape [%{{.+}}, 8, 4, %{{.+}}, 128] : tensor<?x32x?x128xf32> into tensor<?x8x4x?x128xf32>
// CHECK: linalg.generic {{.*}} ins(%[[QE]], %[[K]] : tensor<?x8x4x?x128xf32>, tensor<?x8x?x128xf32>) outs(%{{.+}} : tensor<?x8x4x?x?xf32>)
// CHECK: linalg.generic
// CHECK: %[[KH:.+]] = linalg.index 1 : index
// CHECK-NEXT: %[[G:.+]] = linalg.index 2 : index
// CHECK: %[[C4:.+]] = arith.constant 4 : index
// CHECK-NEXT: %[[T:.+]] = arith.muli %[[KH]], %[[C4]] : index
// CHECK-NEXT: arith.addi %[[T]], %[[G]] : index
// CHECK: %[[SCALE:.+]] = arith.constant 0.0883883461 : f32
// CHECK: linalg.generic {{.*}} ins(%{{.+}}, %[[V]] : tensor<?x8x4x?x?xf32>, tensor<?x8x?x128xf32>) outs(%{{.+}} : tensor<?x8x4x?x128xf32>)
// CHECK: tensor.collapse_shape %{{.+}} {{\[}}[0], [1, 2], [3], [4]] : tensor<?x8x4x?x128xf32> into tensor<?x32x?x128xf32>
func.func @gqa(%q: tensor<?x32x?x128xf32>, %k: tensor<?x8x?x128xf32>,
               %v: tensor<?x8x?x128xf32>) -> tensor<?x32x?x128xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<?x32x?x128xf32>, tensor<?x8x?x128xf32>, tensor<?x8x?x128xf32>
      -> tensor<?x32x?x128xf32>
  return %o : tensor<?x32x?x128xf32>
}

// -----

// MQA: every query head reads KV head 0.

// CHECK-LABEL: func.func @mqa
// CHECK: tensor.expand_shape %{{.+}} {{\[}}[0], [1, 2], [3], [4]] output_shape [%{{.+}}, 1, 16, %{{.+}}, 64] : tensor<?x16x?x64xf32> into tensor<?x1x16x?x64xf32>
// CHECK: arith.constant 16 : index
// CHECK: tensor.collapse_shape %{{.+}} {{\[}}[0], [1, 2], [3], [4]] : tensor<?x1x16x?x32xf32> into tensor<?x16x?x32xf32>
func.func @mqa(%q: tensor<?x16x?x64xf32>, %k: tensor<?x1x?x64xf32>,
               %v: tensor<?x1x?x32xf32>) -> tensor<?x16x?x32xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<?x16x?x64xf32>, tensor<?x1x?x64xf32>, tensor<?x1x?x32xf32>
      -> tensor<?x16x?x32xf32>
  return %o : tensor<?x16x?x32xf32>
}

// -----

// Causal mask: key j is kept for query i when j <= i; masked scores become
// -inf (0xFF800000) in the same generic that applies the scale.

// CHECK-LABEL: func.func @causal
// CHECK: linalg.generic
// CHECK: linalg.generic
// CHECK: %[[I:.+]] = linalg.index 3 : index
// CHECK-NEXT: %[[J:.+]] = linalg.index 4 : index
// CHECK: %[[SC:.+]] = arith.mulf %{{.+}}, %{{.+}} : f32
// CHECK-NEXT: %[[KEEP:.+]] = arith.cmpi sle, %[[J]], %[[I]] : index
// CHECK-NEXT: %[[NINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK-NEXT: %[[SEL:.+]] = arith.select %[[KEEP]], %[[SC]], %[[NINF]] : f32
// CHECK-NEXT: linalg.yield %[[SEL]] : f32
// CHECK: arith.maximumf
func.func @causal(%q: tensor<?x4x?x16xf32>, %k: tensor<?x4x?x16xf32>,
                  %v: tensor<?x4x?x16xf32>) -> tensor<?x4x?x16xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.causal)
    : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>
      -> tensor<?x4x?x16xf32>
  return %o : tensor<?x4x?x16xf32>
}

// -----

// Bottom-right causal: query i sits at key position i + (Lk - Lq). An explicit
// scale replaces 1/sqrt(D).

// CHECK-LABEL: func.func @causal_bottom_right
// CHECK-SAME: (%[[Q:[^:]+]]: tensor<?x4x?x16xf32>, %[[K:[^:]+]]: tensor<?x4x?x16xf32>
// CHECK: %[[LK:.+]] = tensor.dim %[[K]], %c2{{.*}} : tensor<?x4x?x16xf32>
// CHECK: linalg.generic
// CHECK: %[[I:.+]] = linalg.index 3 : index
// CHECK-NEXT: %[[J:.+]] = linalg.index 4 : index
// CHECK: arith.constant 2.000000e+00 : f32
// CHECK: %[[OFF:.+]] = arith.subi %[[LK]], %{{.+}} : index
// CHECK-NEXT: %[[P:.+]] = arith.addi %[[I]], %[[OFF]] : index
// CHECK-NEXT: %[[KEEP:.+]] = arith.cmpi sle, %[[J]], %[[P]] : index
// CHECK: arith.select %[[KEEP]]
func.func @causal_bottom_right(%q: tensor<?x4x?x16xf32>, %k: tensor<?x4x?x16xf32>,
                               %v: tensor<?x4x?x16xf32>) -> tensor<?x4x?x16xf32> {
  %o = attn.attention %q, %k, %v scale(2.0) mask(#attn.causal<bottom_right>)
    : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>
      -> tensor<?x4x?x16xf32>
  return %o : tensor<?x4x?x16xf32>
}

// -----

// Sliding window: p <= j + left and j <= p + right.

// CHECK-LABEL: func.func @window
// CHECK: %[[I:.+]] = linalg.index 3 : index
// CHECK-NEXT: %[[J:.+]] = linalg.index 4 : index
// CHECK: %[[C4:.+]] = arith.constant 4 : index
// CHECK-NEXT: %[[JL:.+]] = arith.addi %[[J]], %[[C4]] : index
// CHECK-NEXT: %[[LO:.+]] = arith.cmpi sle, %[[I]], %[[JL]] : index
// CHECK-NEXT: %[[C2:.+]] = arith.constant 2 : index
// CHECK-NEXT: %[[IR:.+]] = arith.addi %[[I]], %[[C2]] : index
// CHECK-NEXT: %[[HI:.+]] = arith.cmpi sle, %[[J]], %[[IR]] : index
// CHECK-NEXT: %[[KEEP:.+]] = arith.andi %[[LO]], %[[HI]] : i1
// CHECK: arith.select %[[KEEP]]
func.func @window(%q: tensor<?x4x?x16xf32>, %k: tensor<?x4x?x16xf32>,
                  %v: tensor<?x4x?x16xf32>) -> tensor<?x4x?x16xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.window<left = 4, right = 2>)
    : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>
      -> tensor<?x4x?x16xf32>
  return %o : tensor<?x4x?x16xf32>
}

// -----

// Composite masks: or of prefix-LM and not(window), and-ed with causal.

// CHECK-LABEL: func.func @composite
// CHECK: %[[I:.+]] = linalg.index 3 : index
// CHECK-NEXT: %[[J:.+]] = linalg.index 4 : index
// CHECK: %[[CAUSAL:.+]] = arith.cmpi sle, %[[J]], %[[I]] : index
// CHECK-NEXT: %[[C8:.+]] = arith.constant 8 : index
// CHECK-NEXT: %[[INP:.+]] = arith.cmpi slt, %[[J]], %[[C8]] : index
// CHECK-NEXT: %[[LEFT:.+]] = arith.cmpi sle, %[[J]], %[[I]] : index
// CHECK-NEXT: %[[PLM:.+]] = arith.ori %[[INP]], %[[LEFT]] : i1
// CHECK: %[[WIN:.+]] = arith.andi %{{.+}}, %{{.+}} : i1
// CHECK-NEXT: %[[TRUE:.+]] = arith.constant true
// CHECK-NEXT: %[[NOTWIN:.+]] = arith.xori %[[WIN]], %[[TRUE]] : i1
// CHECK-NEXT: %[[OR:.+]] = arith.ori %[[PLM]], %[[NOTWIN]] : i1
// CHECK-NEXT: %[[KEEP:.+]] = arith.andi %[[CAUSAL]], %[[OR]] : i1
// CHECK: arith.select %[[KEEP]]
func.func @composite(%q: tensor<?x4x?x16xf32>, %k: tensor<?x4x?x16xf32>,
                     %v: tensor<?x4x?x16xf32>) -> tensor<?x4x?x16xf32> {
  %o = attn.attention %q, %k, %v
      mask(#attn.and<[#attn.causal,
                      #attn.or<[#attn.prefix_lm<prefix = 8>,
                                #attn.not<#attn.window<left = 1, right = 1>>]>]>)
    : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>
      -> tensor<?x4x?x16xf32>
  return %o : tensor<?x4x?x16xf32>
}

// -----

// score_mod is inlined into the scale/mask generic after the scale, with the
// region's constants cloned into the body.

// CHECK-LABEL: func.func @softcap
// CHECK: linalg.generic
// CHECK: linalg.generic
// CHECK: %[[SCALE:.+]] = arith.constant 0.0883883461 : f32
// CHECK-NEXT: %[[S:.+]] = arith.mulf %{{.+}}, %[[SCALE]] : f32
// CHECK-NEXT: %[[CAP:.+]] = arith.constant 3.000000e+01 : f32
// CHECK-NEXT: %[[X:.+]] = arith.divf %[[S]], %[[CAP]] : f32
// CHECK-NEXT: %[[T:.+]] = math.tanh %[[X]] : f32
// CHECK-NEXT: %[[R:.+]] = arith.mulf %[[T]], %[[CAP]] : f32
// CHECK-NEXT: %[[KEEP:.+]] = arith.cmpi sle
// CHECK-NEXT: %[[NINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK-NEXT: arith.select %[[KEEP]], %[[R]], %[[NINF]] : f32
// CHECK-NOT: attn.yield
// CHECK: arith.maximumf
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

// The lse result: m + log Z, -inf where Z = 0, collapsed to [B, Hq, Lq].

// CHECK-LABEL: func.func @lse
// CHECK: %[[M:.+]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]
// CHECK: arith.maximumf
// CHECK: %[[Z:.+]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]
// CHECK: arith.addf
// CHECK: %[[O:.+]] = tensor.collapse_shape %{{.+}} {{\[}}[0], [1, 2], [3], [4]] : tensor<?x2x4x?x64xf32> into tensor<?x8x?x64xf32>
// CHECK: %[[L:.+]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[M]], %[[Z]] : tensor<?x2x4x?xf32>, tensor<?x2x4x?xf32>)
// CHECK: ^bb0(%[[MV:.+]]: f32, %[[ZV:.+]]: f32, %{{.+}}: f32):
// CHECK: %[[POS:.+]] = arith.cmpf ogt, %[[ZV]], %{{.+}} : f32
// CHECK-NEXT: %[[LOG:.+]] = math.log %[[ZV]] : f32
// CHECK-NEXT: %[[SUM:.+]] = arith.addf %[[MV]], %[[LOG]] : f32
// CHECK-NEXT: %[[SEL:.+]] = arith.select %[[POS]], %[[SUM]], %{{.+}} : f32
// CHECK-NEXT: linalg.yield %[[SEL]] : f32
// CHECK: %[[LSE:.+]] = tensor.collapse_shape %[[L]] {{\[}}[0], [1, 2], [3]] : tensor<?x2x4x?xf32> into tensor<?x8x?xf32>
// CHECK: return %[[O]], %[[LSE]] : tensor<?x8x?x64xf32>, tensor<?x8x?xf32>
func.func @lse(%q: tensor<?x8x?x64xf32>, %k: tensor<?x2x?x64xf32>,
               %v: tensor<?x2x?x64xf32>) -> (tensor<?x8x?x64xf32>, tensor<?x8x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v
    : tensor<?x8x?x64xf32>, tensor<?x2x?x64xf32>, tensor<?x2x?x64xf32>
      -> tensor<?x8x?x64xf32>, tensor<?x8x?xf32>
  return %o, %lse : tensor<?x8x?x64xf32>, tensor<?x8x?xf32>
}

// -----

// Extra inputs are read with tensor.extract inside the scale/mask generic at
// their index maps: [h, q, k] with h the query head, and a broadcast 0.

// CHECK-LABEL: func.func @bias
// CHECK-SAME: %[[BIAS:[^:]+]]: tensor<8x?x?xf32>, %[[SLOPES:[^:]+]]: tensor<1x8xf32>
// CHECK: linalg.generic
// CHECK: linalg.generic
// CHECK-NOT: tensor.extract
// CHECK: ^bb0(
// CHECK: %[[I:.+]] = linalg.index 3 : index
// CHECK-NEXT: %[[J:.+]] = linalg.index 4 : index
// CHECK: %[[H:.+]] = arith.addi %{{.+}}, %{{.+}} : index
// CHECK-NEXT: %[[BV:.+]] = tensor.extract %[[BIAS]][%[[H]], %[[I]], %[[J]]] : tensor<8x?x?xf32>
// CHECK-NEXT: %[[C0:.+]] = arith.constant 0 : index
// CHECK-NEXT: %[[SV:.+]] = tensor.extract %[[SLOPES]][%[[C0]], %[[H]]] : tensor<1x8xf32>
// CHECK: %[[S:.+]] = arith.mulf %{{.+}}, %{{.+}} : f32
// CHECK-NEXT: %[[T:.+]] = arith.mulf %[[SV]], %[[S]] : f32
// CHECK-NEXT: %[[R:.+]] = arith.addf %[[T]], %[[BV]] : f32
// CHECK-NEXT: linalg.yield %[[R]] : f32
func.func @bias(%q: tensor<?x8x?x64xf32>, %k: tensor<?x4x?x64xf32>,
                %v: tensor<?x4x?x64xf32>, %bias: tensor<8x?x?xf32>,
                %slopes: tensor<1x8xf32>) -> tensor<?x8x?x64xf32> {
  %o = attn.attention %q, %k, %v
      inputs(%bias[h, q, k] : tensor<8x?x?xf32>, %slopes[0, h] : tensor<1x8xf32>)
    score_mod(%s, %b, %h, %i, %j, %bv, %sl) {
      %t = arith.mulf %sl, %s : f32
      %r = arith.addf %t, %bv : f32
      attn.yield %r : f32
    }
    : tensor<?x8x?x64xf32>, tensor<?x4x?x64xf32>, tensor<?x4x?x64xf32>
      -> tensor<?x8x?x64xf32>
  return %o : tensor<?x8x?x64xf32>
}

// -----

// Document ids through mask_mod, combined with the mask attribute by andi.

// CHECK-LABEL: func.func @document_mask
// CHECK-SAME: %[[DOC:[^:]+]]: tensor<?x?xi32>
// CHECK: linalg.generic
// CHECK: linalg.generic
// CHECK: %[[B:.+]] = linalg.index 0 : index
// CHECK: %[[I:.+]] = linalg.index 3 : index
// CHECK-NEXT: %[[J:.+]] = linalg.index 4 : index
// CHECK: %[[DQ:.+]] = tensor.extract %[[DOC]][%[[B]], %[[I]]] : tensor<?x?xi32>
// CHECK-NEXT: %[[DK:.+]] = tensor.extract %[[DOC]][%[[B]], %[[J]]] : tensor<?x?xi32>
// CHECK: %[[CAUSAL:.+]] = arith.cmpi sle, %[[J]], %[[I]] : index
// CHECK-NEXT: %[[SAME:.+]] = arith.cmpi eq, %[[DQ]], %[[DK]] : i32
// CHECK-NEXT: %[[KEEP:.+]] = arith.andi %[[CAUSAL]], %[[SAME]] : i1
// CHECK-NEXT: %[[NINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK-NEXT: arith.select %[[KEEP]], %{{.+}}, %[[NINF]] : f32
func.func @document_mask(%q: tensor<?x4x?x64xf32>, %k: tensor<?x4x?x64xf32>,
                         %v: tensor<?x4x?x64xf32>, %doc: tensor<?x?xi32>)
    -> tensor<?x4x?x64xf32> {
  %o = attn.attention %q, %k, %v
      inputs(%doc[b, q] : tensor<?x?xi32>, %doc[b, k] : tensor<?x?xi32>)
      mask(#attn.causal)
    mask_mod(%b, %h, %i, %j, %dq, %dk) {
      %same = arith.cmpi eq, %dq, %dk : i32
      attn.yield %same : i1
    }
    : tensor<?x4x?x64xf32>, tensor<?x4x?x64xf32>, tensor<?x4x?x64xf32>
      -> tensor<?x4x?x64xf32>
  return %o : tensor<?x4x?x64xf32>
}

// -----

// f16 operands: the products are taken in f32 (arith.extf on Q, K and V) and
// the output is truncated back to f16; the lse stays f32.

// CHECK-LABEL: func.func @f16
// CHECK: linalg.generic {{.*}} ins(%{{.+}}, %{{.+}} : tensor<?x2x1x?x32xf16>, tensor<?x2x?x32xf16>) outs(%{{.+}} : tensor<?x2x1x?x?xf32>)
// CHECK-NEXT: ^bb0(%[[A:.+]]: f16, %[[B:.+]]: f16, %[[ACC:.+]]: f32):
// CHECK-NEXT: %[[AF:.+]] = arith.extf %[[A]] : f16 to f32
// CHECK-NEXT: %[[BF:.+]] = arith.extf %[[B]] : f16 to f32
// CHECK-NEXT: %[[P:.+]] = arith.mulf %[[AF]], %[[BF]] : f32
// CHECK-NEXT: arith.addf %[[ACC]], %[[P]] : f32
// P.V
// CHECK: linalg.generic {{.*}} ins(%{{.+}}, %{{.+}} : tensor<?x2x1x?x?xf32>, tensor<?x2x?x32xf16>) outs(%{{.+}} : tensor<?x2x1x?x32xf32>)
// CHECK-NEXT: ^bb0(%[[PV:.+]]: f32, %[[VV:.+]]: f16, %{{.+}}: f32):
// CHECK-NEXT: %[[VF:.+]] = arith.extf %[[VV]] : f16 to f32
// CHECK-NEXT: arith.mulf %[[PV]], %[[VF]] : f32
// Normalisation writes f16.
// CHECK: linalg.generic {{.*}} outs(%{{.+}} : tensor<?x2x1x?x32xf16>)
// CHECK: %[[O:.+]] = arith.select
// CHECK-NEXT: %[[OT:.+]] = arith.truncf %[[O]] : f32 to f16
// CHECK-NEXT: linalg.yield %[[OT]] : f16
// CHECK: tensor.collapse_shape %{{.+}} {{\[}}[0], [1, 2], [3], [4]] : tensor<?x2x1x?x32xf16> into tensor<?x2x?x32xf16>
// CHECK: tensor.collapse_shape %{{.+}} {{\[}}[0], [1, 2], [3]] : tensor<?x2x1x?xf32> into tensor<?x2x?xf32>
func.func @f16(%q: tensor<?x2x?x32xf16>, %k: tensor<?x2x?x32xf16>,
               %v: tensor<?x2x?x32xf16>) -> (tensor<?x2x?x32xf16>, tensor<?x2x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v
    : tensor<?x2x?x32xf16>, tensor<?x2x?x32xf16>, tensor<?x2x?x32xf16>
      -> tensor<?x2x?x32xf16>, tensor<?x2x?xf32>
  return %o, %lse : tensor<?x2x?x32xf16>, tensor<?x2x?xf32>
}

// -----

// bf16 works the same way.

// CHECK-LABEL: func.func @bf16
// CHECK: arith.extf %{{.+}} : bf16 to f32
// CHECK: arith.truncf %{{.+}} : f32 to bf16
// CHECK: tensor.collapse_shape %{{.+}} : tensor<?x4x1x?x16xbf16> into tensor<?x4x?x16xbf16>
func.func @bf16(%q: tensor<?x4x?x16xbf16>, %k: tensor<?x4x?x16xbf16>,
                %v: tensor<?x4x?x16xbf16>) -> tensor<?x4x?x16xbf16> {
  %o = attn.attention %q, %k, %v
    : tensor<?x4x?x16xbf16>, tensor<?x4x?x16xbf16>, tensor<?x4x?x16xbf16>
      -> tensor<?x4x?x16xbf16>
  return %o : tensor<?x4x?x16xbf16>
}

// -----

// Several attention ops in one function are all lowered.

// CHECK-LABEL: func.func @two_ops
// CHECK-NOT: attn.attention
// CHECK-COUNT-2: tensor.collapse_shape
// CHECK-NOT: attn.attention
// CHECK: return
func.func @two_ops(%q: tensor<?x4x?x16xf32>, %k: tensor<?x4x?x16xf32>,
                   %v: tensor<?x4x?x16xf32>) -> tensor<?x4x?x16xf32> {
  %0 = attn.attention %q, %k, %v mask(#attn.causal)
    : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>
      -> tensor<?x4x?x16xf32>
  %1 = attn.attention %0, %k, %v
    : tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>, tensor<?x4x?x16xf32>
      -> tensor<?x4x?x16xf32>
  return %1 : tensor<?x4x?x16xf32>
}

// -----

// Static shapes: no tensor.dim, static tensor.empty, and the expanded and
// collapsed types stay static.

// CHECK-LABEL: func.func @mha_static
// CHECK-SAME: (%[[Q:[^:]+]]: tensor<2x4x8x16xf32>
// CHECK-NOT: tensor.dim
// CHECK: tensor.expand_shape %[[Q]] {{\[}}[0], [1, 2], [3], [4]] output_shape [2, 4, 1, 8, 16] : tensor<2x4x8x16xf32> into tensor<2x4x1x8x16xf32>
// CHECK: tensor.empty() : tensor<2x4x1x8x8xf32>
// CHECK: arith.constant 2.500000e-01 : f32
// CHECK: tensor.empty() : tensor<2x4x1x8xf32>
// CHECK: %[[O:.+]] = tensor.collapse_shape %{{.+}} {{\[}}[0], [1, 2], [3], [4]] : tensor<2x4x1x8x16xf32> into tensor<2x4x8x16xf32>
// CHECK-NOT: tensor.dim
// CHECK: return %[[O]] : tensor<2x4x8x16xf32>
func.func @mha_static(%q: tensor<2x4x8x16xf32>, %k: tensor<2x4x8x16xf32>,
                      %v: tensor<2x4x8x16xf32>) -> tensor<2x4x8x16xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>, tensor<2x4x8x16xf32>
      -> tensor<2x4x8x16xf32>
  return %o : tensor<2x4x8x16xf32>
}

// -----

// Mixed static and dynamic sizes: static B and Lk, dynamic Lq, with a
// bottom-right causal mask (Lk is the constant 12) and the lse.

// CHECK-LABEL: func.func @mixed_static_dynamic
// CHECK-SAME: (%[[Q:[^:]+]]: tensor<2x4x?x16xf32>
// CHECK: tensor.expand_shape %[[Q]] {{\[}}[0], [1, 2], [3], [4]] output_shape [2, 4, 1, %{{.+}}, 16] : tensor<2x4x?x16xf32> into tensor<2x4x1x?x16xf32>
// CHECK: tensor.empty(%{{[^,]+}}) : tensor<2x4x1x?x12xf32>
// CHECK: %[[LK:.+]] = arith.constant 12 : index
// CHECK: linalg.generic
// CHECK: %[[I:.+]] = linalg.index 3 : index
// CHECK-NEXT: %[[J:.+]] = linalg.index 4 : index
// CHECK: %[[OFF:.+]] = arith.subi %[[LK]], %{{.+}} : index
// CHECK-NEXT: %[[P:.+]] = arith.addi %[[I]], %[[OFF]] : index
// CHECK-NEXT: arith.cmpi sle, %[[J]], %[[P]] : index
// CHECK: tensor.collapse_shape %{{.+}} {{\[}}[0], [1, 2], [3], [4]] : tensor<2x4x1x?x16xf32> into tensor<2x4x?x16xf32>
// CHECK: math.log
// CHECK: tensor.collapse_shape %{{.+}} {{\[}}[0], [1, 2], [3]] : tensor<2x4x1x?xf32> into tensor<2x4x?xf32>
func.func @mixed_static_dynamic(%q: tensor<2x4x?x16xf32>, %k: tensor<2x4x12x16xf32>,
                                %v: tensor<2x4x12x16xf32>)
    -> (tensor<2x4x?x16xf32>, tensor<2x4x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v mask(#attn.causal<bottom_right>)
    : tensor<2x4x?x16xf32>, tensor<2x4x12x16xf32>, tensor<2x4x12x16xf32>
      -> tensor<2x4x?x16xf32>, tensor<2x4x?xf32>
  return %o, %lse : tensor<2x4x?x16xf32>, tensor<2x4x?xf32>
}
