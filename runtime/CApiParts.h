//===- CApiParts.h - What the C API's files share ---------------*- C++ -*-===//
//
// The C handles' definitions and the conversions every C API file uses
// (CApi.cpp: contexts, kernels, tensors; CApiDevice.cpp: GPU devices).
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_RUNTIME_CAPIPARTS_H
#define CONVT_RUNTIME_CAPIPARTS_H

#include "convt/convt.h"

#include "runtime/Context.h"
#include "runtime/Kernel.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

struct convt_status_s {
  convt_status_code_t code;
  std::string message;
};

struct convt_context_s {
  explicit convt_context_s(int threads) : context(threads) {}
  convt::Context context;
};

struct convt_kernel_s {
  std::shared_ptr<convt::Kernel> kernel;
  std::string metadata; ///< the text, for convt_kernel_metadata
  std::vector<std::pair<std::string, std::string>> fields;
};

struct convt_weights_s {
  std::shared_ptr<convt::Kernel> kernel; ///< the kernel they were packed for
  convt::PackedWeights packed;
};

namespace convt::capi {

convt_status_t makeStatus(convt_status_code_t code, std::string message);
convt_status_t fromStatus(const convt::Status &s);
convt_status_t nullArgument(const char *what);
/// The TensorRef of `t` (its type, shape and size are checked by Kernel
/// against the layer).
convt_status_t tensorRef(const char *what, const convt_tensor_t *t,
                         convt::TensorRef &ref);

} // namespace convt::capi

#endif // CONVT_RUNTIME_CAPIPARTS_H
