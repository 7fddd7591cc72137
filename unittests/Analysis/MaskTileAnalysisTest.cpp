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
    };
    return masks;
  }

  /// Checks soundness of keyRange and isFullTile for every tiling.
  void checkSound(MaskAttrInterface mask, int64_t lq, int64_t lk,
                  int64_t tq, int64_t tk) {
    IntDomain d;
    for (int64_t q0 = 0; q0 < lq; q0 += tq) {
      int64_t q1 = std::min(lq, q0 + tq);
      QueryBlock<IntDomain> qb{q0, q1, lq, lk};
      KeyRange<IntDomain> range = keyRange(mask, d, qb);
      for (int64_t q = q0; q < q1; ++q)
        for (int64_t k = 0; k < lk; ++k)
          if (mask.isKept(q, k, lq, lk))
            ASSERT_TRUE(range.lo <= k && k < range.hi)
                << "key " << k << " of query " << q << " outside [" << range.lo
                << ", " << range.hi << ") for Lq=" << lq << " Lk=" << lk;
      for (int64_t k0 = 0; k0 < lk; k0 += tk) {
        int64_t k1 = std::min(lk, k0 + tk);
        if (!isFullTile(mask, d, qb, k0, k1))
          continue;
        for (int64_t q = q0; q < q1; ++q)
          for (int64_t k = k0; k < k1; ++k)
            ASSERT_TRUE(mask.isKept(q, k, lq, lk))
                << "tile [" << q0 << "," << q1 << ")x[" << k0 << "," << k1
                << ") proven full but (" << q << "," << k << ") is masked";
      }
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

} // namespace
