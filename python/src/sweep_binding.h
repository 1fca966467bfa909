// python/src/sweep_binding.h -- registers `_core.sweep_files` (orbit.sweep).
#pragma once

#include <nanobind/nanobind.h>

namespace orbit::python {
void BindSweep(nanobind::module_& m);
}
