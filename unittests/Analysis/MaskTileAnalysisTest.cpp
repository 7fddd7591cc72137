//===- MaskTileAnalysisTest.cpp - tests of the mask tile analysis ---------===//
//
// Soundness is checked exhaustively against the masks' own predicate
// (isKept) on every tile of many shapes: a key range must contain every kept
// key, and a tile proven full must keep every pair. Precision is checked on
// the cases the kernel depends on for its speed (causal, window, prefix-LM).
//
//===----------------------------------------------------------------------===//

#include "attnc/Analysis/MaskTileAnalysis.h"

#include "mlir/IR/MLIRContext.h"
#include "gtest/gtest.h"

#include <random>

using namespace attnc;
using namespace attnc::attn;

namespace {

class MaskTileAnalysisTest : public ::testing::Test {
protected:
  MaskTileAnalysisTest() { ctx.loadDialect<AttnDialect>(); }

  MaskAttrInterface causal(Alignment a = Alignment::top_left) {
    return CausalAttr::get(&ctx, a);
  }
  MaskAttrInterface window(int64_t l, int64_t r,
                           Alignment a = Alignment::top_left) {
    return WindowAttr::get(&ctx, l, r, a);
  }
  MaskAttrInterface prefix(int64_t p) { return PrefixLMAttr::get(&ctx, p); }
  MaskAttrInterface both(MaskAttrInterface x, MaskAttrInterface y) {
    return AndMaskAttr::get(&ctx, {x, y});
  }
  MaskAttrInterface either(MaskAttrInterface x, MaskAttrInterface y) {
    return OrMaskAttr::get(&ctx, {x, y});
  }
  MaskAttrInterface negate(MaskAttrInterface x) {
    return NotMaskAttr::get(&ctx, x);
  }
  MaskAttrInterface sink(int64_t n) { return SinkAttr::get(&ctx, n); }
  MaskAttrInterface blocked(int64_t size, Alignment a = Alignment::top_left) {
    return BlockedAttr::get(&ctx, size, a);
  }
  MaskAttrInterface power(int64_t local, Alignment a = Alignment::top_left) {
    return PowerAttr::get(&ctx, local, a);
  }
  MaskAttrInterface document() { return DocumentAttr::get(&ctx, 0, 1); }
  /// #attn.affine from rows {q, k, Lq, Lk, constant, equality}.
  MaskAttrInterface affine(std::vector<AffineConstraint> rows) {
    return AffineMaskAttr::get(&ctx, llvm::ArrayRef<AffineConstraint>(rows));
  }
  NeighborhoodAttr neighborhood(std::vector<int64_t> grid,
                                std::vector<int64_t> window,
                                std::vector<int64_t> dilation = {},
                                std::vector<int64_t> stride = {},
                                std::vector<bool> causal = {}) {
    if (dilation.empty())
      dilation.assign(grid.size(), 1);
    if (stride.empty())
      stride.assign(grid.size(), 1);
    if (causal.empty())
      causal.assign(grid.size(), false);
    llvm::SmallVector<bool> c(causal.begin(), causal.end());
    return NeighborhoodAttr::get(&ctx, grid, window, dilation, stride, c);
  }

  /// Neighbourhoods of every kind of axis: borders, dilation groups of two
  /// lengths, strides that do not divide the extent, causal axes, and
  /// composition; the grid is small enough for exhaustive checks.
  std::vector<NeighborhoodAttr> neighborhoods() {
    return {
        neighborhood({23}, {5}),
        neighborhood({23}, {4}, {1}, {1}, {true}),
        neighborhood({23}, {3}, {3}),
        neighborhood({23}, {4}, {2}, {3}),
        neighborhood({23}, {6}, {1}, {4}, {true}),
        neighborhood({23}, {23}),
        neighborhood({5, 7}, {3, 3}),
        neighborhood({5, 7}, {2, 5}, {2, 1}, {1, 2}),
        neighborhood({6, 7}, {3, 2}, {1, 3}, {3, 2}, {true, false}),
        neighborhood({6, 7}, {1, 7}, {1, 1}, {1, 7}, {false, true}),
        neighborhood({3, 4, 5}, {3, 2, 3}),
        neighborhood({3, 4, 5}, {2, 2, 2}, {1, 2, 1}, {2, 1, 2},
                     {true, false, true}),
    };
  }

  /// Every kept key of the queries [q0, q1) lies in one of the key runs.
  void checkRunsCover(MaskAttrInterface mask, int64_t n, int64_t q0,
                      int64_t q1) {
    std::vector<int64_t> queries;
    for (int64_t q = q0; q < q1; ++q)
      queries.push_back(q);
    checkRunsCover(mask, QueryBlock<IntDomain>{q0, q1, n, n}, queries);
  }

  /// Every kept key of `queries`, the block `qb`, lies in one of the runs.
  void checkRunsCover(MaskAttrInterface mask, const QueryBlock<IntDomain> &qb,
                      const std::vector<int64_t> &queries) {
    IntDomain d;
    int64_t n = qb.keyLen;
    std::optional<KeyRuns<IntDomain>> runs = keyRuns(mask, d, qb);
    ASSERT_TRUE(runs.has_value());
    std::vector<bool> covered(n, false);
    int64_t count = 1;
    for (auto [extent, pitch] : runs->outer)
      count *= extent;
    for (int64_t r = 0; r < count; ++r) {
      int64_t start = runs->start, rest = r;
      for (auto it = runs->outer.rbegin(); it != runs->outer.rend(); ++it) {
        start += (rest % it->first) * it->second;
        rest /= it->first;
      }
      for (int64_t k = start; k < start + runs->length && k < n; ++k) {
        ASSERT_GE(k, 0);
        ASSERT_FALSE(covered[k]) << "runs overlap at key " << k;
        covered[k] = true;
      }
    }
    for (int64_t q : queries)
      for (int64_t k = 0; k < n; ++k)
        if (mask.isKept(q, k, n, n, noInputs))
          ASSERT_TRUE(covered[k]) << "key " << k << " of query " << q
                                  << " is in no run";
  }

