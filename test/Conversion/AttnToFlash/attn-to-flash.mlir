// RUN: attnc-opt %s --split-input-file --convert-attn-to-flash --canonicalize --cse | FileCheck %s
// RUN: attnc-opt %s --split-input-file --convert-attn-to-flash="query-tile=24 key-tile=32" --canonicalize --cse | FileCheck %s --check-prefix=TILES

// Dense GQA (4 query heads over 2 KV heads). A task is (b, KV head, row
// tile) where rows are (query, head of the group) pairs: Lq * 2 rows. When
// they all fit one vector (decoding) a small kernel runs instead of the main
// one. The key loop covers all of Lk and there is no mask code.

// CHECK-LABEL: func.func @dense
// CHECK-DAG:     %[[LQ:.+]] = tensor.dim %arg0, %c2
// CHECK:         %[[OUT:.+]] = memref.alloc(%[[LQ]]) : memref<1x4x?x16xf32>
// CHECK:         %[[ROWS:.+]] = arith.muli %[[LQ]], %c2
// CHECK:         %[[SMALL:.+]] = arith.cmpi sle, %[[ROWS]], %c8
// CHECK:         scf.if %[[SMALL]] {
// CHECK:           scf.parallel
// CHECK:             memref.alloca() : memref<32x8xf32>
// CHECK:             scf.for {{.*}} iter_args({{.*}}) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>)
// CHECK:         } else {
// CHECK:           %[[NUMTILES:.+]] = arith.ceildivsi %[[ROWS]], %c48
// CHECK:           scf.parallel (%[[TASK:.+]]) = (%c0) to
// CHECK:             %[[RT:.+]] = arith.remsi %[[TASK]], %[[NUMTILES]]
// CHECK:             %[[BG:.+]] = arith.divsi %[[TASK]], %[[NUMTILES]]
// CHECK:             %[[G:.+]] = arith.remsi %[[BG]], %c2
// CHECK:             %[[TROWS:.+]] = arith.minsi %{{.+}}, %c48
// CHECK:             memref.alloca() : memref<32x48xf32>
// CHECK:             memref.alloca() : memref<64x48xf32>
// CHECK:             memref.alloca() : memref<16x48xf32>
//                    Row -> (query, head): q = row / 2, recorded once per
//                    task, and h = 2 * g + row % 2.
// CHECK:             %[[ROWQ:.+]] = memref.alloca() : memref<48xindex>
// CHECK:             %[[QROW:.+]] = arith.divsi %{{.+}}, %c2
// CHECK:             memref.store %[[QROW]], %[[ROWQ]]
// CHECK:             %[[G2:.+]] = arith.muli %[[G]], %c2
// CHECK:             %[[HOFF:.+]] = arith.remsi %{{.+}}, %c2
// CHECK:             %[[H:.+]] = arith.addi %[[G2]], %[[HOFF]]
// CHECK:             %[[Q:.+]] = memref.load %[[ROWQ]]
// CHECK:             tensor.extract %arg0[%{{.+}}, %[[H]], %[[Q]], %{{.+}}]
// CHECK:             %[[KTILES:.+]] = arith.ceildivsi %{{.+}}, %c64
// CHECK:             scf.for %{{.+}} = %c0 to %[[KTILES]] step %c1
//                      A micro-tile row group past the task's rows (the
//                      last, ragged task) computes no columns.
// CHECK:               scf.for %[[GROUP:.+]] = %c0 to %c48 step %c24
// CHECK:                 %[[PAST:.+]] = arith.cmpi sge, %[[GROUP]], %[[TROWS]]
// CHECK:                 %[[GHI:.+]] = arith.select %[[PAST]], %c0, %{{.+}}
// CHECK:                 %[[GMT:.+]] = arith.ceildivsi %[[GHI]], %c4
// CHECK:                 scf.for %{{.+}} = %c0 to %{{.+}} step %c4
// CHECK:               scf.for %{{.+}} = %c0 to %c32 step %c1 iter_args({{.*}}) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>)
// CHECK-COUNT-12:        vector.fma
// CHECK-NOT:           scf.if
//                      Softmax in base 2: exp2 of the rescale factor, then
//                      of every score, without libm.
// CHECK-NOT:           math.exp
// CHECK:               math.roundeven {{.*}} : vector<8xf32>
// CHECK:               arith.shli {{.*}} : vector<8xi32>
// CHECK:               math.roundeven {{.*}} : vector<8xf32>
// CHECK:               arith.shli {{.*}} : vector<8xi32>
// CHECK-COUNT-12:      vector.fma
// CHECK:             memref.store %{{.+}}, %[[OUT]]
// CHECK:         bufferization.to_tensor %[[OUT]] restrict writable

