func.func @not_attention(%x: f32) -> f32 {
  return %x : f32
}