  /// The key runs of a block on a 2-D grid of 64 columns: `rows` runs of
  /// `length` keys from `start`.
  void expectRuns(MaskAttrInterface mask, const QueryBlock<IntDomain> &qb,
                  int64_t start, int64_t length, int64_t rows) {
    IntDomain d;
    std::optional<KeyRuns<IntDomain>> runs = keyRuns(mask, d, qb);
    ASSERT_TRUE(runs.has_value());
    EXPECT_EQ(runs->start, start);
    EXPECT_EQ(runs->length, length);
    ASSERT_EQ(runs->outer.size(), 1u);
    EXPECT_EQ(runs->outer[0].first, rows);
    EXPECT_EQ(runs->outer[0].second, 64);
  }

  /// Every mask shape the kernel may meet, composed.
  std::vector<MaskAttrInterface> allMasks() {
    std::vector<MaskAttrInterface> masks = {
        causal(),
        causal(Alignment::bottom_right),
        window(3, 0),
        window(2, 5),
        window(4, 1, Alignment::bottom_right),
        window(0, 0),
        prefix(5),
        prefix(0),
        both(causal(), window(6, 0)),
        either(window(2, 2), prefix(3)),
        both(causal(Alignment::bottom_right), either(window(3, 0), prefix(2))),
        negate(window(1, 1)),
        negate(causal()),
        both(causal(), negate(causal())),
        either(causal(), negate(causal())),
        sink(3),
        sink(0),
        blocked(4),
        blocked(3, Alignment::bottom_right),
        power(0),
        power(2),
        power(1, Alignment::bottom_right),
        both(causal(), either(sink(2), window(3, 0))),
        both(causal(), blocked(5)),
        negate(blocked(4)),
        either(power(0), sink(1)),
        negate(power(1)),
        // Bottom-right causal, a band of slope 2, a diagonal, a constraint
        // on the queries alone, composed with the named masks.
        affine({{1, -1, -1, 1, 0, false}}),
        affine({{2, -1, 0, 0, 1, false}, {-1, 1, 0, 0, 3, false}}),
        affine({{1, -1, 0, 0, 0, true}}),
        affine({{-2, 3, 0, 0, 0, true}}),
        affine({{-1, 0, 1, 0, -3, false}}),
        affine({{0, 2, 0, -1, 0, false}}),
        either(sink(2), affine({{1, -3, 0, 0, 2, false}})),
        negate(affine({{1, -1, 0, 0, -2, false}})),
    };
    return masks;
  }

  /// The reader for masks over no runtime data.
  static double noInputs(unsigned, int64_t, int64_t) {
    ADD_FAILURE() << "a mask without inputs read one";
    return 0;
  }

  /// Checks soundness of keyRange and isFullTile for every tiling.
  void checkSound(MaskAttrInterface mask, int64_t lq, int64_t lk,
                  int64_t tq, int64_t tk) {
    for (int64_t q0 = 0; q0 < lq; q0 += tq) {
      int64_t q1 = std::min(lq, q0 + tq);
      std::vector<int64_t> queries;
      for (int64_t q = q0; q < q1; ++q)
        queries.push_back(q);
      checkBlockSound(mask, QueryBlock<IntDomain>{q0, q1, lq, lk}, queries, tk);
    }
  }

  /// Checks every claim of the analysis for the block `qb` of `queries`
  /// against every key tile of `tk` keys.
  void checkBlockSound(MaskAttrInterface mask, const QueryBlock<IntDomain> &qb,
                       const std::vector<int64_t> &queries, int64_t tk) {
    IntDomain d;
    int64_t lq = qb.queryLen, lk = qb.keyLen;
    KeyRange<IntDomain> range = keyRange(mask, d, qb);
    KeySpans<IntDomain> spans = keySpans(mask, d, qb);
    KeyRange<IntDomain> second = spans.second.value_or(
        KeyRange<IntDomain>{spans.first.hi, spans.first.hi});
    auto in = [](const KeyRange<IntDomain> &r, int64_t k) {
      return r.lo <= k && k < r.hi;
    };
    // The kernel visits both spans: overlap would count keys twice.
    ASSERT_TRUE(spans.first.hi <= second.lo ||
                spans.first.hi <= spans.first.lo || second.hi <= second.lo)
        << "spans [" << spans.first.lo << ", " << spans.first.hi << ") and ["
        << second.lo << ", " << second.hi << ") overlap";
    for (int64_t q : queries)
      for (int64_t k = 0; k < lk; ++k)
        if (mask.isKept(q, k, lq, lk, noInputs)) {
          ASSERT_TRUE(in(range, k))
              << "key " << k << " of query " << q << " outside [" << range.lo
              << ", " << range.hi << ") for Lq=" << lq << " Lk=" << lk;
          ASSERT_TRUE(in(spans.first, k) || in(second, k))
              << "key " << k << " of query " << q << " outside the spans ["
              << spans.first.lo << ", " << spans.first.hi << ") and ["
              << second.lo << ", " << second.hi << ")";
        }
    for (int64_t k0 = 0; k0 < lk; k0 += tk) {
      int64_t k1 = std::min(lk, k0 + tk);
      KeyRange<IntDomain> inTile = tileKeyRange(mask, d, qb, k0, k1);
      for (int64_t q : queries)
        for (int64_t k = k0; k < k1; ++k)
          ASSERT_TRUE(!mask.isKept(q, k, lq, lk, noInputs) || in(inTile, k))
              << "key " << k << " of query " << q << " outside the tile's "
              << "range [" << inTile.lo << ", " << inTile.hi << ")";
      // A tile proven empty (full) keeps no (every) pair.
      auto checkProof = [&](bool kept, const char *claim) {
        for (int64_t q : queries)
          for (int64_t k = k0; k < k1; ++k)
            ASSERT_EQ(mask.isKept(q, k, lq, lk, noInputs), kept)
                << "tile of queries [" << qb.q0 << "," << qb.q1 << ") x keys ["
                << k0 << "," << k1 << ") proven " << claim << " but (" << q
                << "," << k << ") is not";
      };
      if (isEmptyTile(mask, d, qb, k0, k1))
        checkProof(false, "empty");
      if (isFullTile(mask, d, qb, k0, k1))
        checkProof(true, "full");
    }
  }

