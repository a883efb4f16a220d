/*===- embed.c - An application that runs an AOT kernel with the runtime --===*
 *
 *   embed KERNEL.so INPUT.npy WEIGHT.npy [BIAS.npy] OUTPUT.npy
 *
 * Loads a kernel compiled ahead of time (`convtc compile SPEC -o DIR`) with
 * libconvt_runtime alone (no compiler in this process; the kernel's
 * metadata is checked against this CPU first) and runs it on .npy data.
 *
 *===----------------------------------------------------------------------===*/
#include "run_kernel.h"

int main(int argc, char **argv) {
  if (argc != 5 && argc != 6) {
    fprintf(stderr,
            "usage: embed KERNEL.so INPUT.npy WEIGHT.npy [BIAS.npy] OUT.npy\n");
    return 2;
  }
  /* [readme:embed] */
  convt_context_t *context = NULL;
  convt_kernel_t *kernel = NULL;
  if (check(convt_context_create(NULL, &context)) ||
      check(convt_kernel_load(context, argv[1], &kernel)))
    return 1;
  /* [/readme:embed] */
  int rc = run_kernel(context, kernel, argv[2], argv[3],
                      argc == 6 ? argv[4] : NULL, argv[argc - 1]);
  convt_kernel_release(kernel);
  convt_context_release(context);
  return rc;
}
