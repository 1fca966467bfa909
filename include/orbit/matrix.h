// include/orbit/matrix.h
//
// The selection layer (SELECTION_SPEC.md): analyzer result rows to the master
// matrix (slot sequencer, filter columns), its statistics, the sequencer
// state and the execution timetable. `orbit matrix` and the Python
// `orbit.matrix` call RunMatrix / ComputeMatrix.
#pragma once

#include "selection/column_table.h"
#include "selection/master_matrix.h"
#include "selection/matrix_run.h"
#include "selection/matrix_statistics.h"
#include "selection/matrix_table.h"
#include "selection/selection_fixes.h"
#include "selection/sequencer_state.h"
#include "selection/timetable.h"
