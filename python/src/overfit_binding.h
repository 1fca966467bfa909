// python/src/overfit_binding.h -- registers `_core.overfit_file` (orbit.overfit)
// and `_core.walk_forward_file` (orbit.walk_forward).
#pragma once

#include <nanobind/nanobind.h>

namespace orbit::python {
void BindOverfit(nanobind::module_& m);
}
