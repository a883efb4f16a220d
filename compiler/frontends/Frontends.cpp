//===- Frontends.cpp - The table of frontends -----------------------------===//

#include "compiler/frontends/Frontend.h"

#include <cassert>

namespace convt {

#define CONVT_FRONTEND(fn) const Frontend &fn();
#include "compiler/frontends/AllFrontends.inc"
#undef CONVT_FRONTEND

mlir::LogicalResult readOutputSizes(SpecReader &r, const LayerSpec &spec,
                                    llvm::StringRef key,
                                    std::optional<std::vector<int64_t>> &out) {
  if (mlir::failed(r.readInts(key, out, /*allowScalar=*/false)))
    return mlir::failure();
  // Frameworks drop the leading [N, C] of a full shape; a mismatch there is
  // a mistake in the spec, so it is reported rather than dropped.
  if (out && static_cast<int>(out->size()) == spec.rank() + 2) {
    if ((*out)[0] != spec.inputShape[0] || (*out)[1] != spec.outChannels)
      return r.error(key) << "'" << key << "' " << formatShape(*out)
                          << " is a full shape whose [N, C_out] is not ["
                          << spec.inputShape[0] << ", " << spec.outChannels
                          << "]",
             mlir::failure();
    out->erase(out->begin(), out->begin() + 2);
  }
  return mlir::success();
}

void appendLayoutAttributes(
    mlir::Builder &b, const LayerSpec &spec,
    llvm::SmallVectorImpl<mlir::NamedAttribute> &attrs) {
  const bool last = frontendOf(spec.style).layoutsLast;
  bool hasFormat = false;
  for (const mlir::NamedAttribute &a : attrs)
    hasFormat |= a.getName() == "data_format";
  if (!hasFormat && spec.channelsLast != last)
    attrs.push_back(b.getNamedAttr("data_format",
                                   b.getStringAttr(spec.layer.dataFormat())));
  if (spec.weightChannelsLast != last)
    attrs.push_back(b.getNamedAttr("weight_format",
                                   b.getStringAttr(spec.layer.weightFormat())));
}

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
