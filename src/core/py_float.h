// src/core/py_float.h
//
// Text form of doubles exactly as Python's repr() prints them (spec Appendix A):
// shortest round-trip digits; positional for 1e-4 <= |x| < 1e16 and for zero,
// always with a digit after the point ("10.0"); scientific otherwise with a
// sign and at least two exponent digits ("1e-05", "1.4210854715202004e-14",
// "1e+16"); "-0.0" keeps its sign; "nan", "inf", "-inf".
#pragma once

#include <string>

namespace orbit {

void AppendPyFloat(std::string& out, double value);
std::string PyFloat(double value);

}  // namespace orbit
