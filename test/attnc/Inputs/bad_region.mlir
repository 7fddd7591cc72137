func.func @f(%q: tensor<?x8x?x64xf32>, %k: tensor<?x8x?x64xf32>,
             %v: tensor<?x8x?x64xf32>) -> tensor<?x8x?x64xf32> {
  %o = attn.attention %q, %k, %v
    score_mod(%s, %b, %h, %i, %j) {
      %r = arith.cmpf olt, %s, %s : f32
      attn.yield %r : i1
    }
    : tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>
      -> tensor<?x8x?x64xf32>
  return %o : tensor<?x8x?x64xf32>
}
