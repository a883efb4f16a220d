/*===- run_kernel.h - The examples' part that runs a loaded kernel --------===*
 *
 * run_kernel(context, kernel, INPUT.npy, WEIGHT.npy, BIAS.npy or NULL,
 * OUTPUT.npy): packs the weight once, runs the kernel on the context's
 * threads, writes the output. The kernel checks every buffer (type, shape,
 * size) before it reads or writes anything.
 *
 *===----------------------------------------------------------------------===*/
#ifndef CONVT_EXAMPLES_RUN_KERNEL_H
#define CONVT_EXAMPLES_RUN_KERNEL_H

#include <convt/convt.h>

#include "../common/npy.h"

static int check(convt_status_t status) {
  if (!status)
    return 0;
  fprintf(stderr, "embed: %s\n", convt_status_message(status));
  convt_status_free(status);
  return 1;
}

static convt_tensor_t tensor_of(float *data, int rank, const int64_t *shape) {
  convt_tensor_t t;
  memset(&t, 0, sizeof t);
  size_t count = 1;
  for (int i = 0; i < rank && i < CONVT_MAX_RANK; ++i) {
    t.shape[i] = shape[i];
    count *= (size_t)shape[i];
  }
  t.data = data;
  t.size_bytes = count * sizeof(float);
  t.element_type = CONVT_FLOAT32;
  t.rank = rank;
  return t;
}

static int run_kernel(convt_context_t *context, convt_kernel_t *kernel,
                      const char *x_path, const char *w_path,
                      const char *b_path, const char *y_path) {
  npy_array_t x, w, b;
  if (npy_read(x_path, &x) || npy_read(w_path, &w) ||
      (b_path && npy_read(b_path, &b)))
    return 1;
  convt_tensor_t input = tensor_of(x.data, x.rank, x.shape);
  convt_tensor_t weight = tensor_of(w.data, w.rank, w.shape);
  convt_tensor_t bias = b_path ? tensor_of(b.data, b.rank, b.shape) : input;
  /* [readme:run] */
  int64_t dims[CONVT_MAX_RANK];
  int rank = 0;
  convt_weights_t *packed = NULL;
  if (check(convt_kernel_shape(kernel, CONVT_OUTPUT, dims, &rank)) ||
      check(convt_weights_pack(context, kernel, &weight, &packed)))
    return 1;
  convt_tensor_t output = tensor_of(NULL, rank, dims);
  output.data = malloc(output.size_bytes);
  if (check(convt_kernel_run(context, kernel, &input, packed,
                             b_path ? &bias : NULL, &output)))
    return 1;
  /* [/readme:run] */
  const char *name = NULL, *schedule = NULL;
  if (check(convt_kernel_metadata_field(kernel, "name", &name)) ||
      check(convt_kernel_metadata_field(kernel, "schedule", &schedule)))
    return 1;
  printf("embed: ran %s (%s) on %d threads\n", name, schedule,
         convt_context_threads(context));
  int rc = npy_write(y_path, rank, dims, (const float *)output.data);
  free(output.data);
  convt_weights_release(packed);
  return rc;
}

#endif /* CONVT_EXAMPLES_RUN_KERNEL_H */