  mlir::MLIRContext ctx;
};

TEST_F(MaskTileAnalysisTest, SoundOnAllShapes) {
  for (MaskAttrInterface mask : allMasks())
    for (int64_t lq : {1, 5, 16, 23})
      for (int64_t lk : {0, 1, 7, 16, 31})
        for (int64_t tq : {1, 4, 7})
          for (int64_t tk : {1, 3, 8})
            checkSound(mask, lq, lk, tq, tk);
}

TEST_F(MaskTileAnalysisTest, AffineSoundForRandomConstraints) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int64_t> coefficient(-3, 3), constant(-12, 12);
  for (int trial = 0; trial < 150; ++trial) {
    std::vector<AffineConstraint> rows(1 + trial % 3);
    for (AffineConstraint &c : rows) {
      c = {coefficient(rng), coefficient(rng), coefficient(rng) / 2,
           coefficient(rng) / 2, constant(rng), trial % 7 == 0};
    }
    for (int64_t lq : {1, 9, 20})
      for (int64_t lk : {0, 7, 26})
        for (int64_t tq : {1, 5})
          for (int64_t tk : {1, 4, 8})
            checkSound(affine(rows), lq, lk, tq, tk);
  }
}

TEST_F(MaskTileAnalysisTest, AffineIsAsPreciseAsTheNamedMasks) {
  IntDomain d;
  // Constraints of causal and of a 50-key window classify their tiles as
  // the named masks do.
  MaskAttrInterface affineCausal = affine({{1, -1, 0, 0, 0, false}});
  MaskAttrInterface affineWindow =
      affine({{1, -1, 0, 0, 0, false}, {-1, 1, 0, 0, 50, false}});
  for (int64_t q0 : {0, 16, 100})
    for (int64_t lk : {64, 164, 1000}) {
      QueryBlock<IntDomain> qb{q0, q0 + 10, 1000, lk};
      for (auto [named, same] : {std::pair{causal(), affineCausal},
                                 std::pair{window(50, 0), affineWindow}}) {
        KeyRange<IntDomain> a = keyRange(named, d, qb), b = keyRange(same, d, qb);
        EXPECT_EQ(std::max<int64_t>(a.lo, 0), b.lo);
        EXPECT_EQ(std::min(a.hi, lk), b.hi);
        for (int64_t k0 = 0; k0 < lk; k0 += 8)
          for (int64_t k1 : {k0 + 1, k0 + 8, k0 + 40}) {
            EXPECT_EQ(isFullTile(named, d, qb, k0, k1),
                      isFullTile(same, d, qb, k0, k1));
            EXPECT_EQ(isEmptyTile(named, d, qb, k0, k1),
                      isEmptyTile(same, d, qb, k0, k1));
          }
      }
    }
  // k >= 2q - 1 and k <= 2q + 1 for queries [10, 20): keys [19, 40).
  QueryBlock<IntDomain> qb{10, 20, 100, 100};
  MaskAttrInterface slope =
      affine({{-2, 1, 0, 0, 1, false}, {2, -1, 0, 0, 1, false}});
  KeyRange<IntDomain> r = keyRange(slope, d, qb);
  EXPECT_EQ(r.lo, 19);
  EXPECT_EQ(r.hi, 40);
  // 3k == 2q: the kept keys 8, 10, 12 (q = 12, 15, 18) lie within the
  // bounds of 2q / 3 over the block, [7, 13).
  KeyRange<IntDomain> eq = keyRange(affine({{2, -3, 0, 0, 0, true}}), d, qb);
  EXPECT_EQ(eq.lo, 7);
  EXPECT_EQ(eq.hi, 13);
  // A constraint on the queries alone (q >= Lq - 5) empties early blocks.
  MaskAttrInterface late = affine({{1, 0, -1, 0, 5, false}});
  EXPECT_LE(keyRange(late, d, qb).hi, keyRange(late, d, qb).lo);
  EXPECT_TRUE(isEmptyTile(late, d, qb, 0, 100));
  QueryBlock<IntDomain> last{95, 100, 100, 100};
  EXPECT_TRUE(isFullTile(late, d, last, 0, 100));
}

TEST_F(MaskTileAnalysisTest, NullMaskKeepsEverything) {
  IntDomain d;
  QueryBlock<IntDomain> qb{8, 16, 32, 40};
  KeyRange<IntDomain> r = keyRange(MaskAttrInterface(), d, qb);
  EXPECT_EQ(r.lo, 0);
  EXPECT_EQ(r.hi, 40);
  EXPECT_TRUE(isFullTile(MaskAttrInterface(), d, qb, 0, 40));
}

