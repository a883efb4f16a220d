//===- Frontends.cpp - The table of frontends -----------------------------===//

#include "compiler/frontends/Frontend.h"

#include <cassert>

namespace convt {

#define CONVT_FRONTEND(fn) const Frontend &fn();
#include "compiler/frontends/AllFrontends.inc"
#undef CONVT_FRONTEND

llvm::ArrayRef<const Frontend *> allFrontends() {
#define CONVT_FRONTEND(fn) &fn(),
  static const Frontend *const table[] = {
#include "compiler/frontends/AllFrontends.inc"
  };
#undef CONVT_FRONTEND
  return table;
}

const Frontend *findFrontend(llvm::StringRef style) {
  for (const Frontend *f : allFrontends())
    if (style == f->name)
      return f;
  return nullptr;
}

const Frontend &frontendOf(Style style) {
  for (const Frontend *f : allFrontends())
    if (f->style == style)
      return *f;
  assert(false && "every style has a frontend");
  return *allFrontends().front();
}

} // namespace convt