// TILES-LABEL: func.func @dense
// TILES:         } else {
// TILES:           arith.ceildivsi %{{.+}}, %c24
// TILES:           memref.alloca() : memref<32x24xf32>
// TILES:           memref.alloca() : memref<32x24xf32>
// TILES:           arith.ceildivsi %{{.+}}, %c32
func.func @dense(%q: tensor<1x4x?x32xf32>, %k: tensor<1x2x?x32xf32>,
                 %v: tensor<1x2x?x16xf32>) -> tensor<1x4x?x16xf32> {
  %o = attn.attention %q, %k, %v
    : tensor<1x4x?x32xf32>, tensor<1x2x?x32xf32>, tensor<1x2x?x16xf32> -> tensor<1x4x?x16xf32>
  return %o : tensor<1x4x?x16xf32>
}

// -----

// Causal (MHA, so rows are queries): a query tile [q0, q0 + rows) sees keys
// [0, q0 + rows), so the key loop stops at min(q0 + rows, Lk); a key tile is
// full (no mask evaluated) when its last key is at most q0: partial =
// (kEnd > q0 + 1).

// CHECK-LABEL: func.func @causal
// CHECK-DAG:     %[[LK:.+]] = tensor.dim %arg1, %c2
// CHECK:         } else {
// CHECK:           scf.parallel
// CHECK:             %[[Q0:.+]] = arith.muli %{{.+}}, %c48
// CHECK:             %[[ROWS:.+]] = arith.minsi %{{.+}}, %c48
// CHECK:             %[[Q1:.+]] = arith.addi %[[Q0]], %[[ROWS]]
// CHECK:             %[[HI:.+]] = arith.minsi %[[Q1]], %[[LK]]
// CHECK:             %[[NONEMPTY:.+]] = arith.cmpi sgt, %[[HI]], %c0
// CHECK:             %[[SPAN:.+]] = arith.select %[[NONEMPTY]], %[[HI]], %c0
// CHECK:             %[[KTILES:.+]] = arith.ceildivsi %[[SPAN]], %c64
// CHECK:             scf.for %[[KT:.+]] = %c0 to %[[KTILES]] step %c1
// CHECK:               %[[K0:.+]] = arith.muli %[[KT]], %c64
// CHECK:               %[[K64:.+]] = arith.addi %[[K0]], %c64
// CHECK:               %[[KEND:.+]] = arith.minsi %[[K64]], %[[HI]]
// CHECK:               %[[Q0P1:.+]] = arith.addi %[[Q0]], %c1
// CHECK:               %[[PARTIAL:.+]] = arith.cmpi sgt, %[[KEND]], %[[Q0P1]]
// CHECK:               scf.if %[[PARTIAL]] {
// CHECK:                 arith.cmpi sle
//                        Masked scores: the load is frozen so that LLVM
//                        keeps a blend and a plain store (it would fold
//                        the select into a masked store).
// CHECK:                 %[[S:.+]] = vector.load %{{.+}} : memref<64x48xf32>, vector<8xf32>
// CHECK-NEXT:            %[[F:.+]] = llvm.freeze %[[S]]
// CHECK-NEXT:            %[[M:.+]] = arith.select %{{.+}}, %[[F]], %{{.+}} : vector<8xi1>, vector<8xf32>
// CHECK-NEXT:            vector.store %[[M]]
func.func @causal(%q: tensor<?x2x?x64xf32>, %k: tensor<?x2x?x64xf32>,
                  %v: tensor<?x2x?x64xf32>) -> tensor<?x2x?x64xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.causal)
    : tensor<?x2x?x64xf32>, tensor<?x2x?x64xf32>, tensor<?x2x?x64xf32> -> tensor<?x2x?x64xf32>
  return %o : tensor<?x2x?x64xf32>
}

// -----

// Sliding window of 256 keys back: the key loop starts at max(q0 - 256, 0)
// and ends at min(q0 + rows, Lk), so its cost follows the window, not Lk.

