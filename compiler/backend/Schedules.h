//===- Schedules.h - Scheduling the algorithm -----------------*- C++ -*-===//
#ifndef CONVT_COMPILER_BACKEND_SCHEDULES_H
#define CONVT_COMPILER_BACKEND_SCHEDULES_H

#include "compiler/backend/Algorithm.h"
#include "compiler/backend/Backend.h"

namespace convt::backend {

/// Applies `kind` to a freshly built algorithm (the autoschedulers refuse a
/// partially scheduled one) and returns the schedule as text.
std::string applySchedule(Algorithm &a, ScheduleKind kind,
                          const ExpertParams &expert,
                          const Halide::Target &target, int threads);

} // namespace convt::backend

#endif // CONVT_COMPILER_BACKEND_SCHEDULES_H
