// Sliding windows (one-sided, two-sided) and prefix-LM, and their
// composition with #attn.and / #attn.or / #attn.not.
// RUN: attnc run %s --entry window --dims B=1,Lq=70,Lk=70 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry window2 --dims B=2,Lq=33,Lk=47 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry prefix --dims B=1,Lq=50,Lk=50 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry prefix --dims B=1,Lq=5,Lk=5 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry composed --dims B=1,Lq=61,Lk=61 --tol 1e-4 | FileCheck %s
// RUN: attnc run %s --entry outside_window --dims B=1,Lq=19,Lk=19 --tol 1e-4 | FileCheck %s
// CHECK: PASS
func.func @window(%q: tensor<?x2x?x16xf32>, %k: tensor<?x2x?x16xf32>,
                  %v: tensor<?x2x?x16xf32>) -> tensor<?x2x?x16xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.window<left = 9>)
    : tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>
      -> tensor<?x2x?x16xf32>
  return %o : tensor<?x2x?x16xf32>
}
func.func @window2(%q: tensor<?x2x?x16xf32>, %k: tensor<?x2x?x16xf32>,
                   %v: tensor<?x2x?x16xf32>) -> tensor<?x2x?x16xf32> {
  %o = attn.attention %q, %k, %v
    mask(#attn.window<left = 5, right = 3, align = bottom_right>)
    : tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>
      -> tensor<?x2x?x16xf32>
  return %o : tensor<?x2x?x16xf32>
}
func.func @prefix(%q: tensor<?x2x?x16xf32>, %k: tensor<?x2x?x16xf32>,
                  %v: tensor<?x2x?x16xf32>) -> tensor<?x2x?x16xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.prefix_lm<prefix = 12>)
    : tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>
      -> tensor<?x2x?x16xf32>
  return %o : tensor<?x2x?x16xf32>
}
// Causal within a window of 16, plus the first 4 keys as global sinks.
func.func @composed(%q: tensor<?x2x?x16xf32>, %k: tensor<?x2x?x16xf32>,
                    %v: tensor<?x2x?x16xf32>) -> tensor<?x2x?x16xf32> {
  %o = attn.attention %q, %k, %v
    mask(#attn.and<[#attn.causal,
                    #attn.or<[#attn.window<left = 16>, #attn.prefix_lm<prefix = 4>]>]>)
    : tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>
      -> tensor<?x2x?x16xf32>
  return %o : tensor<?x2x?x16xf32>
}
// Everything except a band: row-dependent, some rows see every key but one.
func.func @outside_window(%q: tensor<?x2x?x16xf32>, %k: tensor<?x2x?x16xf32>,
                          %v: tensor<?x2x?x16xf32>) -> tensor<?x2x?x16xf32> {
  %o = attn.attention %q, %k, %v
    mask(#attn.not<#attn.window<left = 2, right = 2>>)
    : tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>, tensor<?x2x?x16xf32>
      -> tensor<?x2x?x16xf32>
  return %o : tensor<?x2x?x16xf32>
}
