//===- CApi.cpp - The C API of include/convt/convt.h ---------------------===//
//
// Thin: every call checks its pointers, converts the C descriptions into the
// runtime's C++ types and turns a failed Status into a convt_status_t. No
// exception crosses it (the runtime is built without them).
//
//===----------------------------------------------------------------------===//

#include "runtime/CApiParts.h"
#include "runtime/DiskCache.h"

#include <cstring>
#include <new>

using namespace convt::capi;

namespace {

/// The status returned when not even a status can be allocated; never
/// freed.
convt_status_s noMemory{CONVT_OUT_OF_MEMORY, "out of memory"};

} // namespace

namespace convt::capi {

convt_status_t makeStatus(convt_status_code_t code, std::string message) {
  auto *s = new (std::nothrow) convt_status_s{code, std::move(message)};
  return s ? s : &noMemory;
}

convt_status_t fromStatus(const convt::Status &s) {
  if (s.ok())
    return nullptr;
  return makeStatus(static_cast<convt_status_code_t>(s.code()), s.message());
}

convt_status_t nullArgument(const char *what) {
  return makeStatus(CONVT_INVALID_ARGUMENT,
                    std::string(what) + " must not be NULL");
}

convt_status_t tensorRef(const char *what, const convt_tensor_t *t,
                         convt::TensorRef &ref) {
  if (!t)
    return nullArgument(what);
  switch (t->element_type) {
  case CONVT_FLOAT32:
    ref.type = convt::ElementType::Float32;
    break;
  case CONVT_BFLOAT16:
    ref.type = convt::ElementType::BFloat16;
    break;
  case CONVT_FLOAT16:
    ref.type = convt::ElementType::Float16;
    break;
  default:
    return makeStatus(CONVT_INVALID_ARGUMENT,
                      std::string(what) + " has an unknown element type");
  }
  if (t->rank < 0 || t->rank > CONVT_MAX_RANK)
    return makeStatus(CONVT_INVALID_ARGUMENT,
                      std::string(what) + " has rank " +
                          std::to_string(t->rank) + ", at most " +
                          std::to_string(CONVT_MAX_RANK) + " is possible");
  ref.data = t->data;
  ref.shape.assign(t->shape, t->shape + t->rank);
  for (int64_t d : ref.shape)
    if (d < 0)
      return makeStatus(CONVT_INVALID_ARGUMENT,
                        std::string(what) + " has a negative dimension");
  ref.capacity =
      t->size_bytes / static_cast<size_t>(convt::elementBytes(ref.type));
  return nullptr;
}

} // namespace convt::capi

namespace {

convt_status_t wrapKernel(std::shared_ptr<convt::Kernel> k,
                          convt_kernel_t **out) {
  auto *w = new (std::nothrow) convt_kernel_s();
  if (!w)
    return makeStatus(CONVT_OUT_OF_MEMORY, "out of memory");
  w->metadata = k->metadata().str();
  size_t start = w->metadata.find('\n') + 1, end;
  while ((end = w->metadata.find('\n', start)) != std::string::npos) {
    std::string line = w->metadata.substr(start, end - start);
    size_t eq = line.find('=');
    w->fields.emplace_back(line.substr(0, eq), line.substr(eq + 1));
    start = end + 1;
  }
  w->kernel = std::move(k);
  *out = w;
  return nullptr;
}

} // namespace

