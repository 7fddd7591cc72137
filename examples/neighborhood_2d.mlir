// Neighbourhood attention on an image (NAT / DiNAT, Hassani et al.): the
// 32 x 32 patch tokens of a feature map, each attending to the 7 x 7
// patches around it (the window shifts inwards at the borders), dilated by
// 2 along both axes as in DiNAT's sparse global layers. The kernel visits
// only the key box of each block of queries, one grid row at a time.
func.func @dilated_neighborhood(%q: tensor<?x4x1024x64xf32>,
                                %k: tensor<?x4x1024x64xf32>,
                                %v: tensor<?x4x1024x64xf32>)
    -> tensor<?x4x1024x64xf32> {
  %o = attn.attention %q, %k, %v
    mask(#attn.neighborhood<grid = [32, 32], window = [7, 7], dilation = [2, 2]>)
    : tensor<?x4x1024x64xf32>, tensor<?x4x1024x64xf32>, tensor<?x4x1024x64xf32>
      -> tensor<?x4x1024x64xf32>
  return %o : tensor<?x4x1024x64xf32>
}
