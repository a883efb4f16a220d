//===- Schedules.h - Scheduling the algorithm -----------------*- C++ -*-===//
#ifndef CONVT_COMPILER_BACKEND_SCHEDULES_H
#define CONVT_COMPILER_BACKEND_SCHEDULES_H

#include "compiler/backend/Algorithm.h"
#include "compiler/backend/Backend.h"

namespace convt::backend {

/// Applies `kind` to a freshly built algorithm (the autoschedulers refuse a
/// partially scheduled one) and returns the schedule as text.
/// With a GPU target, the expert template is the GPU one (`gpu`).
std::string applySchedule(Algorithm &a, ScheduleKind kind,
                          const ExpertParams &expert, const GpuParams &gpu,
                          const Halide::Target &target, int threads);

/// The GPU template (GpuSchedule.cpp) for an algorithm of form
/// GpuPhaseMajor (parameters of form 2) or Gather (form 1).
std::string gpuSchedule(Algorithm &a, const GpuParams &given);

} // namespace convt::backend

#endif // CONVT_COMPILER_BACKEND_SCHEDULES_H