TEST_F(MaskTileAnalysisTest, CausalSkipsAboveAndProvesBelowDiagonal) {
  IntDomain d;
  // Queries [16, 32) of 64: keys [0, 32) may be kept.
  QueryBlock<IntDomain> qb{16, 32, 64, 64};
  KeyRange<IntDomain> r = keyRange(causal(), d, qb);
  EXPECT_EQ(r.lo, 0);
  EXPECT_EQ(r.hi, 32);
  EXPECT_TRUE(isFullTile(causal(), d, qb, 0, 16));   // below the diagonal
  EXPECT_TRUE(isFullTile(causal(), d, qb, 8, 17));   // up to key q0
  EXPECT_FALSE(isFullTile(causal(), d, qb, 16, 32)); // the diagonal tile
  // Bottom-right with Lk - Lq = 100: everything shifts right by 100.
  QueryBlock<IntDomain> br{16, 32, 64, 164};
  KeyRange<IntDomain> rb = keyRange(causal(Alignment::bottom_right), d, br);
  EXPECT_EQ(rb.hi, 132);
  EXPECT_TRUE(isFullTile(causal(Alignment::bottom_right), d, br, 0, 117));
  EXPECT_FALSE(isFullTile(causal(Alignment::bottom_right), d, br, 0, 118));
}

TEST_F(MaskTileAnalysisTest, WindowRangeFollowsTheWindow) {
  IntDomain d;
  QueryBlock<IntDomain> qb{100, 110, 1000, 1000};
  KeyRange<IntDomain> r = keyRange(window(50, 0), d, qb);
  EXPECT_EQ(r.lo, 50);
  EXPECT_EQ(r.hi, 110);
  // Keys [59, 101) are visible to every query in [100, 110).
  EXPECT_TRUE(isFullTile(window(50, 0), d, qb, 59, 101));
  EXPECT_FALSE(isFullTile(window(50, 0), d, qb, 58, 101));
  EXPECT_FALSE(isFullTile(window(50, 0), d, qb, 59, 102));
}

TEST_F(MaskTileAnalysisTest, PrefixLMCoversThePrefixAndTheCausalPart) {
  IntDomain d;
  QueryBlock<IntDomain> qb{4, 8, 64, 64};
  KeyRange<IntDomain> r = keyRange(prefix(20), d, qb);
  EXPECT_EQ(r.lo, 0);
  EXPECT_EQ(r.hi, 20);
  EXPECT_TRUE(isFullTile(prefix(20), d, qb, 0, 20));
  QueryBlock<IntDomain> late{40, 48, 64, 64};
  EXPECT_EQ(keyRange(prefix(20), d, late).hi, 48);
  EXPECT_TRUE(isFullTile(prefix(20), d, late, 0, 41));
  EXPECT_FALSE(isFullTile(prefix(20), d, late, 0, 42));
}

TEST_F(MaskTileAnalysisTest, CompositionIntersectsAndUnites) {
  IntDomain d;
  QueryBlock<IntDomain> qb{100, 110, 1000, 1000};
  // causal AND window(20): the window's range, clipped by causality.
  KeyRange<IntDomain> r = keyRange(both(causal(), window(20, 5)), d, qb);
  EXPECT_EQ(r.lo, 80);
  EXPECT_EQ(r.hi, 110);
  // window OR prefix: the hull of both.
  KeyRange<IntDomain> u = keyRange(either(window(20, 0), prefix(4)), d, qb);
  EXPECT_EQ(u.lo, 0);
  EXPECT_EQ(u.hi, 110);
  EXPECT_TRUE(isFullTile(either(window(20, 0), prefix(4)), d, qb, 0, 4));
  // not(window) is full exactly where the window keeps nothing.
  EXPECT_TRUE(isFullTile(negate(window(20, 0)), d, qb, 0, 80));
  EXPECT_FALSE(isFullTile(negate(window(20, 0)), d, qb, 0, 81));
}

TEST_F(MaskTileAnalysisTest, SinkAndWindowSkipTheGap) {
  IntDomain d;
  MaskAttrInterface m = both(causal(), either(sink(4), window(16, 0)));
  QueryBlock<IntDomain> qb{100, 108, 1000, 1000};
  // The range is the hull, but the tiles between sink and window are empty.
  EXPECT_EQ(keyRange(m, d, qb).lo, 0);
  EXPECT_TRUE(isFullTile(m, d, qb, 0, 4));
  EXPECT_TRUE(isEmptyTile(m, d, qb, 4, 84));
  EXPECT_FALSE(isEmptyTile(m, d, qb, 4, 85));
  EXPECT_FALSE(isEmptyTile(m, d, qb, 0, 8));
  // The spans leave the gap out: the sinks, then the window.
  KeySpans<IntDomain> spans = keySpans(m, d, qb);
  EXPECT_EQ(spans.first.lo, 0);
  EXPECT_EQ(spans.first.hi, 4);
  ASSERT_TRUE(spans.second);
  EXPECT_EQ(spans.second->lo, 84);
  EXPECT_EQ(spans.second->hi, 108);
  // Early queries: the window covers the sinks, the second span is empty.
  QueryBlock<IntDomain> early{0, 8, 1000, 1000};
  KeySpans<IntDomain> e = keySpans(m, d, early);
  EXPECT_EQ(e.first.lo, 0);
  EXPECT_EQ(e.first.hi, 8);
  ASSERT_TRUE(e.second);
  EXPECT_GE(e.second->lo, e.second->hi);
  // One cluster, one span.
  EXPECT_FALSE(keySpans(window(16, 0), d, qb).second);
}

