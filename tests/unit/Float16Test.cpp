//===- Float16Test.cpp - float16 <-> float32 as the hardware rounds -------===//

#include "runtime/Float16.h"

#include <cmath>
#include <gtest/gtest.h>

using namespace convt;

namespace {

// Every half widens and narrows back to itself (NaNs stay NaNs).
TEST(Float16Test, EveryHalfRoundTrips) {
  for (uint32_t h = 0; h < 65536; ++h) {
    const float f = fromFloat16(static_cast<uint16_t>(h));
    const bool nan = ((h >> 10) & 31) == 31 && (h & 0x3ff);
    if (nan) {
      EXPECT_TRUE(std::isnan(f)) << h;
      EXPECT_TRUE(std::isnan(fromFloat16(toFloat16(f)))) << h;
    } else {
      EXPECT_EQ(toFloat16(f), h) << h;
    }
  }
}

// Nearest, ties to even; overflow to infinity; subnormals.
TEST(Float16Test, Rounding) {
  EXPECT_EQ(toFloat16(65504.f), 0x7bff);          // the largest half
  EXPECT_EQ(toFloat16(65519.f), 0x7bff);          // below the midpoint
  EXPECT_EQ(toFloat16(65520.f), 0x7c00);          // the midpoint: to infinity
  EXPECT_EQ(toFloat16(1.f + 1.f / 2048), 0x3c00); // a tie: to even (1.0)
  EXPECT_EQ(toFloat16(1.f + 3.f / 2048), 0x3c02); // a tie: to even (up)
  EXPECT_EQ(toFloat16(std::ldexp(1.f, -24)), 0x0001);
  EXPECT_EQ(toFloat16(std::ldexp(1.f, -25)), 0x0000); // a tie: to even (0)
  EXPECT_EQ(toFloat16(std::ldexp(3.f, -26)), 0x0001);
  EXPECT_EQ(toFloat16(-0.f), 0x8000);
  EXPECT_EQ(fromFloat16(0x3555), 0.333251953125f);
}

} // namespace
