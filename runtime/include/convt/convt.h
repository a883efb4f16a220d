/*===- convt.h - The convt runtime's C API -------------------------------===*
 *
 * Loads kernels compiled by convt (`convtc compile`, or the JIT's cache) and
 * runs them on the caller's buffers. Links only libc, libm, libdl and
 * pthreads: no compiler, no LLVM.
 *
 * The pattern is XNNPACK's create / pack / run: load a kernel once, pack its
 * weights once into an opaque handle, then run it as often as needed, from
 * any number of threads. Errors follow IREE's runtime: every fallible call
 * returns a convt_status_t, NULL on success; a failure carries a code and a
 * message and must be freed with convt_status_free.
 *
 *===----------------------------------------------------------------------===*/
#ifndef CONVT_CONVT_H
#define CONVT_CONVT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The kernel ABI this runtime loads (the `abi` field of a kernel's
 * metadata). */
#define CONVT_KERNEL_ABI_VERSION 1

#if defined(__GNUC__)
#define CONVT_API __attribute__((visibility("default")))
#else
#define CONVT_API
#endif

/*--- Status ---------------------------------------------------------------*/

typedef enum convt_status_code_e {
  CONVT_OK = 0,
  CONVT_INVALID_ARGUMENT = 1, /* a null pointer, a bad shape or size */
  CONVT_NOT_FOUND = 2,        /* no such file, symbol or field */
  CONVT_INCOMPATIBLE = 3,     /* a kernel for another ABI, CPU or type */
  CONVT_IO_ERROR = 4,         /* a file could not be read */
  CONVT_KERNEL_FAILED = 5,    /* the kernel reported an error */
  CONVT_OUT_OF_MEMORY = 6,
} convt_status_code_t;

typedef struct convt_status_s *convt_status_t; /* NULL: success */

CONVT_API convt_status_code_t convt_status_code(convt_status_t status);
/* The message; "" for NULL. Valid until the status is freed. */
CONVT_API const char *convt_status_message(convt_status_t status);
CONVT_API void convt_status_free(convt_status_t status);

/*--- Context --------------------------------------------------------------*/

/* Owns the threads kernels run on. Kernels, packed weights and contexts are
 * independent: any kernel runs on any context. */
typedef struct convt_context_s convt_context_t;

typedef struct convt_context_options_s {
  int threads; /* 0: one per core */
} convt_context_options_t;

/* options may be NULL (defaults). */
CONVT_API convt_status_t convt_context_create(
    const convt_context_options_t *options, convt_context_t **out_context);
CONVT_API void convt_context_release(convt_context_t *context);
CONVT_API int convt_context_threads(const convt_context_t *context);

/*--- Kernels --------------------------------------------------------------*/

typedef struct convt_kernel_s convt_kernel_t;
/* A function of a kernel linked into the program (see
 * convt_kernel_load_linked). */
typedef void (*convt_function_t)(void);

/* Loads the kernel shared object at `path` and checks its metadata (ABI
 * version, this CPU's features) before any of its code runs. */
CONVT_API convt_status_t convt_kernel_load(convt_context_t *context,
                                           const char *path,
                                           convt_kernel_t **out_kernel);
/* A kernel from a static library linked into the program; the header
 * `convtc compile` writes calls this for you (convt_load_<name>). `pack`
 * is NULL when the kernel has no pack function. */
CONVT_API convt_status_t convt_kernel_load_linked(convt_context_t *context,
                                                  const char *metadata,
                                                  convt_function_t entry,
                                                  convt_function_t pack,
                                                  convt_kernel_t **out_kernel);
/* The kernel filed under `key` (its 32-hex-digit key hash, as `convtc cache
 * list` and a kernel's metadata show it) in the kernel cache `cache_dir`
 * (NULL: $CONVT_CACHE_DIR, else $XDG_CACHE_HOME/convt, else
 * ~/.cache/convt). The entry's owner, mode and checksum are checked before
 * it is loaded; CONVT_NOT_FOUND when there is no good entry (a bad one is
 * removed, and the message says why). */
CONVT_API convt_status_t convt_kernel_load_cached(convt_context_t *context,
                                                  const char *cache_dir,
                                                  const char *key,
                                                  convt_kernel_t **out_kernel);
CONVT_API void convt_kernel_release(convt_kernel_t *kernel);

/* The kernel's metadata: the whole text ("key=value" lines), or one field
 * of it (abi, compiler, key, name, layer, target, schedule, threads, entry,
 * pack, packed_weight_shape). The string lives as long as the kernel. */
CONVT_API const char *convt_kernel_metadata_text(const convt_kernel_t *kernel);
CONVT_API convt_status_t convt_kernel_metadata_field(
    const convt_kernel_t *kernel, const char *field, const char **out_value);

/* The shapes are in the layer's layouts: channels last (data_format NHWC,
 * ...) puts C after the spatial dimensions of input and output, and
 * weight_format HWOI (TensorFlow's filters) makes the weight
 * [kernel..., C_out/groups, C_in]; the metadata's `layer` line says which
 * (format=, weights=). */