extern "C" {

convt_status_code_t convt_status_code(convt_status_t status) {
  return status ? status->code : CONVT_OK;
}

const char *convt_status_message(convt_status_t status) {
  return status ? status->message.c_str() : "";
}

void convt_status_free(convt_status_t status) {
  if (status != &noMemory)
    delete status;
}

convt_status_t convt_context_create(const convt_context_options_t *options,
                                    convt_context_t **out_context) {
  if (!out_context)
    return nullArgument("out_context");
  *out_context = nullptr;
  int threads = options ? options->threads : 0;
  if (threads < 0 || threads > 1024)
    return makeStatus(CONVT_INVALID_ARGUMENT,
                      "threads must be 0 (one per core) to 1024, got " +
                          std::to_string(threads));
  *out_context = new (std::nothrow) convt_context_s(threads);
  if (!*out_context)
    return makeStatus(CONVT_OUT_OF_MEMORY, "out of memory");
  return nullptr;
}

void convt_context_release(convt_context_t *context) { delete context; }

int convt_context_threads(const convt_context_t *context) {
  return context ? context->context.threads() : 0;
}

convt_status_t convt_kernel_load(convt_context_t *context, const char *path,
                                 convt_kernel_t **out_kernel) {
  if (!out_kernel)
    return nullArgument("out_kernel");
  *out_kernel = nullptr;
  if (!context)
    return nullArgument("context");
  if (!path)
    return nullArgument("path");
  std::shared_ptr<convt::Kernel> k;
  if (convt::Status s = convt::Kernel::loadFile(path, k); !s)
    return fromStatus(s);
  return wrapKernel(std::move(k), out_kernel);
}

convt_status_t convt_kernel_load_linked(convt_context_t *context,
                                        const char *metadata,
                                        convt_function_t entry,
                                        convt_function_t pack,
                                        convt_kernel_t **out_kernel) {
  if (!out_kernel)
    return nullArgument("out_kernel");
  *out_kernel = nullptr;
  if (!context)
    return nullArgument("context");
  std::shared_ptr<convt::Kernel> k;
  if (convt::Status s =
          convt::Kernel::loadLinked(metadata, reinterpret_cast<void *>(entry),
                                    reinterpret_cast<void *>(pack), k);
      !s)
    return fromStatus(s);
  return wrapKernel(std::move(k), out_kernel);
}

convt_status_t convt_kernel_load_cached(convt_context_t *context,
                                        const char *cache_dir, const char *key,
                                        convt_kernel_t **out_kernel) {
  if (!out_kernel)
    return nullArgument("out_kernel");
  *out_kernel = nullptr;
  if (!context || !key)
    return nullArgument("context and key");
  convt::DiskCache cache(cache_dir ? cache_dir
                                   : convt::DiskCache::defaultDir());
  std::string warnings;
  cache.setWarningHandler([&](const std::string &m) {
    warnings += (warnings.empty() ? "" : "; ") + m;
  });
  std::shared_ptr<convt::Kernel> k;
  bool found = false;
  if (convt::Status s = cache.load(key, k, found); !s)
    return fromStatus(s);
  if (!found)
    return makeStatus(CONVT_NOT_FOUND,
                      "no kernel " + std::string(key) + " in the cache " +
                          cache.dir() +
                          (warnings.empty() ? "" : ": " + warnings));
  return wrapKernel(std::move(k), out_kernel);
}

void convt_kernel_release(convt_kernel_t *kernel) { delete kernel; }

const char *convt_kernel_metadata_text(const convt_kernel_t *kernel) {
  return kernel ? kernel->metadata.c_str() : "";
}

convt_status_t convt_kernel_metadata_field(const convt_kernel_t *kernel,
                                           const char *field,
                                           const char **out_value) {
  if (!kernel || !field || !out_value)
    return nullArgument("kernel, field and out_value");
  for (const auto &[name, value] : kernel->fields)
    if (name == field) {
      *out_value = value.c_str();
      return nullptr;
    }
  *out_value = nullptr;
  return makeStatus(CONVT_NOT_FOUND,
                    std::string("kernel metadata has no field '") + field +
                        "'");
}

convt_status_t convt_kernel_shape(const convt_kernel_t *kernel,
                                  convt_tensor_role_t role, int64_t *dims,
                                  int *out_rank) {
  if (!kernel || !dims || !out_rank)
    return nullArgument("kernel, dims and out_rank");
  const convt::CanonicalLayer &l = kernel->kernel->layer();
  std::vector<int64_t> shape;
  switch (role) {
  case CONVT_INPUT:
    shape = l.inputShape();
    break;
  case CONVT_WEIGHT:
    shape = l.weightShape();
    break;
  case CONVT_BIAS:
    if (l.hasBias)
      shape = l.biasShape();
    break;
  case CONVT_OUTPUT:
    shape = l.outputShape();
    break;
  default:
    return makeStatus(CONVT_INVALID_ARGUMENT, "unknown tensor role");
  }
  *out_rank = static_cast<int>(shape.size());
  std::copy(shape.begin(), shape.end(), dims);
  return nullptr;
}

convt_status_t convt_weights_pack(convt_context_t *context,
                                  const convt_kernel_t *kernel,
                                  const convt_tensor_t *weight,
                                  convt_weights_t **out_weights) {
  if (!out_weights)
    return nullArgument("out_weights");
  *out_weights = nullptr;
  if (!context || !kernel)
    return nullArgument("context and kernel");
  convt::TensorRef w;
  if (convt_status_t s = tensorRef("weight", weight, w))
    return s;
  auto *packed = new (std::nothrow) convt_weights_s();
  if (!packed)
    return makeStatus(CONVT_OUT_OF_MEMORY, "out of memory");
  packed->kernel = kernel->kernel;
  if (convt::Status s =
          kernel->kernel->packWeights(context->context, w, packed->packed);
      !s) {
    delete packed;
    return fromStatus(s);
  }
  *out_weights = packed;
  return nullptr;
}

void convt_weights_release(convt_weights_t *weights) { delete weights; }

convt_status_t
convt_kernel_run(convt_context_t *context, const convt_kernel_t *kernel,
                 const convt_tensor_t *input, const convt_weights_t *weights,
                 const convt_tensor_t *bias, const convt_tensor_t *output) {
  if (!context || !kernel || !weights)
    return nullArgument("context, kernel and weights");
  if (weights->kernel != kernel->kernel &&
      weights->kernel->metadata().key != kernel->kernel->metadata().key)
    return makeStatus(CONVT_INVALID_ARGUMENT,
                      "the weights were packed for another kernel");
  convt::TensorRef in, out, b;
  if (convt_status_t s = tensorRef("input", input, in))
    return s;
  if (convt_status_t s = tensorRef("output", output, out))
    return s;
  if (bias)
    if (convt_status_t s = tensorRef("bias", bias, b))
      return s;
  return fromStatus(kernel->kernel->run(context->context, in, weights->packed,
                                        bias ? &b : nullptr, out));
}

} // extern "C"