TEST_F(MaskTileAnalysisTest, BlockedRangeIsTheQueriesBlocks) {
  IntDomain d;
  QueryBlock<IntDomain> qb{70, 80, 1000, 1000};
  KeyRange<IntDomain> r = keyRange(blocked(64), d, qb);
  EXPECT_EQ(r.lo, 64);
  EXPECT_EQ(r.hi, 128);
  EXPECT_TRUE(isFullTile(blocked(64), d, qb, 64, 128));
  QueryBlock<IntDomain> straddle{60, 70, 1000, 1000};
  EXPECT_EQ(keyRange(blocked(64), d, straddle).lo, 0);
  EXPECT_FALSE(isFullTile(blocked(64), d, straddle, 0, 64));
  // Bottom-right with Lq > Lk: positions are negative for early queries.
  QueryBlock<IntDomain> neg{0, 4, 20, 10};
  EXPECT_EQ(keyRange(blocked(4, Alignment::bottom_right), d, neg).lo, -12);
}

TEST_F(MaskTileAnalysisTest, PowerSkipsTilesBetweenPowersOfTwo) {
  IntDomain d;
  QueryBlock<IntDomain> qb{1000, 1008, 2048, 2048};
  // Distances [600, 700) hold no power of two; [480, 560) holds 512.
  EXPECT_TRUE(isEmptyTile(power(0), d, qb, 308, 401));
  EXPECT_FALSE(isEmptyTile(power(0), d, qb, 440, 521));
  // The local band is full.
  EXPECT_TRUE(isFullTile(power(8), d, qb, 1000, 1001));
  EXPECT_FALSE(isFullTile(power(8), d, qb, 998, 1001));
}

/// Ranges of the segment ids over a block and a tile, computed directly.
static TileInputRanges<IntDomain> idRanges(const std::vector<int64_t> &qIds,
                                           const std::vector<int64_t> &kIds,
                                           int64_t q0, int64_t q1, int64_t *k0,
                                           int64_t *k1) {
  auto range = [](const std::vector<int64_t> &ids, int64_t lo, int64_t hi) {
    InputRange<IntDomain> r{INT64_MAX, INT64_MIN};
    for (int64_t i = lo; i < hi; ++i)
      r = {std::min(r.min, ids[i]), std::max(r.max, ids[i])};
    return r;
  };
  return {[=, &qIds](unsigned) { return range(qIds, q0, q1); },
          [=, &kIds](unsigned) { return range(kIds, *k0, *k1); }};
}

TEST_F(MaskTileAnalysisTest, DocumentTilesFromIdRanges) {
  // Sorted ids (packed documents) and shuffled ones: soundness of empty
  // and full against the predicate, for every tiling.
  std::vector<std::vector<int64_t>> idSets = {
      {0, 0, 0, 1, 1, 2, 2, 2, 2, 2, 3, 4, 4, 4, 4, 4, 4, 5, 5},
      {3, 1, 1, 0, 2, 2, 0, 3, 3, 1, 0, 0, 2, 1, 3, 3, 2, 0, 1}};
  std::vector<MaskAttrInterface> masks = {
      document(), both(causal(), document()), negate(document()),
      either(document(), sink(2))};
  IntDomain d;
  for (const std::vector<int64_t> &ids : idSets)
    for (MaskAttrInterface mask : masks)
      for (int64_t tq : {1, 3, 5})
        for (int64_t tk : {1, 4, 6}) {
          int64_t n = ids.size();
          int64_t full = 0, empty = 0;
          for (int64_t q0 = 0; q0 < n; q0 += tq) {
            int64_t q1 = std::min(n, q0 + tq);
            QueryBlock<IntDomain> qb{q0, q1, n, n};
            for (int64_t k0 = 0; k0 < n; k0 += tk) {
              int64_t k1 = std::min(n, k0 + tk);
              TileInputRanges<IntDomain> ranges =
                  idRanges(ids, ids, q0, q1, &k0, &k1);
              bool isEmpty = isEmptyTile(mask, d, qb, k0, k1, &ranges);
              bool isFull = isFullTile(mask, d, qb, k0, k1, &ranges);
              // The kernel narrows row groups by this, without the ids.
              KeyRange<IntDomain> cols = tileKeyRange(mask, d, qb, k0, k1);
              empty += isEmpty;
              full += isFull;
              for (int64_t q = q0; q < q1; ++q)
                for (int64_t k = k0; k < k1; ++k) {
                  // Input 0: query ids, input 1: key ids.
                  auto inputs = [&](unsigned input, int64_t qq, int64_t kk) {
                    return double(ids[input == 0 ? qq : kk]);
                  };
                  bool kept = mask.isKept(q, k, n, n, inputs);
                  ASSERT_FALSE(kept && (k < cols.lo || k >= cols.hi))
                      << q << "," << k;
                  ASSERT_FALSE(isEmpty && kept) << q << "," << k;
                  ASSERT_FALSE(isFull && !kept) << q << "," << k;
                }
            }
          }
          // Sorted ids with 1x1 tiles classify every tile.
          if (&ids == &idSets[0] && tq == 1 && tk == 1 && mask == document())
            EXPECT_EQ(full + empty, n * n);
        }
}