typedef enum convt_tensor_role_e {
  CONVT_INPUT = 0,  /* [N, C_in, spatial...] */
  CONVT_WEIGHT = 1, /* [C_in, C_out/groups, kernel...] */
  CONVT_BIAS = 2,   /* [C_out]; rank 0 when the layer has no bias */
  CONVT_OUTPUT = 3, /* [N, C_out, spatial...] */
} convt_tensor_role_t;

#define CONVT_MAX_RANK 5

/* The shape the kernel expects for `role`: *out_rank dimensions written to
 * dims (room for CONVT_MAX_RANK). */
CONVT_API convt_status_t convt_kernel_shape(const convt_kernel_t *kernel,
                                            convt_tensor_role_t role,
                                            int64_t *dims, int *out_rank);

/*--- Tensors and weights --------------------------------------------------*/

typedef enum convt_element_type_e {
  CONVT_FLOAT32 = 0,
  CONVT_FLOAT16 = 1,
  CONVT_BFLOAT16 = 2,
} convt_element_type_t;

/* Caller memory: a dense C-order array. Checked against the kernel (type,
 * rank, every dimension, size_bytes) before anything is read or written. */
typedef struct convt_tensor_s {
  void *data;
  size_t size_bytes;
  convt_element_type_t element_type;
  int rank;
  int64_t shape[CONVT_MAX_RANK];
} convt_tensor_t;

/* The kernel's weights, packed once in the layout it reads. */
typedef struct convt_weights_s convt_weights_t;

CONVT_API convt_status_t convt_weights_pack(convt_context_t *context,
                                            const convt_kernel_t *kernel,
                                            const convt_tensor_t *weight,
                                            convt_weights_t **out_weights);
CONVT_API void convt_weights_release(convt_weights_t *weights);

/* Runs the kernel on the context's threads. `bias` is NULL exactly when the
 * layer has none; `output` must not overlap the inputs. Thread-safe: any
 * number of threads may run kernels with the same context, kernel and
 * weights at once. */
CONVT_API convt_status_t convt_kernel_run(convt_context_t *context,
                                          const convt_kernel_t *kernel,
                                          const convt_tensor_t *input,
                                          const convt_weights_t *weights,
                                          const convt_tensor_t *bias,
                                          const convt_tensor_t *output);

/*--- GPU kernels ----------------------------------------------------------*/

/* A kernel compiled for a GPU target (`convtc compile --target=cuda` or
 * `opencl`) loads like any other and takes the same host tensors:
 * convt_kernel_run copies the input, the packed weights and the bias to the
 * device, runs, copies the output back and returns when it is on the host.
 * Device tensors keep data in the device's memory between calls. The
 * runtime opens the driver (libcuda.so, libOpenCL.so) on the first GPU
 * call, and links neither. */

/* "cuda" or "opencl" for a GPU kernel, "" for a CPU kernel. */
CONVT_API const char *convt_kernel_device(const convt_kernel_t *kernel);

/* The GPU every GPU kernel of this process runs on: its index among the
 * API's devices (default 0, or $HL_GPU_DEVICE). Call before the first GPU
 * kernel runs; afterwards only the index in use is accepted. */
CONVT_API convt_status_t convt_gpu_select_device(int index);

/* A tensor in a GPU kernel's device memory, of the shape the kernel
 * expects for `role` (CONVT_INPUT, CONVT_BIAS or CONVT_OUTPUT), in the
 * kernel's layout; uninitialised. Weights go to the device packed: see
 * convt_kernel_run_device. */
typedef struct convt_device_tensor_s convt_device_tensor_t;

CONVT_API convt_status_t convt_device_tensor_create(
    const convt_kernel_t *kernel, convt_tensor_role_t role,
    convt_device_tensor_t **out_tensor);
/* Copies `host` (the tensor's type and shape) to the device; returns when
 * `host` may be reused. */
CONVT_API convt_status_t convt_device_tensor_write(
    convt_device_tensor_t *tensor, const convt_tensor_t *host);
/* Copies the tensor into `host` once the work queued on the device has
 * finished. */
CONVT_API convt_status_t convt_device_tensor_read(convt_device_tensor_t *tensor,
                                                  const convt_tensor_t *host);
CONVT_API void convt_device_tensor_release(convt_device_tensor_t *tensor);

/* Runs a GPU kernel on device tensors. The packed weights are copied to
 * the device on their first such call and stay there while they live.
 * Asynchronous: returns once the work is queued; convt_context_synchronize
 * or convt_device_tensor_read waits for it. `bias` is NULL exactly when
 * the layer has none. */
CONVT_API convt_status_t convt_kernel_run_device(convt_context_t *context,
                                                 const convt_kernel_t *kernel,
                                                 convt_device_tensor_t *input,
                                                 const convt_weights_t *weights,
                                                 convt_device_tensor_t *bias,
                                                 convt_device_tensor_t *output);

/* Waits until every GPU kernel and copy queued by this process has
 * finished (the GPU APIs hold one queue per process); immediate when no
 * GPU is in use. */
CONVT_API convt_status_t convt_context_synchronize(convt_context_t *context);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CONVT_CONVT_H */
