//===- jit.cpp - An application that JIT-compiles a layer and runs it -----===//
//
//   jit SPEC.json INPUT.npy WEIGHT.npy [BIAS.npy] OUTPUT.npy
//
// Compiles the layer spec with convt::compiler (or finds it in the kernel
// cache), loads the kernel with the runtime and runs it.
//
//===----------------------------------------------------------------------===//
#include <convt/compiler.hpp>
#include <convt/convt.hpp>

#include "../common/npy.h"

#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

int main(int argc, char **argv) {
  if (argc != 5 && argc != 6) {
    std::cerr << "usage: jit SPEC.json INPUT.npy WEIGHT.npy [BIAS.npy] "
                 "OUT.npy\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  std::stringstream spec;
  spec << in.rdbuf();
  npy_array_t x, w, b;
  bool hasBias = argc == 6;
  if (npy_read(argv[2], &x) || npy_read(argv[3], &w) ||
      (hasBias && npy_read(argv[4], &b)))
    return 1;

  // [readme:jit]
  convt::compiler::Result compiled = convt::compiler::compile(spec.str());
  if (!compiled.ok) {
    std::cerr << "jit: " << compiled.error << "\n";
    return 1;
  }
  convt::rt::Context context;
  convt::rt::Kernel kernel;
  convt::rt::Status s =
      kernel.loadCached(context, compiled.cacheDir, compiled.key);
  std::vector<int64_t> outShape = kernel.shape(CONVT_OUTPUT);
  std::vector<float> y(convt::rt::elements(outShape));
  convt::rt::Weights weights;
  if (s)
    s = weights.pack(context, kernel,
                     convt::rt::tensor(w.data, kernel.shape(CONVT_WEIGHT)));
  convt_tensor_t bias =
      convt::rt::tensor(hasBias ? b.data : nullptr, kernel.shape(CONVT_BIAS));
  if (s)
    s = kernel.run(
        context, convt::rt::tensor(x.data, kernel.shape(CONVT_INPUT)), weights,
        hasBias ? &bias : nullptr, convt::rt::tensor(y.data(), outShape));
  if (!s) {
    std::cerr << "jit: " << s.message() << "\n";
    return 1;
  }
  // [/readme:jit]

  std::cout << "jit: " << (compiled.fromCache ? "found" : "compiled") << " "
            << compiled.key << " (" << convt::compiler::version() << ") in "
            << compiled.cacheDir << "\n";
  return npy_write(argv[argc - 1], static_cast<int>(outShape.size()),
                   outShape.data(), y.data());
}
