// Masks written as affine mask_mod predicates (attn-raise-mask-mod turns
// them into mask attributes for the flash kernel) against the reference
// evaluator, which interprets the regions as written: ragged lengths, GQA,
// Lq != Lk both ways, rows with no kept key, the length ops in mask_mod
// and score_mod, and extreme scores (scale 300).
// RUN: attnc run %s --entry bottom_right --dims B=2,Lq=37,Lk=150 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry bottom_right --dims B=1,Lq=150,Lk=37 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry bottom_right --dims B=1,Lq=1,Lk=300 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry window --dims B=1,Lq=200,Lk=200 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry window --dims B=2,Lq=77,Lk=131 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry prefix_lm --dims B=1,Lq=130,Lk=130 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry prefix_lm --dims B=1,Lq=40,Lk=90 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry slope --dims B=1,Lq=150,Lk=333 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry slope --dims B=2,Lq=61,Lk=61 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry diagonal --dims B=1,Lq=100,Lk=100 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry late_queries --dims B=1,Lq=99,Lk=70 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry late_queries --dims B=1,Lq=10,Lk=10 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry partial --dims B=1,Lq=129,Lk=129 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry partial --dims B=2,Lq=50,Lk=200 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry extreme --dims B=1,Lq=100,Lk=100 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry partial --lowering=naive --dims B=1,Lq=33,Lk=70 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry late_queries --lowering=naive --dims B=1,Lq=30,Lk=20 --tol 1e-4 | FileCheck %s
// CHECK: PASS
func.func @bottom_right(%q: tensor<?x4x?x16xf32>, %k: tensor<?x2x?x16xf32>, %v: tensor<?x2x?x16xf32>) -> (tensor<?x4x?x16xf32>, tensor<?x4x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v
    mask_mod(%b, %h, %i, %j) {
      %lq = attn.query_length
      %lk = attn.key_length
      %off = arith.subi %lk, %lq : index
      %p = arith.addi %i, %off : index
      %keep = arith.cmpi sge, %p, %j : index
      attn.yield %keep : i1
    }
    : tensor<?x4x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32> -> tensor<?x4x?x16xf32>, tensor<?x4x?xf32>
  return %o, %lse : tensor<?x4x?x16xf32>, tensor<?x4x?xf32>
}
func.func @window(%q: tensor<?x4x?x16xf32>, %k: tensor<?x2x?x16xf32>, %v: tensor<?x2x?x16xf32>) -> (tensor<?x4x?x16xf32>, tensor<?x4x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v
    mask_mod(%b, %h, %i, %j) {
      %d = arith.subi %i, %j : index
      %c0 = arith.constant 0 : index
      %c37 = arith.constant 37 : index
      %past = arith.cmpi sge, %d, %c0 : index
      %near = arith.cmpi slt, %d, %c37 : index
      %keep = arith.andi %past, %near : i1
      attn.yield %keep : i1
    }
    : tensor<?x4x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32> -> tensor<?x4x?x16xf32>, tensor<?x4x?xf32>
  return %o, %lse : tensor<?x4x?x16xf32>, tensor<?x4x?xf32>
}
func.func @prefix_lm(%q: tensor<?x4x?x16xf32>, %k: tensor<?x2x?x16xf32>, %v: tensor<?x2x?x16xf32>) -> (tensor<?x4x?x16xf32>, tensor<?x4x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v
    mask_mod(%b, %h, %i, %j) {
      %c50 = arith.constant 50 : index
      %pre = arith.cmpi slt, %j, %c50 : index
      %causal = arith.cmpi sle, %j, %i : index
      %keep = arith.ori %pre, %causal : i1
      attn.yield %keep : i1
    }
    : tensor<?x4x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32> -> tensor<?x4x?x16xf32>, tensor<?x4x?xf32>
  return %o, %lse : tensor<?x4x?x16xf32>, tensor<?x4x?xf32>
}
func.func @slope(%q: tensor<?x4x?x16xf32>, %k: tensor<?x2x?x16xf32>, %v: tensor<?x2x?x16xf32>) -> (tensor<?x4x?x16xf32>, tensor<?x4x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v
    mask_mod(%b, %h, %i, %j) {
      // 2q + 1 >= k and 3k >= q - 40, and not on the diagonal k == q.
      %c1 = arith.constant 1 : index
      %c2 = arith.constant 2 : index
      %c3 = arith.constant 3 : index
      %c40 = arith.constant 40 : index
      %q2 = arith.muli %c2, %i : index
      %hi = arith.addi %q2, %c1 : index
      %below = arith.cmpi sge, %hi, %j : index
      %k3 = arith.muli %j, %c3 : index
      %lo = arith.subi %i, %c40 : index
      %above = arith.cmpi sge, %k3, %lo : index
      %off = arith.cmpi ne, %i, %j : index
      %a = arith.andi %below, %above : i1
      %keep = arith.andi %a, %off : i1
      attn.yield %keep : i1
    }
    : tensor<?x4x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32> -> tensor<?x4x?x16xf32>, tensor<?x4x?xf32>
  return %o, %lse : tensor<?x4x?x16xf32>, tensor<?x4x?xf32>
}
func.func @diagonal(%q: tensor<?x4x?x16xf32>, %k: tensor<?x2x?x16xf32>, %v: tensor<?x2x?x16xf32>) -> (tensor<?x4x?x16xf32>, tensor<?x4x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v
    mask_mod(%b, %h, %i, %j) {
      // 3k == 2q: most rows keep nothing (O = 0, LSE = -inf).
      %c2 = arith.constant 2 : index
      %c3 = arith.constant 3 : index
      %q2 = arith.muli %i, %c2 : index
      %k3 = arith.muli %j, %c3 : index
      %keep = arith.cmpi eq, %q2, %k3 : index
      attn.yield %keep : i1
    }
    : tensor<?x4x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32> -> tensor<?x4x?x16xf32>, tensor<?x4x?xf32>
  return %o, %lse : tensor<?x4x?x16xf32>, tensor<?x4x?xf32>
}
func.func @late_queries(%q: tensor<?x4x?x16xf32>, %k: tensor<?x2x?x16xf32>, %v: tensor<?x2x?x16xf32>) -> (tensor<?x4x?x16xf32>, tensor<?x4x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v
    mask_mod(%b, %h, %i, %j) {
      // Only the last 20 queries see anything, and not the last key: a
      // constraint on the queries alone and one on Lk.
      %true = arith.constant true
      %lq = attn.query_length
      %lk = attn.key_length
      %c1 = arith.constant 1 : index
      %c20 = arith.constant 20 : index
      %start = arith.subi %lq, %c20 : index
      %late = arith.cmpi sge, %i, %start : index
      %lastk = arith.subi %lk, %c1 : index
      %islast = arith.cmpi eq, %j, %lastk : index
      %notlast = arith.xori %islast, %true : i1
      %keep = arith.andi %late, %notlast : i1
      attn.yield %keep : i1
    }
    : tensor<?x4x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32> -> tensor<?x4x?x16xf32>, tensor<?x4x?xf32>
  return %o, %lse : tensor<?x4x?x16xf32>, tensor<?x4x?xf32>
}
func.func @partial(%q: tensor<?x4x?x16xf32>, %k: tensor<?x2x?x16xf32>, %v: tensor<?x2x?x16xf32>) -> (tensor<?x4x?x16xf32>, tensor<?x4x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v
    mask(#attn.sink<tokens = 100>)
    mask_mod(%b, %h, %i, %j) {
      // An affine conjunct is raised, the head-dependent one stays.
      %c1 = arith.constant 1 : index
      %c2 = arith.constant 2 : index
      %r = arith.remsi %h, %c2 : index
      %odd = arith.cmpi eq, %r, %c1 : index
      %causal = arith.cmpi sge, %i, %j : index
      %keep = arith.andi %causal, %odd : i1
      attn.yield %keep : i1
    }
    score_mod(%s, %b2, %h2, %i2, %j2) {
      // A penalty on the distance from the last key (the length op in a
      // score_mod, widened to the kernel's vectors).
      %lk = attn.key_length
      %d = arith.subi %lk, %j2 : index
      %di = arith.index_cast %d : index to i64
      %df = arith.sitofp %di : i64 to f32
      %c = arith.constant -0.03 : f32
      %p = arith.mulf %df, %c : f32
      %r2 = arith.addf %s, %p : f32
      attn.yield %r2 : f32
    }
    : tensor<?x4x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32> -> tensor<?x4x?x16xf32>, tensor<?x4x?xf32>
  return %o, %lse : tensor<?x4x?x16xf32>, tensor<?x4x?xf32>
}
func.func @extreme(%q: tensor<?x4x?x16xf32>, %k: tensor<?x2x?x16xf32>, %v: tensor<?x2x?x16xf32>) -> (tensor<?x4x?x16xf32>, tensor<?x4x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v scale(300.0)
    mask_mod(%b, %h, %i, %j) {
      %c5 = arith.constant 5 : index
      %d = arith.subi %i, %j : index
      %far = arith.cmpi sge, %d, %c5 : index
      attn.yield %far : i1
    }
    : tensor<?x4x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32> -> tensor<?x4x?x16xf32>, tensor<?x4x?xf32>
  return %o, %lse : tensor<?x4x?x16xf32>, tensor<?x4x?xf32>
}