// Token trees: random parent links (each parent before its node), alone
// and composed; the ranges, full and empty tiles must hold for every pair.
TEST_F(MaskTileAnalysisTest, TreeTilesAreSoundForRandomTrees) {
  IntDomain d;
  std::mt19937 rng(7);
  MaskAttrInterface tree = TreeAttr::get(&ctx, 0);
  MaskAttrInterface masks[] = {tree, both(tree, window(5, 0, Alignment::bottom_right)),
                               either(tree, sink(2)), negate(tree)};
  for (int64_t lq : {1, 6, 13})
    for (int64_t lk : {3, 13, 40}) {
      std::vector<int64_t> parent(lq);
      for (int64_t i = 0; i < lq; ++i)
        parent[i] = std::uniform_int_distribution<int64_t>(-1, i - 1)(rng);
      auto inputs = [&](unsigned, int64_t q, int64_t) {
        return double(parent[q]);
      };
      for (MaskAttrInterface mask : masks)
        for (int64_t tq : {1, 4})
          for (int64_t tk : {1, 5, 8})
            for (int64_t q0 = 0; q0 < lq; q0 += tq) {
              int64_t q1 = std::min(lq, q0 + tq);
              QueryBlock<IntDomain> qb{q0, q1, lq, lk};
              KeyRange<IntDomain> range = keyRange(mask, d, qb);
              for (int64_t k0 = 0; k0 < lk; k0 += tk) {
                int64_t k1 = std::min(lk, k0 + tk);
                bool full = isFullTile(mask, d, qb, k0, k1);
                bool empty = isEmptyTile(mask, d, qb, k0, k1);
                KeyRange<IntDomain> cols = tileKeyRange(mask, d, qb, k0, k1);
                for (int64_t q = q0; q < q1; ++q)
                  for (int64_t k = k0; k < k1; ++k) {
                    bool kept = mask.isKept(q, k, lq, lk, inputs);
                    ASSERT_FALSE(kept && (k < range.lo || k >= range.hi))
                        << q << "," << k;
                    ASSERT_FALSE(kept && (k < cols.lo || k >= cols.hi))
                        << q << "," << k;
                    ASSERT_FALSE(full && !kept) << q << "," << k;
                    ASSERT_FALSE(empty && kept) << q << "," << k;
                  }
              }
            }
    }
}

// A node sees the prefix, itself and its ancestors only.
TEST_F(MaskTileAnalysisTest, TreeKeepsThePrefixAndTheAncestors) {
  //      prefix (2 keys) -> 0 -> 1 -> 3
  //                           \-> 2
  std::vector<int64_t> parent = {-1, 0, 0, 1};
  auto inputs = [&](unsigned, int64_t q, int64_t) { return double(parent[q]); };
  MaskAttrInterface tree = TreeAttr::get(&ctx, 0);
  auto row = [&](int64_t q) {
    std::string s;
    for (int64_t k = 0; k < 6; ++k)
      s += tree.isKept(q, k, 4, 6, inputs) ? '1' : '0';
    return s;
  };
  EXPECT_EQ(row(0), "111000");
  EXPECT_EQ(row(1), "111100");
  EXPECT_EQ(row(2), "111010");
  EXPECT_EQ(row(3), "111101");
  // A link that does not point to an earlier node (1 -> 3, which the entry
  // point rejects) ends the walk there: 3 -> 2 -> 1, then stop.
  parent = {-1, 3, 1, 2};
  EXPECT_EQ(row(3), "110111");
  EXPECT_EQ(row(1), "110100");
}

TEST_F(MaskTileAnalysisTest, DocumentWithoutRangesIsUnknown) {
  IntDomain d;
  QueryBlock<IntDomain> qb{0, 4, 8, 8};
  EXPECT_FALSE(isFullTile(document(), d, qb, 0, 4));
  EXPECT_FALSE(isEmptyTile(document(), d, qb, 0, 4));
  EXPECT_EQ(keyRange(document(), d, qb).hi, 8);
}

TEST_F(MaskTileAnalysisTest, NeighborhoodSoundAndRunsCover) {
  for (NeighborhoodAttr na : neighborhoods()) {
    int64_t n = na.getNumTokens();
    std::vector<MaskAttrInterface> masks = {
        na, both(na, causal()), both(na, negate(causal())),
        either(na, sink(2)), negate(na)};
    for (MaskAttrInterface mask : masks)
      for (int64_t tq : {1, 4, 7, 24})
        for (int64_t tk : {1, 3, 8, 16})
          checkSound(mask, n, n, tq, tk);
    for (int64_t tq : {1, 5, 24})
      for (int64_t q0 = 0; q0 < n; q0 += tq) {
        checkRunsCover(na, n, q0, std::min(n, q0 + tq));
        checkRunsCover(both(causal(), na), n, q0, std::min(n, q0 + tq));
      }
  }
}

