func.func @documents8(%q: tensor<?x16x?x64xf32>, %k: tensor<?x16x?x64xf32>, %v: tensor<?x16x?x64xf32>, %qd: tensor<?x?xi32>, %kd: tensor<?x?xi32>) -> tensor<?x16x?x64xf32> {
  %o = attn.attention %q, %k, %v inputs(%qd[b, q] : tensor<?x?xi32>, %kd[b, k] : tensor<?x?xi32>) mask(#attn.document<query = 0, key = 1>)
    : tensor<?x16x?x64xf32>, tensor<?x16x?x64xf32>, tensor<?x16x?x64xf32> -> tensor<?x16x?x64xf32>
  return %o : tensor<?x16x?x64xf32>
}
