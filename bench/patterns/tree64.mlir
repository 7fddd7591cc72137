// bench-dims: B=1,Lq=64,Lk=4160
// Speculative decoding: a random tree of 64 draft tokens after 4096 cached keys.
func.func @tree64(%q: tensor<?x16x?x64xf32>, %k: tensor<?x16x?x64xf32>, %v: tensor<?x16x?x64xf32>,
                  %parent: tensor<?x?xi32>) -> tensor<?x16x?x64xf32> {
  %o = attn.attention %q, %k, %v inputs(%parent[b, q] : tensor<?x?xi32>) mask(#attn.tree<parent = 0>)
    : tensor<?x16x?x64xf32>, tensor<?x16x?x64xf32>, tensor<?x16x?x64xf32> -> tensor<?x16x?x64xf32>
  return %o : tensor<?x16x?x64xf32>
}