// CHECK-LABEL: func.func @window
// CHECK-DAG:     %[[LK:.+]] = tensor.dim %arg1, %c2
// CHECK:         } else {
// CHECK:         scf.parallel
// CHECK:           %[[Q0:.+]] = arith.muli %{{.+}}, %c48
// CHECK:           %[[LO0:.+]] = arith.subi %[[Q0]], %c256
// CHECK:           %[[LO:.+]] = arith.maxsi %[[LO0]], %c0
// CHECK:           %[[HI:.+]] = arith.minsi %{{.+}}, %[[LK]]
// CHECK:           %[[NONEMPTY:.+]] = arith.cmpi sgt, %[[HI]], %[[LO]]
// CHECK:           %[[SPAN0:.+]] = arith.subi %[[HI]], %[[LO]]
// CHECK:           %[[SPAN:.+]] = arith.select %[[NONEMPTY]], %[[SPAN0]], %c0
// CHECK:           arith.ceildivsi %[[SPAN]], %c64
// CHECK:           scf.if
func.func @window(%q: tensor<1x2x?x32xf32>, %k: tensor<1x2x?x32xf32>,
                  %v: tensor<1x2x?x32xf32>) -> tensor<1x2x?x32xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.window<left = 256>)
    : tensor<1x2x?x32xf32>, tensor<1x2x?x32xf32>, tensor<1x2x?x32xf32> -> tensor<1x2x?x32xf32>
  return %o : tensor<1x2x?x32xf32>
}

// -----

// Prefix-LM with a prefix of 100: keys [0, max(100, q0 + rows)).

// CHECK-LABEL: func.func @prefix
// CHECK-DAG:     %[[LK:.+]] = tensor.dim %arg1, %c2
// CHECK:         } else {
// CHECK:         scf.parallel
// CHECK:           %[[HI0:.+]] = arith.maxsi %{{.+}}, %c100
// CHECK:           %[[HI:.+]] = arith.minsi %[[HI0]], %[[LK]]
// CHECK:           arith.ceildivsi
func.func @prefix(%q: tensor<1x2x?x32xf32>, %k: tensor<1x2x?x32xf32>,
                  %v: tensor<1x2x?x32xf32>) -> tensor<1x2x?x32xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.prefix_lm<prefix = 100>)
    : tensor<1x2x?x32xf32>, tensor<1x2x?x32xf32>, tensor<1x2x?x32xf32> -> tensor<1x2x?x32xf32>
  return %o : tensor<1x2x?x32xf32>
}

// -----

// Bottom-right causal with runtime lengths: the bound shifts by Lk - Lq.
// (Checked in the tiled kernel: the decoding kernel's block spans every
// query, where the shift folds away.)

// CHECK-LABEL: func.func @bottom_right
// CHECK-DAG:     %[[LQ:.+]] = tensor.dim %arg0, %c2
// CHECK-DAG:     %[[LK:.+]] = tensor.dim %arg1, %c2
// CHECK:         } else {
// CHECK:         scf.parallel
// CHECK:           %[[OFF:.+]] = arith.subi %[[LK]], %[[LQ]]
// CHECK:           arith.addi %{{.+}}, %[[OFF]]
func.func @bottom_right(%q: tensor<1x2x?x32xf32>, %k: tensor<1x2x?x32xf32>,
                        %v: tensor<1x2x?x32xf32>) -> tensor<1x2x?x32xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.causal<bottom_right>)
    : tensor<1x2x?x32xf32>, tensor<1x2x?x32xf32>, tensor<1x2x?x32xf32> -> tensor<1x2x?x32xf32>
  return %o : tensor<1x2x?x32xf32>
}

// -----

// A mask_mod cannot be analysed: every tile evaluates it (no scf.if guard),
// and the score_mod is inlined for every valid score, reading its input.

// CHECK-LABEL: func.func @regions
// CHECK:         scf.parallel
// CHECK-NOT:       scf.if
// CHECK:           math.tanh
// CHECK:           tensor.extract %arg3[%{{.+}}] : tensor<?xi32>
// CHECK:           arith.cmpi ne
// CHECK:           arith.select
func.func @regions(%q: tensor<1x2x?x32xf32>, %k: tensor<1x2x?x32xf32>,
                   %v: tensor<1x2x?x32xf32>, %doc: tensor<?xi32>) -> tensor<1x2x?x32xf32> {
  %o = attn.attention %q, %k, %v inputs(%doc[k] : tensor<?xi32>)
    mask_mod(%b, %h, %i, %j, %d) {
      %c0 = arith.constant 0 : i32
      %keep = arith.cmpi ne, %d, %c0 : i32
      attn.yield %keep : i1
    }
    score_mod(%s, %b, %h, %i, %j, %d) {
      %t = math.tanh %s : f32
      attn.yield %t : f32
    }
    : tensor<1x2x?x32xf32>, tensor<1x2x?x32xf32>, tensor<1x2x?x32xf32> -> tensor<1x2x?x32xf32>
  return %o : tensor<1x2x?x32xf32>
}

