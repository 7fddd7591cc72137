// RUN: attnc-opt %s --split-input-file --attn-raise-mask-mod | FileCheck %s

// q >= k is the causal mask; the region goes.

// CHECK-LABEL: func.func @causal
// CHECK: mask(#attn.causal)
// CHECK-NOT: mask_mod
func.func @causal(%q: tensor<?x2x?x16xf32>, %k: tensor<?x2x?x16xf32>, %v: tensor<?x2x?x16xf32>) -> tensor<?x2x?x16xf32> {
  %o = attn.attention %q, %k, %v
    mask_mod(%b, %h, %i, %j) {
      %keep = arith.cmpi sge, %i, %j : index
      attn.yield %keep : i1
    }
    : tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32> -> tensor<?x2x?x16xf32>
  return %o : tensor<?x2x?x16xf32>
}

// -----

// q + (Lk - Lq) >= k, with the runtime lengths, is bottom-right causal.

// CHECK-LABEL: func.func @bottom_right
// CHECK: mask(#attn.causal<bottom_right>)
// CHECK-NOT: mask_mod
func.func @bottom_right(%q: tensor<?x2x?x16xf32>, %k: tensor<?x2x?x16xf32>, %v: tensor<?x2x?x16xf32>) -> tensor<?x2x?x16xf32> {
  %o = attn.attention %q, %k, %v
    mask_mod(%b, %h, %i, %j) {
      %lq = attn.query_length
      %lk = attn.key_length
      %off = arith.subi %lk, %lq : index
      %p = arith.addi %i, %off : index
      %keep = arith.cmpi sge, %p, %j : index
      attn.yield %keep : i1
    }
    : tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32> -> tensor<?x2x?x16xf32>
  return %o : tensor<?x2x?x16xf32>
}

// -----

// 0 <= q - k < 257, as two conjuncts, is a causal window of 256.

// CHECK-LABEL: func.func @window
// CHECK: mask(#attn.window<left = 256>)
// CHECK-NOT: mask_mod
func.func @window(%q: tensor<?x2x?x16xf32>, %k: tensor<?x2x?x16xf32>, %v: tensor<?x2x?x16xf32>) -> tensor<?x2x?x16xf32> {
  %o = attn.attention %q, %k, %v
    mask_mod(%b, %h, %i, %j) {
      %d = arith.subi %i, %j : index
      %c0 = arith.constant 0 : index
      %c257 = arith.constant 257 : index
      %past = arith.cmpi sge, %d, %c0 : index
      %near = arith.cmpi slt, %d, %c257 : index
      %keep = arith.andi %past, %near : i1
      attn.yield %keep : i1
    }
    : tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32> -> tensor<?x2x?x16xf32>
  return %o : tensor<?x2x?x16xf32>
}

// -----

// A symmetric band, bottom-right aligned: k - 8 <= q + Lk - Lq <= k + 4.

// CHECK-LABEL: func.func @band
// CHECK: mask(#attn.window<left = 4, right = 8, align = bottom_right>)
func.func @band(%q: tensor<?x2x?x16xf32>, %k: tensor<?x2x?x16xf32>, %v: tensor<?x2x?x16xf32>) -> tensor<?x2x?x16xf32> {
  %o = attn.attention %q, %k, %v
    mask_mod(%b, %h, %i, %j) {
      %lq = attn.query_length
      %lk = attn.key_length
      %off = arith.subi %lk, %lq : index
      %p = arith.addi %i, %off : index
      %c4 = arith.constant 4 : index
      %c8 = arith.constant 8 : index
      %lo = arith.addi %j, %c4 : index
      %hi = arith.subi %j, %c8 : index
      %a = arith.cmpi sle, %p, %lo : index
      %b2 = arith.cmpi sge, %p, %hi : index
      %keep = arith.andi %a, %b2 : i1
      attn.yield %keep : i1
    }
    : tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32> -> tensor<?x2x?x16xf32>
  return %o : tensor<?x2x?x16xf32>
}

// -----

