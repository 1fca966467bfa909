// include/orbit/gen.h
//
// Deterministic synthetic bars (`orbit gen`): same options and seed, same bytes.
#pragma once

#include "core/instrument.h"
#include "gen/synthetic_bars.h"