// -----

// f16 inputs and output: loads are extended to f32, the output truncated;
// the LSE result is written too.

// CHECK-LABEL: func.func @half
// CHECK:         %[[OUT:.+]] = memref.alloc(%{{.+}}) : memref<1x2x?x32xf16>
// CHECK:         %[[LSE:.+]] = memref.alloc(%{{.+}}) : memref<1x2x?xf32>
// CHECK:         arith.extf %{{.+}} : f16 to f32
// CHECK:         arith.truncf %{{.+}} : f32 to f16
// CHECK:         memref.store %{{.+}}, %[[OUT]]
// CHECK:         math.log
// CHECK:         memref.store %{{.+}}, %[[LSE]]
func.func @half(%q: tensor<1x2x?x32xf16>, %k: tensor<1x2x?x32xf16>,
                %v: tensor<1x2x?x32xf16>) -> (tensor<1x2x?x32xf16>, tensor<1x2x?xf32>) {
  %o, %l = attn.attention %q, %k, %v
    : tensor<1x2x?x32xf16>, tensor<1x2x?x32xf16>, tensor<1x2x?x32xf16> -> tensor<1x2x?x32xf16>, tensor<1x2x?xf32>
  return %o, %l : tensor<1x2x?x32xf16>, tensor<1x2x?xf32>
}

// -----

// Sink + window: two key spans, the sinks [0, 4) and the window
// [q0 - 256, q1), ordered by their start and the later one starting after
// the earlier ends, so the tiles between them are never visited. The loop
// runs over the tiles of both; each tile is still checked for emptiness
// (neither in the sink nor in the window); tiles within the sink are full.

// CHECK-LABEL: func.func @sink_window
// CHECK:         } else {
// CHECK:         scf.parallel
// CHECK:           %[[WLO:.+]] = arith.subi %{{.+}}, %c256
// CHECK:           %[[SWAP:.+]] = arith.cmpi sle, %[[WLO]], %c0
// CHECK:           %[[N0:.+]] = arith.ceildivsi %{{.+}}, %c64
// CHECK:           %[[N1:.+]] = arith.ceildivsi %{{.+}}, %c64
// CHECK:           %[[N:.+]] = arith.addi %[[N0]], %[[N1]]
// CHECK:           scf.for %[[KT:.+]] = %c0 to %[[N]] step %c1 {
// CHECK:             %[[SECOND:.+]] = arith.cmpi sge, %[[KT]], %[[N0]]
// CHECK:             %[[INDEX:.+]] = arith.select %[[SECOND]]
// CHECK:             %[[OFF:.+]] = arith.muli %[[INDEX]], %c64
// CHECK:             %[[K0:.+]] = arith.addi %{{.+}}, %[[OFF]]
// CHECK:             arith.cmpi sge, %[[K0]], %c4
// CHECK:             %[[VISIT:.+]] = arith.xori %{{.+}}, %true
// CHECK:             scf.if %[[VISIT]] {
// CHECK-NEXT:          arith.cmpi sle, %{{.+}}, %c4
func.func @sink_window(%q: tensor<1x2x?x32xf32>, %k: tensor<1x2x?x32xf32>,
                       %v: tensor<1x2x?x32xf32>) -> tensor<1x2x?x32xf32> {
  %o = attn.attention %q, %k, %v
    mask(#attn.or<[#attn.sink<tokens = 4>, #attn.window<left = 256>]>)
    : tensor<1x2x?x32xf32>, tensor<1x2x?x32xf32>, tensor<1x2x?x32xf32> -> tensor<1x2x?x32xf32>
  return %o : tensor<1x2x?x32xf32>
}

// -----

// Blocked local attention: the key range is the blocks of the task's first
// and last query, by floor division.

// CHECK-LABEL: func.func @blocked
// CHECK:         } else {
// CHECK:         scf.parallel
// CHECK:           %[[FIRST:.+]] = arith.floordivsi %{{.+}}, %c128
// CHECK:           %[[LAST:.+]] = arith.floordivsi %{{.+}}, %c128
// CHECK:           %[[LO:.+]] = arith.muli %[[FIRST]], %c128
// CHECK:           %[[NEXT:.+]] = arith.addi %[[LAST]], %c1
// CHECK:           %[[HI:.+]] = arith.muli %[[NEXT]], %c128
// CHECK:           arith.maxsi %[[LO]], %c0
// CHECK:           arith.minsi %[[HI]], %{{.+}}
func.func @blocked(%q: tensor<1x2x?x32xf32>, %k: tensor<1x2x?x32xf32>,
                   %v: tensor<1x2x?x32xf32>) -> tensor<1x2x?x32xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.blocked<size = 128>)
    : tensor<1x2x?x32xf32>, tensor<1x2x?x32xf32>, tensor<1x2x?x32xf32> -> tensor<1x2x?x32xf32>
  return %o : tensor<1x2x?x32xf32>
}