TEST_F(MaskTileAnalysisTest, NeighborhoodMatchesNATTENWindows) {
  auto keys = [&](NeighborhoodAttr na, int64_t q) {
    std::vector<int64_t> kept;
    for (int64_t k = 0; k < na.getNumTokens(); ++k)
      if (na.isKept(q, k, na.getNumTokens(), na.getNumTokens(), noInputs))
        kept.push_back(k);
    return kept;
  };
  using K = std::vector<int64_t>;
  // Windows shift inwards at the borders: always K keys.
  EXPECT_EQ(keys(neighborhood({10}, {3}), 0), (K{0, 1, 2}));
  EXPECT_EQ(keys(neighborhood({10}, {3}), 5), (K{4, 5, 6}));
  EXPECT_EQ(keys(neighborhood({10}, {3}), 9), (K{7, 8, 9}));
  EXPECT_EQ(keys(neighborhood({10}, {4}), 5), (K{3, 4, 5, 6}));
  // Dilation 2: groups {0, 2, ..., 8} and {1, 3, ..., 9}.
  EXPECT_EQ(keys(neighborhood({10}, {3}, {2}), 0), (K{0, 2, 4}));
  EXPECT_EQ(keys(neighborhood({10}, {3}, {2}), 9), (K{5, 7, 9}));
  EXPECT_EQ(keys(neighborhood({10}, {3}, {2}), 4), (K{2, 4, 6}));
  // Causal: the K - 1 keys before and itself, fewer at the start.
  EXPECT_EQ(keys(neighborhood({10}, {3}, {1}, {1}, {true}), 1), (K{0, 1}));
  EXPECT_EQ(keys(neighborhood({10}, {3}, {1}, {1}, {true}), 6), (K{4, 5, 6}));
  // Stride = window: blocks; causal, chunks.
  EXPECT_EQ(keys(neighborhood({9}, {3}, {1}, {3}), 4), (K{3, 4, 5}));
  EXPECT_EQ(keys(neighborhood({8}, {4}, {1}, {4}), 7), (K{4, 5, 6, 7}));
  EXPECT_EQ(keys(neighborhood({9}, {3}, {1}, {3}, {true}), 4), (K{3, 4}));
  // 2-D: the product of the axes' windows.
  EXPECT_EQ(keys(neighborhood({4, 5}, {3, 3}), 0), (K{0, 1, 2, 5, 6, 7, 10, 11, 12}));
  EXPECT_EQ(keys(neighborhood({4, 5}, {3, 3}), 13), (K{7, 8, 9, 12, 13, 14, 17, 18, 19}));
}

TEST_F(MaskTileAnalysisTest, NeighborhoodBoxFollowsTheWindow) {
  IntDomain d;
  // 7 x 7 on a 64 x 64 grid: queries (10, 20..43) see rows 7..13, columns
  // 17..46 of them.
  NeighborhoodAttr na = neighborhood({64, 64}, {7, 7});
  QueryBlock<IntDomain> qb{10 * 64 + 20, 10 * 64 + 44, 4096, 4096};
  expectRuns(na, qb, 7 * 64 + 17, 30, 7);
  // Within row 9 of the keys: columns [17, 47) of the tile [9*64, 10*64).
  KeyRange<IntDomain> r = tileKeyRange(na, d, qb, 9 * 64, 10 * 64);
  EXPECT_EQ(r.lo, 9 * 64 + 17);
  EXPECT_EQ(r.hi, 9 * 64 + 47);
  EXPECT_TRUE(isEmptyTile(na, d, qb, 9 * 64, 9 * 64 + 17));
  EXPECT_TRUE(isEmptyTile(na, d, qb, 14 * 64 + 20, 14 * 64 + 30));
  EXPECT_FALSE(isEmptyTile(na, d, qb, 9 * 64 + 10, 9 * 64 + 18));
  // Queries (10, 20..23) all see columns 20..23 of rows 7..13; a tile
  // spanning two rows has the whole row width in its box.
  QueryBlock<IntDomain> few{10 * 64 + 20, 10 * 64 + 24, 4096, 4096};
  EXPECT_TRUE(isFullTile(na, d, few, 8 * 64 + 20, 8 * 64 + 24));
  EXPECT_FALSE(isFullTile(na, d, few, 8 * 64 + 19, 8 * 64 + 24));
  EXPECT_FALSE(isFullTile(na, d, few, 8 * 64 + 20, 9 * 64 + 21));
  // Dilation is never proven full (neighbours are in other groups).
  EXPECT_FALSE(isFullTile(neighborhood({64}, {7}, {2}), d,
                          QueryBlock<IntDomain>{30, 31, 64, 64}, 30, 31));
}

TEST_F(MaskTileAnalysisTest, StripOrderIsAPermutation) {
  IntDomain d;
  for (NeighborhoodAttr na : neighborhoods()) {
    int64_t n = na.getNumTokens();
    if (na.getGrid().size() < 2)
      continue;
    int64_t nx = na.getGrid().back();
    for (int64_t width = 1; width <= nx; ++width) {
      std::vector<bool> seen(n, false);
      for (int64_t o = 0; o < n; ++o) {
        int64_t q = stripToken(na, width, d, o);
        ASSERT_TRUE(q >= 0 && q < n) << "ordinal " << o << " -> " << q;
        ASSERT_FALSE(seen[q]) << "query " << q << " twice (width " << width
                              << ")";
        seen[q] = true;
      }
    }
  }
  // 4 x 5, strips of 2 columns: (0,0) (0,1) (1,0) (1,1) ... then the
  // narrow strip of column 4.
  NeighborhoodAttr na = neighborhood({4, 5}, {3, 3});
  std::vector<int64_t> order;
  for (int64_t o = 0; o < 20; ++o)
    order.push_back(stripToken(na, 2, d, o));
  EXPECT_EQ(order, (std::vector<int64_t>{0, 1, 5, 6, 10, 11, 15, 16, 2, 3, 7,
                                         8, 12, 13, 17, 18, 4, 9, 14, 19}));
}

