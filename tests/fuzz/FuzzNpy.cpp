//===- FuzzNpy.cpp - libFuzzer: .npy files
//---------------------------------===//
//
// Any bytes as a .npy file: parsed or refused; an array that comes out has
// as many elements as its shape says.
//
//===----------------------------------------------------------------------===//

#include "runtime/Layer.h"
#include "runtime/Npy.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  convt::NpyArray a;
  std::string bytes(reinterpret_cast<const char *>(data), size);
  if (convt::parseNpy(bytes, "fuzz.npy", a).ok() &&
      a.data.size() != static_cast<size_t>(convt::numElements(a.shape)))
    std::abort();
  return 0;
}
