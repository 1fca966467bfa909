#include "core/py_float.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace orbit {
namespace {

TEST(PyFloat, PositionalRange) {
  EXPECT_EQ(PyFloat(10.0), "10.0");
  EXPECT_EQ(PyFloat(5004.25), "5004.25");
  EXPECT_EQ(PyFloat(0.20000000000000284), "0.20000000000000284");
  EXPECT_EQ(PyFloat(0.0001), "0.0001");
  EXPECT_EQ(PyFloat(9999999999999998.0), "9999999999999998.0");
  EXPECT_EQ(PyFloat(123456789012345.6), "123456789012345.6");
  EXPECT_EQ(PyFloat(-8.0), "-8.0");
}

TEST(PyFloat, ScientificOutsideRange) {
  EXPECT_EQ(PyFloat(1.4210854715202004e-14), "1.4210854715202004e-14");
  EXPECT_EQ(PyFloat(1.9999999999999998e-05), "1.9999999999999998e-05");
  EXPECT_EQ(PyFloat(1e16), "1e+16");
  EXPECT_EQ(PyFloat(1e-5), "1e-05");
  EXPECT_EQ(PyFloat(1.5e300), "1.5e+300");
  EXPECT_EQ(PyFloat(5e-324), "5e-324");
}

TEST(PyFloat, SpecialValues) {
  EXPECT_EQ(PyFloat(0.0), "0.0");
  EXPECT_EQ(PyFloat(-0.0), "-0.0");
  EXPECT_EQ(PyFloat(std::nan("")), "nan");
  EXPECT_EQ(PyFloat(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(PyFloat(-std::numeric_limits<double>::infinity()), "-inf");
}

}  // namespace
}  // namespace orbit