TEST_F(MaskTileAnalysisTest, StripBlocksAreSound) {
  IntDomain d;
  for (NeighborhoodAttr na : neighborhoods()) {
    if (na.getGrid().size() < 2)
      continue;
    int64_t n = na.getNumTokens(), nx = na.getGrid().back();
    std::vector<MaskAttrInterface> masks = {na, both(na, causal()),
                                            either(na, sink(2)), negate(na)};
    for (int64_t width : {int64_t(1), int64_t(2), nx - 1})
      for (int64_t tq : {1, 4, 6})
        for (int64_t o0 = 0; o0 < n; o0 += tq) {
          int64_t o1 = std::min(n, o0 + tq);
          QueryBlock<IntDomain> qb = stripBlock(na, width, d, o0, o1, n, n);
          std::vector<int64_t> queries;
          for (int64_t o = o0; o < o1; ++o)
            queries.push_back(stripToken(na, width, d, o));
          for (int64_t q : queries) {
            ASSERT_TRUE(qb.q0 <= q && q < qb.q1)
                << "query " << q << " outside [" << qb.q0 << ", " << qb.q1
                << ")";
            GridBox<IntDomain> point = tokenBox(na, d, q, q + 1);
            for (unsigned a = 0; a < point.size(); ++a)
              ASSERT_TRUE(qb.queries[a].lo <= point[a].lo &&
                          point[a].lo <= qb.queries[a].hi)
                  << "query " << q << " outside the box on axis " << a;
          }
          for (MaskAttrInterface mask : masks)
            for (int64_t tk : {1, 5, 16})
              checkBlockSound(mask, qb, queries, tk);
          checkRunsCover(na, qb, queries);
        }
  }
}

TEST_F(MaskTileAnalysisTest, StripsShrinkTheKeyBox) {
  IntDomain d;
  // 7 x 7 on 64 x 64: 24 queries as 4 rows of a 6-wide strip see 10 runs
  // of 12 keys, against 7 runs of 30 as a row segment.
  NeighborhoodAttr na = neighborhood({64, 64}, {7, 7});
  EXPECT_EQ(chooseStripWidth(na, 24, 48, 4), 6);
  // Strip 1 (columns 6..11), rows 8..11: ordinals 64*6 + 48 ... + 71.
  QueryBlock<IntDomain> qb =
      stripBlock(na, 6, d, 64 * 6 + 48, 64 * 6 + 72, 4096, 4096);
  expectRuns(na, qb, 5 * 64 + 3, 12, 10);
  // Every query of the patch sees rows 8..11, columns 8..9.
  EXPECT_TRUE(isFullTile(na, d, qb, 8 * 64 + 8, 8 * 64 + 10));
  EXPECT_TRUE(isFullTile(na, d, qb, 11 * 64 + 8, 11 * 64 + 10));
  EXPECT_FALSE(isFullTile(na, d, qb, 8 * 64 + 7, 8 * 64 + 10));
  EXPECT_FALSE(isFullTile(na, d, qb, 12 * 64 + 8, 12 * 64 + 10));
  // Strips must hold whole tasks: no width of strips of 64 rows holds a
  // whole number of tasks of 7 queries. One-axis grids keep row-major order.
  EXPECT_EQ(chooseStripWidth(na, 24, 7, 4), 0);
  EXPECT_EQ(chooseStripWidth(neighborhood({4096}, {7}), 24, 48, 4), 0);
  // Windows as wide as the grid gain nothing from strips.
  EXPECT_EQ(chooseStripWidth(neighborhood({8, 8}, {8, 8}), 24, 48, 4), 0);
  // The grids of test/Integration/neighborhood_strips.mlir (row groups of
  // 24 / G queries, tasks of 48 / G).
  NeighborhoodAttr grid48x20 = neighborhood({48, 20}, {5, 5});
  EXPECT_EQ(chooseStripWidth(grid48x20, 6, 12, 4), 3);  // G = 4, narrow
  EXPECT_EQ(chooseStripWidth(grid48x20, 12, 24, 4), 4); // G = 2
  EXPECT_EQ(chooseStripWidth(grid48x20, 24, 48, 4), 4); // G = 1
  EXPECT_EQ(chooseStripWidth(neighborhood({48, 22}, {5, 5}), 24, 48, 4), 4);
  EXPECT_EQ(chooseStripWidth(neighborhood({48, 20}, {7, 5}), 24, 48, 4), 4);
  EXPECT_EQ(chooseStripWidth(neighborhood({2, 24, 16}, {2, 5, 5}, {}, {},
                                          {true, false, false}),
                             24, 48, 4),
            4);
  EXPECT_EQ(chooseStripWidth(neighborhood({48, 24}, {3, 3}, {2, 2}), 24, 48,
                             4),
            4);
}

TEST_F(MaskTileAnalysisTest, StripsHoldWholeTasks) {
  // Whatever width is chosen, every task (and so every row group) lies in
  // one strip: strip and plane boundaries fall on task boundaries.
  IntDomain d;
  for (std::vector<int64_t> grid : std::vector<std::vector<int64_t>>{
           {64, 64}, {48, 20}, {24, 30}, {2, 24, 16}, {3, 12, 10}, {96, 7}})
    for (int64_t window : {3, 7})
      for (int64_t g : {1, 2, 3, 4, 6, 8, 12}) {
        std::vector<int64_t> windows(grid.size(), window);
        NeighborhoodAttr na = neighborhood(grid, windows);
        int64_t width = chooseStripWidth(na, 24 / g, 48 / g, 4);
        if (!width)
          continue;
        int64_t n = na.getNumTokens(), task = 48 / g;
        for (int64_t o0 = 0; o0 < n; o0 += task) {
          int64_t o1 = std::min(n, o0 + task);
          auto first = attnc::detail::stripPosition(na, width, d, o0);
          auto last = attnc::detail::stripPosition(na, width, d, o1 - 1);
          ASSERT_EQ(first.plane, last.plane) << "task at " << o0;
          ASSERT_EQ(first.strip, last.strip) << "task at " << o0;
        }
      }
}

} // namespace

