// src/core/error.h
//
// Errors (the public orbit::Error, include/orbit/error.h) and the debug-checked
// contract macro for `REQUIRES:` comments.
#pragma once

#include <cstdio>
#include <cstdlib>

#include "orbit/error.h"

// ORBIT_DCHECK(cond): checks a REQUIRES contract in debug builds (and sanitizer
// builds, which define ORBIT_DEBUG_CHECKS); compiled out of release builds. A
// violated contract is a bug in Orbit, never a user error: it aborts with the
// location.
#if !defined(NDEBUG) || defined(ORBIT_DEBUG_CHECKS)
#define ORBIT_DCHECK(cond)                                                                              \
  do {                                                                                                  \
    if (!(cond)) {                                                                                      \
      std::fprintf(stderr, "orbit: internal contract violated at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                                     \
    }                                                                                                   \
  } while (0)
#else
#define ORBIT_DCHECK(cond) \
  do {                     \
  } while (0)
#endif
