// Rows with no kept key give O = 0 and LSE = -inf, never NaN: a mask_mod
// that drops every key of even query rows, and a mask that drops all keys.
// RUN: attnc run %s --entry even_rows_empty --dims B=2,Lq=17,Lk=23 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry all_empty --dims B=1,Lq=9,Lk=9 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry even_rows_empty --dims B=1,Lq=4,Lk=0 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry even_rows_empty --vector-width=16 --dims B=2,Lq=17,Lk=23 --tol 1e-4 | FileCheck %s
// An empty row whose LSE is not -inf would count as an infinite error.
// CHECK: lse: max_abs_err={{[0-9]}}
// CHECK: PASS
func.func @even_rows_empty(%q: tensor<?x2x?x16xf32>, %k: tensor<?x2x?x16xf32>,
                           %v: tensor<?x2x?x16xf32>)
    -> (tensor<?x2x?x16xf32>, tensor<?x2x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v
    mask_mod(%b, %h, %i, %j) {
      %c2 = arith.constant 2 : index
      %r = arith.remsi %i, %c2 : index
      %c0 = arith.constant 0 : index
      %odd = arith.cmpi ne, %r, %c0 : index
      attn.yield %odd : i1
    }
    : tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>
      -> tensor<?x2x?x16xf32>, tensor<?x2x?xf32>
  return %o, %lse : tensor<?x2x?x16xf32>, tensor<?x2x?xf32>
}
func.func @all_empty(%q: tensor<?x2x?x16xf32>, %k: tensor<?x2x?x16xf32>,
                     %v: tensor<?x2x?x16xf32>)
    -> (tensor<?x2x?x16xf32>, tensor<?x2x?xf32>) {
  %o, %lse = attn.attention %q, %k, %v
    mask(#attn.and<[#attn.causal, #attn.not<#attn.causal>]>)
    : tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>
      -> tensor<?x2x?x16xf32>, tensor<?x2x?xf32>
  return %o, %lse : tensor<?x2x?x16xf32>, tensor<?x2x?xf32>
}