// k < 64 or q >= k is prefix-LM.

// CHECK-LABEL: func.func @prefix_lm
// CHECK: mask(#attn.prefix_lm<prefix = 64>)
// CHECK-NOT: mask_mod
func.func @prefix_lm(%q: tensor<?x2x?x16xf32>, %k: tensor<?x2x?x16xf32>, %v: tensor<?x2x?x16xf32>) -> tensor<?x2x?x16xf32> {
  %o = attn.attention %q, %k, %v
    mask_mod(%b, %h, %i, %j) {
      %c64 = arith.constant 64 : index
      %pre = arith.cmpi slt, %j, %c64 : index
      %causal = arith.cmpi sge, %i, %j : index
      %keep = arith.ori %pre, %causal : i1
      attn.yield %keep : i1
    }
    : tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32> -> tensor<?x2x?x16xf32>
  return %o : tensor<?x2x?x16xf32>
}

// -----

// Sink tokens or a window (StreamingLLM) keeps the or.

// CHECK-LABEL: func.func @sink_window
// CHECK: mask(#attn.or<[#attn.sink<tokens = 4>, #attn.window<left = 128>]>)
func.func @sink_window(%q: tensor<?x2x?x16xf32>, %k: tensor<?x2x?x16xf32>, %v: tensor<?x2x?x16xf32>) -> tensor<?x2x?x16xf32> {
  %o = attn.attention %q, %k, %v
    mask_mod(%b, %h, %i, %j) {
      %c4 = arith.constant 4 : index
      %c128 = arith.constant 128 : index
      %c0 = arith.constant 0 : index
      %sink = arith.cmpi slt, %j, %c4 : index
      %d = arith.subi %i, %j : index
      %a = arith.cmpi sge, %d, %c0 : index
      %n = arith.cmpi sle, %d, %c128 : index
      %w = arith.andi %a, %n : i1
      %keep = arith.ori %sink, %w : i1
      attn.yield %keep : i1
    }
    : tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32> -> tensor<?x2x?x16xf32>
  return %o : tensor<?x2x?x16xf32>
}

// -----

// Forms no named mask expresses stay affine: 2q >= 3k - 5, q == k, q != k.

// CHECK-LABEL: func.func @general
// CHECK: mask(#attn.and<[#attn.or<[#attn.affine<"q - k - 1 >= 0">, #attn.affine<"-q + k - 1 >= 0">]>, #attn.affine<"2 * q - 3 * k + 5 >= 0, q - k == 0">]>)
// CHECK-NOT: mask_mod
func.func @general(%q: tensor<?x2x?x16xf32>, %k: tensor<?x2x?x16xf32>, %v: tensor<?x2x?x16xf32>) -> tensor<?x2x?x16xf32> {
  %o = attn.attention %q, %k, %v
    mask_mod(%b, %h, %i, %j) {
      %c2 = arith.constant 2 : index
      %c3 = arith.constant 3 : index
      %c5 = arith.constant 5 : index
      %q2 = arith.muli %c2, %i : index
      %k3 = arith.muli %j, %c3 : index
      %rhs = arith.subi %k3, %c5 : index
      %a = arith.cmpi sge, %q2, %rhs : index
      %ne = arith.cmpi ne, %i, %j : index
      %eq = arith.cmpi eq, %i, %j : index
      %a1 = arith.andi %a, %ne : i1
      %keep = arith.andi %a1, %eq : i1
      attn.yield %keep : i1
    }
    : tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32> -> tensor<?x2x?x16xf32>
  return %o : tensor<?x2x?x16xf32>
}

// -----

// xori with true is a negation.

// CHECK-LABEL: func.func @negation
// CHECK: mask(#attn.not<#attn.causal>)
func.func @negation(%q: tensor<?x2x?x16xf32>, %k: tensor<?x2x?x16xf32>, %v: tensor<?x2x?x16xf32>) -> tensor<?x2x?x16xf32> {
  %o = attn.attention %q, %k, %v
    mask_mod(%b, %h, %i, %j) {
      %true = arith.constant true
      %c = arith.cmpi sge, %i, %j : index
      %keep = arith.xori %c, %true : i1
      attn.yield %keep : i1
    }
    : tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32> -> tensor<?x2x?x16xf32>
  return %o : tensor<?x2x?x16xf32>
}

