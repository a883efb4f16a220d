/*===- embed_static.c - An AOT kernel linked into the program -------------===*
 *
 *   embed_static INPUT.npy WEIGHT.npy OUTPUT.npy
 *
 * The seed example 4 layer, compiled when this project was built
 * (convt_add_kernel in CMakeLists.txt) and linked in as a static library
 * with the static runtime: a self-contained executable.
 *
 *===----------------------------------------------------------------------===*/
#include "run_kernel.h"
#include "seed_ex4.h" /* written by convtc compile */

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: embed_static INPUT.npy WEIGHT.npy OUT.npy\n");
    return 2;
  }
  convt_context_t *context = NULL;
  convt_kernel_t *kernel = NULL;
  if (check(convt_context_create(NULL, &context)) ||
      check(convt_load_seed_ex4(context, &kernel)))
    return 1;
  int rc = run_kernel(context, kernel, argv[1], argv[2], NULL, argv[3]);
  convt_kernel_release(kernel);
  convt_context_release(context);
  return rc;
}
