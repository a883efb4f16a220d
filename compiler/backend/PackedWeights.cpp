//===- PackedWeights.cpp - The weights' packed layout and its pipeline ----===//

#include "compiler/backend/AlgorithmParts.h"

using namespace Halide;

namespace convt::backend {

std::vector<int64_t> packedWeightShape(const CanonicalLayer &l, int lanes,
                                       int pairs) {
  std::vector<int64_t> shape = {(l.outChannels + lanes - 1) / lanes};
  shape.insert(shape.end(), l.kernelSize.begin(),
               l.kernelSize.begin() + l.rank);
  shape.push_back(l.inChannels / l.groups / pairs);
  shape.push_back(lanes);
  if (pairs > 1)
    shape.push_back(pairs);
  return shape;
}

PackPipeline buildPackPipeline(const CanonicalLayer &l, int lanes, int pairs) {
  PackPipeline p;
  const int rank = l.rank;
  const int cig = static_cast<int>(l.inChannels / l.groups);
  const int cog = static_cast<int>(l.outChannels / l.groups);
  const Type elt = halideElementType(l);
  p.weight = ImageParam(elt, rank + 2, "weight");
  contractWeight(p.weight, l);
  Var cl("cl"), ci("ci"), cb("cb"), cp("cp");
  // (cl, ci, k..., cb), or with pairs (cp, cl, ci/2, k..., cb).
  std::vector<Var> vars = {cl, ci};
  if (pairs > 1)
    vars = {cp, cl, ci};
  std::vector<Expr> args;
  for (int d = rank - 1; d >= 0; --d) {
    Var k("k" + std::to_string(d));
    vars.push_back(k);
    args.push_back(k);
  }
  vars.push_back(cb);
  Expr c = cb * lanes + cl;
  Expr cc = clamp(c, 0, static_cast<int>(l.outChannels - 1));
  Expr groupChannel = pairs > 1 ? ci * pairs + cp : Expr(ci);
  args.push_back(l.groups == 1 ? cc : cc % cog);
  args.push_back(l.groups == 1 ? groupChannel
                               : (cc / cog) * cig + groupChannel);
  p.pack = Func("pack");
  p.pack(vars) = select(c < static_cast<int>(l.outChannels), p.weight(args),
                        Internal::make_zero(elt));
  std::vector<int64_t> shape = packedWeightShape(l, lanes, pairs);
  Region region;
  for (size_t i = shape.size(); i-- > 0;)
    region.push_back({0, static_cast<int>(shape[i])});
  for (size_t i = 0; i < region.size(); ++i) {
    p.pack.output_buffer()
        .dim(static_cast<int>(i))
        .set_bounds(region[i].min, region[i].extent);
  }
  if (lanes >= 4)
    p.pack.vectorize(cl, std::min(lanes, 16));
  p.pack.parallel(cb);
  return p;
}

} // namespace convt::backend