// -----

// A conjunct on the head stays in the region; the affine one is raised and
// and-ed with the mask already there.

// CHECK-LABEL: func.func @partial
// CHECK: mask(#attn.and<[#attn.sink<tokens = 2>, #attn.causal]>)
// CHECK: mask_mod(%{{.+}}, %[[H:.+]], %{{.+}}, %{{.+}}) {
// CHECK-NEXT: %[[C1:.+]] = arith.constant 1 : index
// CHECK-NEXT: %[[E:.+]] = arith.cmpi eq, %[[H]], %[[C1]] : index
// CHECK-NEXT: attn.yield %[[E]] : i1
func.func @partial(%q: tensor<?x2x?x16xf32>, %k: tensor<?x2x?x16xf32>, %v: tensor<?x2x?x16xf32>) -> tensor<?x2x?x16xf32> {
  %o = attn.attention %q, %k, %v
    mask(#attn.sink<tokens = 2>)
    mask_mod(%b, %h, %i, %j) {
      %c1 = arith.constant 1 : index
      %head = arith.cmpi eq, %h, %c1 : index
      %causal = arith.cmpi sge, %i, %j : index
      %keep = arith.andi %causal, %head : i1
      attn.yield %keep : i1
    }
    : tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32> -> tensor<?x2x?x16xf32>
  return %o : tensor<?x2x?x16xf32>
}

// -----

// Not raised: an or with a non-affine part, an unsigned compare, a product
// of q and k, a division, a constant beyond 2^40, an extra input. The last
// conjunct, q >= k, is.

// CHECK-LABEL: func.func @opaque
// CHECK: mask(#attn.causal)
// CHECK: mask_mod
// CHECK-DAG: arith.ori
// CHECK-DAG: arith.cmpi uge
// CHECK-DAG: arith.muli
// CHECK-DAG: arith.floordivsi
// CHECK-DAG: arith.constant 2000000000000000
// CHECK-COUNT-5: arith.andi
// CHECK-NOT: arith.andi
// CHECK: attn.yield
func.func @opaque(%q: tensor<?x2x?x16xf32>, %k: tensor<?x2x?x16xf32>, %v: tensor<?x2x?x16xf32>, %flags: tensor<2x?x?xi1>) -> tensor<?x2x?x16xf32> {
  %o = attn.attention %q, %k, %v
    inputs(%flags[h, q, k] : tensor<2x?x?xi1>)
    mask_mod(%b, %h, %i, %j, %x) {
      %c1 = arith.constant 1 : index
      %c3 = arith.constant 3 : index
      %big = arith.constant 2000000000000000 : index
      %head = arith.cmpi eq, %h, %c1 : index
      %causal = arith.cmpi sge, %i, %j : index
      %or = arith.ori %head, %causal : i1
      %u = arith.cmpi uge, %i, %j : index
      %ij = arith.muli %i, %j : index
      %sq = arith.cmpi sge, %ij, %c3 : index
      %div = arith.floordivsi %i, %c3 : index
      %blk = arith.cmpi sge, %div, %j : index
      %far = arith.addi %j, %big : index
      %huge = arith.cmpi sge, %i, %far : index
      %a1 = arith.andi %or, %u : i1
      %a2 = arith.andi %a1, %sq : i1
      %a3 = arith.andi %a2, %blk : i1
      %a4 = arith.andi %a3, %huge : i1
      %a5 = arith.andi %a4, %x : i1
      %a6 = arith.andi %a5, %causal : i1
      attn.yield %a6 : i1
    }
    : tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32> -> tensor<?x2x?x16xf32>
  return %o : tensor<?x2x?x16xf32>
}

// -----

// q > k (sgt) and q - k <= 8, each repeated: one set of two constraints, a
// band without its diagonal, which no named mask expresses (a window would
// need right = -1). A value the kept conjunct also uses (%d) survives the
// clean-up.

// CHECK-LABEL: func.func @strict_shared
// CHECK: mask(#attn.affine<"q - k - 1 >= 0, -q + k + 8 >= 0">)
// CHECK: mask_mod(%{{[^,]+}}, %[[H:[^,]+]], %[[I:[^,]+]], %[[J:[^)]+]]) {
// CHECK-NEXT: %[[D:.+]] = arith.subi %[[I]], %[[J]] : index
// CHECK-NEXT: %[[E:.+]] = arith.cmpi ult, %[[D]], %[[H]] : index
// CHECK-NEXT: attn.yield %[[E]] : i1
func.func @strict_shared(%q: tensor<?x2x?x16xf32>, %k: tensor<?x2x?x16xf32>, %v: tensor<?x2x?x16xf32>) -> tensor<?x2x?x16xf32> {
  %o = attn.attention %q, %k, %v
    mask_mod(%b, %h, %i, %j) {
      %d = arith.subi %i, %j : index
      %c8 = arith.constant 8 : index
      %after = arith.cmpi sgt, %i, %j : index
      %near = arith.cmpi sle, %d, %c8 : index
      %u = arith.cmpi ult, %d, %h : index
      %a1 = arith.andi %after, %near : i1
      %a2 = arith.andi %a1, %after : i1
      %a3 = arith.andi %a2, %u : i1
      %keep = arith.andi %a3, %a1 : i1
      attn.yield %keep : i1
    }
    : tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32> -> tensor<?x2x?x16xf32>
  return %o : tensor<?x2x?x16xf32>
}

// -----

// A doubling chain shares every value twice: the pass reads each once
// (2^40 paths otherwise). 2^20 q >= k is within the bounds; 2^21 q is not.

// CHECK-LABEL: func.func @shared_chain
// CHECK: mask(#attn.affine<"1048576 * q - k >= 0">)
// CHECK: mask_mod
// CHECK: arith.cmpi sge, %{{.+}}, %{{.+}} : index
// CHECK-NEXT: attn.yield
func.func @shared_chain(%q: tensor<?x2x?x16xf32>, %k: tensor<?x2x?x16xf32>, %v: tensor<?x2x?x16xf32>) -> tensor<?x2x?x16xf32> {
  %o = attn.attention %q, %k, %v
    mask_mod(%b, %h, %i, %j) {
      %x1 = arith.addi %i, %i : index
      %x2 = arith.addi %x1, %x1 : index
      %x3 = arith.addi %x2, %x2 : index
      %x4 = arith.addi %x3, %x3 : index
      %x5 = arith.addi %x4, %x4 : index
      %x6 = arith.addi %x5, %x5 : index
      %x7 = arith.addi %x6, %x6 : index
      %x8 = arith.addi %x7, %x7 : index
      %x9 = arith.addi %x8, %x8 : index
      %x10 = arith.addi %x9, %x9 : index
      %x11 = arith.addi %x10, %x10 : index
      %x12 = arith.addi %x11, %x11 : index
      %x13 = arith.addi %x12, %x12 : index
      %x14 = arith.addi %x13, %x13 : index
      %x15 = arith.addi %x14, %x14 : index
      %x16 = arith.addi %x15, %x15 : index
      %x17 = arith.addi %x16, %x16 : index
      %x18 = arith.addi %x17, %x17 : index
      %x19 = arith.addi %x18, %x18 : index
      %x20 = arith.addi %x19, %x19 : index
      %x21 = arith.addi %x20, %x20 : index
      %fits = arith.cmpi sge, %x20, %j : index
      %over = arith.cmpi sge, %x21, %j : index
      %keep = arith.andi %fits, %over : i1
      attn.yield %keep : i1
    }
    : tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32> -> tensor<?x2x?x16xf32>
  return %o : tensor<?x2x?x16xf32>
}
