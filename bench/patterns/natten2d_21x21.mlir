// bench-dims: B=1
func.func @natten2d_21x21(%q: tensor<?x16x4096x64xf32>, %k: tensor<?x16x4096x64xf32>, %v: tensor<?x16x4096x64xf32>) -> tensor<?x16x4096x64xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.neighborhood<grid = [64, 64], window = [21, 21]>)
    : tensor<?x16x4096x64xf32>, tensor<?x16x4096x64xf32>, tensor<?x16x4096x64xf32> -> tensor<?x16x4096x64xf32>
  return %o : tensor<?x16x4096x64xf32>
}
