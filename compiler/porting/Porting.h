//===- Porting.h - A layer in other frameworks' terms ----------*- C++ -*-===//
//
// What `convtc translate` and `convtc explain` print, and the Python
// module returns: a layer written for another framework so that it
// computes the same numbers (Translate.cpp), and two layers that should be
// the same compared through their canonical forms (Explain.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef CONVT_COMPILER_PORTING_PORTING_H
#define CONVT_COMPILER_PORTING_PORTING_H

#include "runtime/Layer.h"
#include "runtime/Status.h"

#include "llvm/Support/raw_ostream.h"

#include <string>

namespace convt {

/// A layer as its spec wrote it: its name, the frontend op ("convt.torch",
/// ...) and its canonical form.
struct PortedLayer {
  std::string name;
  std::string frontendOp;
  CanonicalLayer canonical;
};

/// `layer` for `to` ("torch", "mindspore", "onnx"): Python to paste, or
/// with `json` the target's layer spec (a `then` key for extra steps).
Status translateLayer(const PortedLayer &layer, const std::string &to,
                      bool json, llvm::raw_ostream &os);

/// A and B compared through their canonical forms: equal, different
/// layers, or per dimension what B crops or appends beyond A and the
/// attributes of B's framework that give A's numbers.
void explainLayers(const PortedLayer &a, const PortedLayer &b,
                   llvm::raw_ostream &os);

/// The attributes of `frontendOp`'s framework that give `layer`'s numbers,
/// with the extra steps appended when it needs some; "" for frameworks
/// translate does not write.
std::string exactAttributes(const CanonicalLayer &layer,
                            const std::string &frontendOp);

} // namespace convt

#endif // CONVT_COMPILER_PORTING_PORTING_H