// -----

// Documents: the query ids of the task's rows are gathered once and their
// range computed, the range of key ids per key tile; disjoint ranges skip
// the tile, a single shared id makes it full (no mask evaluation). Partial
// tiles compare a vector of row ids with the column's key id.

// CHECK-LABEL: func.func @documents
// CHECK:         } else {
// CHECK:         scf.parallel
// CHECK:           %[[IDS:.+]] = memref.alloca() : memref<48xi32>
// CHECK:           scf.for
// CHECK:             %[[ID:.+]] = tensor.extract %arg3
// CHECK:             memref.store %[[ID]], %[[IDS]]
// CHECK:           %[[QR:.+]]:2 = scf.for {{.+}} iter_args(%{{.+}} = %c9223372036854775807, %{{.+}} = %c-9223372036854775808)
// CHECK:             memref.load %[[IDS]]
// CHECK:             arith.index_cast %{{.+}} : i32 to index
// CHECK:           scf.for
// CHECK:             %[[KR:.+]]:2 = scf.for {{.+}} iter_args(%{{.+}} = %c9223372036854775807, %{{.+}} = %c-9223372036854775808)
// CHECK:               tensor.extract %arg4
// CHECK:             %[[QMAX1:.+]] = arith.addi %[[QR]]#1, %c1
// CHECK:             %[[BEFORE:.+]] = arith.cmpi sle, %[[QMAX1]], %[[KR]]#0
// CHECK:             %[[KMAX1:.+]] = arith.addi %[[KR]]#1, %c1
// CHECK:             %[[AFTER:.+]] = arith.cmpi sle, %[[KMAX1]], %[[QR]]#0
// CHECK:             %[[EMPTY:.+]] = arith.ori %[[BEFORE]], %[[AFTER]]
// CHECK:             %[[VISIT:.+]] = arith.xori %[[EMPTY]], %true
// CHECK:             scf.if %[[VISIT]] {
// CHECK:               arith.cmpi sle, %[[QR]]#1, %[[QR]]#0
// CHECK:               %[[QIDS:.+]] = vector.load %[[IDS]]{{.+}} : memref<48xi32>, vector<8xi32>
// CHECK:               scf.for
// CHECK:                 %[[KID:.+]] = tensor.extract %arg4
// CHECK:                 %[[KIDS:.+]] = vector.broadcast %[[KID]] : i32 to vector<8xi32>
// CHECK:                 arith.cmpi eq, %[[QIDS]], %[[KIDS]] : vector<8xi32>
func.func @documents(%q: tensor<1x2x?x32xf32>, %k: tensor<1x2x?x32xf32>,
                     %v: tensor<1x2x?x32xf32>, %qd: tensor<1x?xi32>,
                     %kd: tensor<1x?xi32>) -> tensor<1x2x?x32xf32> {
  %o = attn.attention %q, %k, %v
    inputs(%qd[b, q] : tensor<1x?xi32>, %kd[b, k] : tensor<1x?xi32>)
    mask(#attn.document<query = 0, key = 1>)
    : tensor<1x2x?x32xf32>, tensor<1x2x?x32xf32>, tensor<1x2x?x32xf32> -> tensor<1x2x?x32xf32>
  return %o : tensor<1x2x?x32xf32>
}

// -----

// Token tree: a query's keys end at its own node, q + (Lk - Lq), since its
// ancestors precede it; tiles inside the prefix (kEnd <= Lk - Lq) are full.
// Other tiles walk the parent links per element: from the query's node up
// while above the key's node (a link that does not point to an earlier node
// ends the walk), keeping the key if the walk reaches its node.

// CHECK-LABEL: func.func @tree
// CHECK:         } else {
// CHECK:         scf.parallel
// CHECK:           %[[PREFIX:.+]] = arith.subi %[[LK:dim[_0-9]*]], %[[LQ:dim[_0-9]*]] : index
// CHECK-NEXT:      %[[HI:.+]] = arith.addi %{{.+}}, %[[PREFIX]]
// CHECK-NEXT:      arith.minsi %[[HI]], %[[LK]]
// CHECK:           scf.for
// CHECK:             %[[PARTIAL:.+]] = arith.cmpi sgt, %{{.+}}, %[[PREFIX]]
// CHECK:             scf.if %[[PARTIAL]] {
// CHECK:                 %[[NODE:.+]] = arith.subi %{{.+}}, %[[PREFIX]]
// CHECK:                 %[[STOP:.+]] = arith.maxsi %[[NODE]], %c-1
// CHECK:                 %[[END:.+]] = scf.while (%[[N:.+]] = %{{.+}}) : (index) -> index {
// CHECK:                   %[[ABOVE:.+]] = arith.cmpi sgt, %[[N]], %[[STOP]]
// CHECK:                   scf.condition(%[[ABOVE]]) %[[N]]
// CHECK:                 } do {
// CHECK:                 ^bb0(%[[M:.+]]: index):
// CHECK:                   %[[P:.+]] = tensor.extract %arg3[%{{.+}}, %[[M]]]
// CHECK:                   %[[PI:.+]] = arith.index_cast %[[P]]
// CHECK:                   %[[EARLIER:.+]] = arith.cmpi slt, %[[PI]], %[[M]]
// CHECK:                   %[[NEXT:.+]] = arith.select %[[EARLIER]], %[[PI]], %c-1
// CHECK:                   scf.yield %[[NEXT]]
// CHECK:                 %[[INPREFIX:.+]] = arith.cmpi slt, %[[NODE]], %c0
// CHECK:                 %[[REACHED:.+]] = arith.cmpi eq, %[[END]], %[[NODE]]
// CHECK:                 arith.ori %[[INPREFIX]], %[[REACHED]]
func.func @tree(%q: tensor<1x2x?x32xf32>, %k: tensor<1x2x?x32xf32>,
                %v: tensor<1x2x?x32xf32>, %p: tensor<1x?xi32>) -> tensor<1x2x?x32xf32> {
  %o = attn.attention %q, %k, %v inputs(%p[b, q] : tensor<1x?xi32>)
    mask(#attn.tree<parent = 0>)
    : tensor<1x2x?x32xf32>, tensor<1x2x?x32xf32>, tensor<1x2x?x32xf32> -> tensor<1x2x?x32xf32>
  return %o : tensor<1x2x?x32xf32>
}

// -----

// score_mod is widened to vectors of 8 rows: the rows' query (and head)
// indices and the inputs of the row (ALiBi slopes by h) are gathered once
// per row vector, an input of the key only is one load per column, and the
// region's ops (constants broadcast) act on vectors.

// CHECK-LABEL: func.func @score_vectors
// CHECK:         } else {
// CHECK:         scf.parallel
// CHECK:           scf.for %[[RV:.+]] = %c0 to %c48 step %c8 {
// CHECK:             %[[SLOPE:.+]] = tensor.extract %arg3[%{{.+}}] : tensor<2xf32>
// CHECK:             %[[SLOPES:.+]] = vector.from_elements %[[SLOPE]], {{.+}} : vector<8xf32>
// CHECK:             %[[QS:.+]] = vector.from_elements {{.+}} : vector<8xindex>
// CHECK:             scf.for %[[C:.+]] = %{{.+}} to %{{.+}} step %c1 {
// CHECK:               %[[KS:.+]] = vector.broadcast %{{.+}} : index to vector<8xindex>
// CHECK:               %[[KB:.+]] = tensor.extract %arg4[%{{.+}}] : tensor<?xf32>
// CHECK:               vector.broadcast %[[KB]] : f32 to vector<8xf32>
// CHECK:               %[[D:.+]] = arith.subi %[[KS]], %[[QS]] : vector<8xindex>
// CHECK:               %[[DF:.+]] = arith.sitofp %{{.+}} : vector<8xi64> to vector<8xf32>
// CHECK:               arith.mulf %[[SLOPES]], %[[DF]] : vector<8xf32>
func.func @score_vectors(%q: tensor<1x2x?x32xf32>, %k: tensor<1x2x?x32xf32>,
                         %v: tensor<1x2x?x32xf32>, %slope: tensor<2xf32>,
                         %kbias: tensor<?xf32>) -> tensor<1x2x?x32xf32> {
  %o = attn.attention %q, %k, %v inputs(%slope[h] : tensor<2xf32>, %kbias[k] : tensor<?xf32>)
    score_mod(%s, %b, %h, %i, %j, %m, %kb) {
      %d = arith.subi %j, %i : index
      %di = arith.index_cast %d : index to i64
      %df = arith.sitofp %di : i64 to f32
      %a = arith.mulf %m, %df : f32
      %t = arith.addf %s, %a : f32
      %r = arith.addf %t, %kb : f32
      attn.yield %r : f32
    }
    : tensor<1x2x?x32xf32>, tensor<1x2x?x32xf32>, tensor<1x2x?x32xf32> -> tensor<1x2x?x32xf32>
  return %o : tensor<1x2x?x32xf32>
}

// -----

// Score modifier attributes are built on the row vectors like a widened
// score_mod: ALiBi's slope from the lanes' heads (exp of a select between
// the two slope series), times the key-query distance, then the softcap.

// CHECK-LABEL: func.func @score_attrs
// CHECK:         } else {
// CHECK:         scf.parallel
// CHECK:           scf.for %{{.+}} = %c0 to %c48 step %c8 {
// CHECK:             scf.for
// CHECK:               arith.select %{{.+}} : vector<8xi1>, vector<8xf32>
// CHECK:               %[[SLOPE:.+]] = math.exp %{{.+}} : vector<8xf32>
// CHECK:               %[[D:.+]] = arith.sitofp %{{.+}} : vector<8xi64> to vector<8xf32>
// CHECK:               %[[S:.+]] = math.fma %[[SLOPE]], %[[D]], %{{.+}} : vector<8xf32>
// CHECK:               %[[X:.+]] = arith.divf %[[S]], %{{.+}} : vector<8xf32>
// CHECK:               math.tanh %[[X]] : vector<8xf32>
func.func @score_attrs(%q: tensor<1x6x?x32xf32>, %k: tensor<1x2x?x32xf32>,
                       %v: tensor<1x2x?x32xf32>) -> tensor<1x6x?x32xf32> {
  %o = attn.attention %q, %k, %v score(#attn.alibi, #attn.softcap<cap = 20.0>)
    : tensor<1x6x?x32xf32>, tensor<1x2x?x32xf32>, tensor<1x2x?x32xf32> -> tensor<1x6x?x32xf32>
  return %o : tensor<1x6x?x32xf32>
}

// -----

// Modifier attributes that read inputs take their row's elements from the
// row vector's gather, outside the column loop: the f16 per-query factors
// (extended to f32) multiply the score, then the slopes input replaces
// ALiBi's geometric slopes (no exp).

// CHECK-LABEL: func.func @score_attr_inputs
// CHECK:         } else {
// CHECK:         scf.parallel
// CHECK:           scf.for %{{.+}} = %c0 to %c48 step %c8 {
// CHECK:             %[[M:.+]] = vector.from_elements {{.+}} : vector<8xf32>
// CHECK:             %[[T:.+]] = vector.from_elements {{.+}} : vector<8xf16>
// CHECK:             scf.for
// CHECK:               %[[S:.+]] = vector.load
// CHECK:               %[[TF:.+]] = arith.extf %[[T]] : vector<8xf16> to vector<8xf32>
// CHECK:               %[[TS:.+]] = arith.mulf %[[TF]], %[[S]] : vector<8xf32>
// CHECK-NOT:           math.exp
// CHECK:               %[[D:.+]] = arith.sitofp %{{.+}} : vector<8xi64> to vector<8xf32>
// CHECK:               math.fma %[[M]], %[[D]], %[[TS]] : vector<8xf32>
func.func @score_attr_inputs(%q: tensor<1x6x?x32xf32>, %k: tensor<1x2x?x32xf32>,
                             %v: tensor<1x2x?x32xf32>, %m: tensor<6xf32>,
                             %t: tensor<1x6x?xf16>) -> tensor<1x6x?x32xf32> {
  %o = attn.attention %q, %k, %v
    inputs(%m[h] : tensor<6xf32>, %t[b, h, q] : tensor<1x6x?xf16>)
    score(#attn.query_scale<input = 1>, #attn.alibi<slopes = 0>)
    : tensor<1x6x?x32xf32>, tensor<1x2x?x32xf32>, tensor<1x2x?x32xf32> -> tensor<1x6x?x32xf32>
  return %o : tensor<1x6x?x32xf32>
}

// -----

// 2-D neighbourhood, 7 x 7 on a 48 x 40 grid. Tasks take queries in
// strips 6 columns wide (48 x 6 = 288 queries each, the last strip 4
// columns): 24 consecutive queries are then a 4 x 6 patch, whose key box is
// 10 runs of 12 keys, not 7 runs of 30 as for 24 queries of one grid row.
// The key loop visits the block's key box one grid row (run) at a time:
// rows x ceil(columns / 64) tiles (64 keys per tile); tile t is run t /
// tilesPerRun, whose start moves by 40 keys (one grid row) per run.
// CHECK-LABEL: func.func @neighborhood
// CHECK:         scf.parallel
// CHECK:           %[[ROWQ:.+]] = memref.alloca() : memref<48xindex>
// CHECK:           scf.for %[[R:.+]] = %c0 to %c48 step %c1 {
// CHECK:             %[[STRIP:.+]] = arith.floordivsi %[[WITHIN:.+]], %c288
// CHECK:             %[[START:.+]] = arith.muli %[[STRIP]], %c288
// CHECK:             %[[IN:.+]] = arith.subi %[[WITHIN]], %[[START]]
// CHECK:             %[[Y:.+]] = arith.floordivsi %[[IN]], %c6
// CHECK:             %[[NARROW:.+]] = arith.cmpi sge, %[[STRIP]], %c6
// CHECK:             %[[YN:.+]] = arith.floordivsi %[[IN]], %c4
// CHECK:             arith.select %[[NARROW]], %[[YN]], %[[Y]]
// CHECK:             memref.store %{{.+}}, %[[ROWQ]][%[[R]]]
// CHECK:           memref.load %[[ROWQ]]
// CHECK:           %[[PER:.+]] = arith.ceildivsi %{{.+}}, %c64
// CHECK-NEXT:      %[[COUNT:.+]] = arith.muli %[[ROWS:.+]], %[[PER]]
// CHECK-NEXT:      scf.for %[[T:.+]] = %c0 to %[[COUNT]] step %c1 {
// CHECK-NEXT:        %[[RI:.+]] = arith.divsi %[[T]], %[[PER]]
// CHECK:             %[[DIGIT0:.+]] = arith.divsi %[[RI]], %[[ROWS]]
// CHECK-NEXT:        %[[DIGIT1:.+]] = arith.muli %[[DIGIT0]], %[[ROWS]]
// CHECK-NEXT:        %[[DIGIT:.+]] = arith.subi %[[RI]], %[[DIGIT1]]
// CHECK-NEXT:        %[[OFFSET:.+]] = arith.muli %[[DIGIT]], %c40
// CHECK-NEXT:        arith.addi %{{.+}}, %[[OFFSET]]
//                    Tiles outside the key box are skipped.
// CHECK:             scf.if
// TILES-LABEL: func.func @neighborhood
// TILES:         arith.ceildivsi %{{.+}}, %c32
// TILES:         scf.for
// TILES:           arith.muli %{{.+}}, %c40
func.func @neighborhood(%q: tensor<1x2x1920x32xf32>, %k: tensor<1x2x1920x32xf32>,
                        %v: tensor<1x2x1920x32xf32>) -> tensor<1x2x1920x32xf32> {
  %o = attn.attention %q, %k, %v mask(#attn.neighborhood<grid = [48, 40], window = [7, 7]>)
    : tensor<1x2x1920x32xf32>, tensor<1x2x1920x32xf32>, tensor<1x2x1920x32xf32> -> tensor<1x2x1920x32xf32>
  return %o : tensor<1x2x1920x32xf32>
}
