//===- ScheduleParts.h - Pieces of the expert template ---------*- C++ -*-===//
//
// Internal to the backend: the steps the expert template's forms share
// (ScheduleParts.cpp) and its two phase-major forms (PhaseMajorSchedules.cpp);
// Schedules.cpp holds the gather form and the entry point.
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_COMPILER_BACKEND_SCHEDULEPARTS_H
#define CONVT_COMPILER_BACKEND_SCHEDULEPARTS_H

#include "compiler/backend/Algorithm.h"
#include "compiler/backend/Backend.h"

#include <sstream>
#include <string>
#include <vector>

namespace convt::backend {

/// Splits the output into the parallel tasks of `split` (blocks of
/// split.block channels x images x blocks of split.outerSplit along the
/// outermost spatial dimension, or of column tiles in 1-D), with tiles of
/// split.tile columns innermost. Returns the task variable.
Halide::Var scheduleOutputTasks(Algorithm &a, const TaskSplit &split, int vec,
                                std::ostringstream &log);

/// acc's update (the merge of the input-channel blocks' partial sums): a
/// tile of channel vectors (vectorised, the vectors unrolled) x `tile`
/// consecutive values of `column` (unrolled), in `order`.
void tileAccumulation(Algorithm &a, Halide::Var co, Halide::Var cv, int vec,
                      Halide::Var column, Halide::Var outer, Halide::Var inner,
                      int tile, const std::vector<Halide::VarOrRVar> &order);

/// Splits the phase-major reduction into blocks of `channelBlock` input
/// channels (rco) and factors the blocks out (rfactor): the returned Func
/// is one block's partial sums, which a register tile computes; acc's
/// update adds the blocks. Sets `ciBlock` to the block's channels.
Halide::Func splitInputChannels(Algorithm &a, const ExpertParams &p,
                                Halide::RVar rco, Halide::RVar rci,
                                int &ciBlock);

/// The phase-major form with channel vectors (f2).
std::string expertPhaseSchedule(Algorithm &a, const ExpertParams &p, int vec,
                                int threads, std::ostringstream &log);

/// Where and in what layout the phase-major forms with channel vectors
/// compute the zero-padded input (m: the register tile's columns a phase).
void schedulePaddedInput(Algorithm &a, int vec, int m, Halide::Var task,
                         std::ostringstream &log);

/// The phase-major form with channel vectors for a reduction of one block:
/// each register tile is a whole tile of the output, written from the
/// registers.
std::string expertOutputTileSchedule(Algorithm &a, const ExpertParams &p,
                                     int vec, int threads,
                                     std::ostringstream &log);

/// The phase-major form with column vectors (f3), for thin layers.
std::string expertColumnSchedule(Algorithm &a, const ExpertParams &p, int vec,
                                 int threads, std::ostringstream &log);

} // namespace convt::backend

#endif // CONVT_COMPILER_BACKEND_SCHEDULEPARTS_H
