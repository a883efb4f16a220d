/*===- npy.h - float32 .npy files for the examples ------------------------===*
 *
 * Just enough of NumPy's format (version 1.0, '<f4', C order) for the
 * examples to read their inputs and write their outputs. Header-only C.
 *
 *===----------------------------------------------------------------------===*/
#ifndef CONVT_EXAMPLES_NPY_H
#define CONVT_EXAMPLES_NPY_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NPY_MAX_RANK 8

typedef struct npy_array_s {
  int rank;
  int64_t shape[NPY_MAX_RANK];
  size_t count; /* elements */
  float *data;  /* malloc'd */
} npy_array_t;

/* 0 on success; prints why not to stderr. */
static inline int npy_read(const char *path, npy_array_t *a) {
  memset(a, 0, sizeof *a);
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "%s: cannot open\n", path);
    return 1;
  }
  unsigned char pre[10];
  if (fread(pre, 1, 10, f) != 10 || memcmp(pre, "\x93NUMPY", 6) != 0 ||
      pre[6] != 1) {
    fprintf(stderr, "%s: not a version 1 .npy file\n", path);
    fclose(f);
    return 1;
  }
  size_t len = (size_t)pre[8] | ((size_t)pre[9] << 8);
  char *h = (char *)calloc(len + 1, 1);
  if (!h || fread(h, 1, len, f) != len) {
    fprintf(stderr, "%s: truncated header\n", path);
    free(h);
    fclose(f);
    return 1;
  }
  const char *shape = strstr(h, "'shape': (");
  if (!strstr(h, "'descr': '<f4'") || !strstr(h, "'fortran_order': False") ||
      !shape) {
    fprintf(stderr, "%s: expected little-endian float32 in C order\n", path);
    free(h);
    fclose(f);
    return 1;
  }
  const char *p = shape + strlen("'shape': (");
  a->count = 1;
  while (*p != ')' && a->rank < NPY_MAX_RANK) {
    char *end;
    long long d = strtoll(p, &end, 10);
    if (end == p || d < 0)
      break;
    a->shape[a->rank++] = d;
    a->count *= (size_t)d;
    p = end;
    while (*p == ',' || *p == ' ')
      ++p;
  }
  free(h);
  a->data = (float *)malloc(a->count * sizeof(float) + 1);
  if (!a->data || fread(a->data, sizeof(float), a->count, f) != a->count) {
    fprintf(stderr, "%s: truncated data\n", path);
    fclose(f);
    return 1;
  }
  fclose(f);
  return 0;
}

static inline int npy_write(const char *path, int rank, const int64_t *shape,
                            const float *data) {
  char dict[256], dims[160] = "";
  size_t count = 1;
  for (int i = 0; i < rank; ++i) {
    char d[24];
    snprintf(d, sizeof d, "%lld,%s", (long long)shape[i],
             i + 1 < rank ? " " : "");
    strcat(dims, d);
    count *= (size_t)shape[i];
  }
  int n = snprintf(dict, sizeof dict,
                   "{'descr': '<f4', 'fortran_order': False, 'shape': (%s), }",
                   dims);
  int total = 10 + n + 1, pad = (64 - total % 64) % 64;
  FILE *f = fopen(path, "wb");
  if (!f) {
    fprintf(stderr, "%s: cannot create\n", path);
    return 1;
  }
  unsigned hlen = (unsigned)(n + pad + 1);
  unsigned char pre[10] = {0x93,
                           'N',
                           'U',
                           'M',
                           'P',
                           'Y',
                           1,
                           0,
                           (unsigned char)(hlen & 0xff),
                           (unsigned char)(hlen >> 8)};
  fwrite(pre, 1, 10, f);
  fwrite(dict, 1, (size_t)n, f);
  for (int i = 0; i < pad; ++i)
    fputc(' ', f);
  fputc('\n', f);
  size_t wrote = fwrite(data, sizeof(float), count, f);
  if (fclose(f) != 0 || wrote != count) {
    fprintf(stderr, "%s: write failed\n", path);
    remove(path);
    return 1;
  }
  return 0;
}

#endif /* CONVT_EXAMPLES_NPY_H */
