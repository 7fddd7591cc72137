// RUN: attnc-opt %s --split-input-file --verify-diagnostics

module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.consumed}) {
    // expected-error @below {{'transform.attn.lower_to_flash' op query-tile must be a positive multiple of 3 * vector-width and key-tile a positive multiple of 8}}
    transform.attn.lower_to_flash %root {query_tile = 40} : !transform.any_op
    transform.yield
  }
}

// -----

module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.consumed}) {
    // expected-error @below {{key-tile a positive multiple of 8}}
    transform.attn.lower_to_flash %root {key_tile = 12} : !transform.any_op
    transform.yield
  }
}

// -----

module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.consumed}) {
    // expected-error @below {{query-tile must be a positive multiple of 3 * vector-width}}
    transform.attn.lower_to_flash %root {vector_width = 16, query_tile = 24} : !transform.any_op
    transform.yield
  }
}

// -----

module attributes {transform.with_named_sequence} {
  transform.named_sequence @__transform_main(%root: !transform.any_op {transform.consumed}) {
    // expected-error @below {{the vector width must be 4, 8 or 16 lanes}}
    transform.attn.lower_to_flash %root {vector_width = 5, query_tile = 15} : !transform.any_op
    transform.yield
  }
}
