func.func @f(%q: tensor<?x6x?x64xf32>, %k: tensor<?x4x?x64xf32>,
             %v: tensor<?x4x?x64xf32>) -> tensor<?x6x?x64xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<?x6x?x64xf32>, tensor<?x4x?x64xf32>, tensor<?x4x?x64xf32>
      -> tensor<?x6x?x64xf32>
  return %o : tensor<?x6x?x64xf32>
}
