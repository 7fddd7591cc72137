// Split-K decoding: the KV cache is cut into chunks attended to separately
// (on other threads, devices or pages), each giving an output and its LSE;
// attn.merge combines them into exactly the attention over the whole
// cache. Each chunk goes through a spec that also returns the LSE
// (`-> tensor<...>, tensor<B x Hq x Lq x f32>`), then the four go here.
func.func @merge_chunks(%o0: tensor<?x32x?x128xf32>, %o1: tensor<?x32x?x128xf32>,
                        %o2: tensor<?x32x?x128xf32>, %o3: tensor<?x32x?x128xf32>,
                        %l0: tensor<?x32x?xf32>, %l1: tensor<?x32x?xf32>,
                        %l2: tensor<?x32x?xf32>, %l3: tensor<?x32x?xf32>)
    -> (tensor<?x32x?x128xf32>, tensor<?x32x?xf32>) {
  %o, %lse = attn.merge
      outputs(%o0, %o1, %o2, %o3 : tensor<?x32x?x128xf32>, tensor<?x32x?x128xf32>,
                                   tensor<?x32x?x128xf32>, tensor<?x32x?x128xf32>)
      lses(%l0, %l1, %l2, %l3 : tensor<?x32x?xf32>, tensor<?x32x?xf32>,
                                tensor<?x32x?xf32>, tensor<?x32x?xf32>)
      -> tensor<?x32x?x128xf32>, tensor<?x32x?xf32>
  return %o, %lse : tensor<?x32x?x128xf32>, tensor<?x32x?xf32>
}
