//===- Algorithm.cpp - The Halide algorithm of a canonical layer ---------===//
//
// The gather form and what every form shares; the phase-major forms'
// algorithm is in PhaseMajorAlgorithm.cpp.
//
//===----------------------------------------------------------------------===//

#include "compiler/backend/AlgorithmParts.h"

#include <numeric>
#include <sstream>

using namespace Halide;

namespace convt::backend {

namespace {

/// x with x*a == 1 (mod m), for gcd(a, m) == 1 and m >= 1.
int64_t modularInverse(int64_t a, int64_t m) {
  if (m == 1)
    return 0;
  for (int64_t x = 1; x < m; ++x)
    if ((a * x) % m == 1)
      return x;
  return 0; // unreachable for coprime a, m
}

/// The index arithmetic of one spatial dimension.
struct DimTaps {
  Expr hasTaps;    ///< g | p
  Expr tap;        ///< j, kernel index
  Expr inputIndex; ///< i
  Expr inRange;    ///< j < k && 0 <= i < n
  int64_t maxTaps; ///< extent of the t loop
};

DimTaps dimTaps(const CanonicalLayer &l, int d, Expr o, Expr t) {
  const int64_t s = l.strides[d], dil = l.dilations[d], k = l.kernelSize[d],
                n = l.inputSize[d], pb = l.padsBegin[d];
  const int64_t g = std::gcd(s, dil), sg = s / g, dg = dil / g;
  DimTaps r;
  Expr p = o + static_cast<int>(pb);
  Expr phase = p % static_cast<int>(s); // Halide's % is Euclidean
  Expr j0 = firstTap(l, d, phase, r.hasTaps);
  Expr i0 = (p - j0 * static_cast<int>(dil)) / static_cast<int>(s);
  r.tap = j0 + static_cast<int>(sg) * t;
  r.inputIndex = i0 - static_cast<int>(dg) * t;
  r.inRange = r.tap < static_cast<int>(k) && r.inputIndex >= 0 &&
              r.inputIndex < static_cast<int>(n);
  r.maxTaps = (k + sg - 1) / sg;
  return r;
}

} // namespace

/// The first tap j0 that lands on phase `phase` (0 <= phase < stride) of
/// dimension d: j0*dilation == phase (mod stride), j0 < stride/g. Sets
/// `hasTaps` to g | phase (no tap lands on the other phases).
Expr firstTap(const CanonicalLayer &l, int d, Expr phase, Expr &hasTaps) {
  const int64_t s = l.strides[d], dil = l.dilations[d];
  const int64_t g = std::gcd(s, dil), sg = s / g, dg = dil / g;
  const int inv = static_cast<int>(modularInverse(dg % sg, sg));
  hasTaps =
      g == 1 ? Internal::const_true() : (phase % static_cast<int>(g)) == 0;
  return g == 1 ? (phase * inv) % static_cast<int>(sg)
                : ((phase / static_cast<int>(g)) * inv) % static_cast<int>(sg);
}

std::vector<Argument> Algorithm::arguments() const {
  std::vector<Argument> args = {input, prepacked ? packedInput : weight};
  if (layer.hasBias)
    args.push_back(bias);
  return args;
}

/// Dense C-order contract for a buffer of exactly `shape`: static extents
/// and strides let Halide fold all index arithmetic.
void contract(OutputImageParam p, const std::vector<int64_t> &shape) {
  int64_t stride = 1;
  for (int i = 0; i < static_cast<int>(shape.size()); ++i) {
    int64_t extent = shape[shape.size() - 1 - i];
    p.dim(i).set_bounds(0, static_cast<int>(extent));
    p.dim(i).set_stride(static_cast<int>(stride));
    stride *= extent;
  }
}

/// The contract of an activation (input or output) whose logical shape is
/// [N, C, spatial...] and whose Halide dimensions are (spatial innermost
/// first..., C, N): dense C-order in the layer's layout. Channels last
/// stores C innermost (stride 1), then the spatial dimensions, then N.
void contractActivation(OutputImageParam p, const std::vector<int64_t> &logical,
                        bool channelsLast) {
  if (!channelsLast) {
    contract(p, logical);
    return;
  }
  const int rank = static_cast<int>(logical.size()) - 2;
  int64_t stride = logical[1];
  p.dim(rank).set_bounds(0, static_cast<int>(logical[1])).set_stride(1);
  for (int i = 0; i < rank; ++i) {
    const int64_t extent = logical[logical.size() - 1 - i];
    p.dim(i).set_bounds(0, static_cast<int>(extent));
    p.dim(i).set_stride(static_cast<int>(stride));
    stride *= extent;
  }
  p.dim(rank + 1).set_bounds(0, static_cast<int>(logical[0]));
  p.dim(rank + 1).set_stride(static_cast<int>(stride));
}

void contractWeight(OutputImageParam p, const CanonicalLayer &l) {
  if (!l.weightChannelsLast) {
    contract(p, l.weightShape());
    return;
  }
  // Dimensions (k innermost first..., C_out/groups, C_in) over the array
  // [k..., C_out/groups, C_in]: C_in has stride 1.
  const int rank = l.rank;
  const int64_t cin = l.inChannels, cog = l.outChannels / l.groups;
  p.dim(rank + 1).set_bounds(0, static_cast<int>(cin)).set_stride(1);
  p.dim(rank).set_bounds(0, static_cast<int>(cog));
  p.dim(rank).set_stride(static_cast<int>(cin));
  int64_t stride = cin * cog;
  for (int i = 0; i < rank; ++i) {
    const int64_t extent = l.kernelSize[rank - 1 - i];
    p.dim(i).set_bounds(0, static_cast<int>(extent));
    p.dim(i).set_stride(static_cast<int>(stride));
    stride *= extent;
  }
}

Type halideElementType(const CanonicalLayer &l) {
  return l.elementType == ElementType::BFloat16  ? BFloat(16)
         : l.elementType == ElementType::Float16 ? Float(16)
                                                 : Float(32);
}

/// `e` as float32 (sums and products are float32 in every kernel).
Expr widen(const Expr &e) {
  return e.type() == Float(32) ? e : cast(Float(32), e);
}

/// The input channel output channel c reads at reduction step r[0].
/// Without groups it is the reduction variable itself: no division, so a
/// channel vector broadcasts one input value.
Expr inputChannel(const Algorithm &a, int cig, int cog) {
  if (a.layer.groups == 1)
    return a.r[0];
  Expr group = clamp(a.c / cog, 0, static_cast<int>(a.layer.groups - 1));
  return group * cig + a.r[0];
}

/// Completes the input and weight argument lists of the reduction: the
/// spatial indices innermost first, then the batch (input) or the input
/// channel (weight).
void finishArguments(const Algorithm &a, const std::vector<Expr> &inSpatial,
                     const std::vector<Expr> &wSpatial,
                     std::vector<Expr> &inArgs, std::vector<Expr> &wArgs) {
  for (int d = a.layer.rank - 1; d >= 0; --d) {
    inArgs.push_back(inSpatial[d]);
    wArgs.push_back(wSpatial[d]);
  }
  inArgs.push_back(a.n);
  wArgs.push_back(a.r[0]);
}

/// output(o..., c, n) = value of acc at o, plus bias, then MindSpore's
/// trailing zeros past the window.
void defineOutput(Algorithm &a, const std::vector<Var> &outVars, Expr value,
                  bool addBias) {
  const CanonicalLayer &l = a.layer;
  if (addBias && l.hasBias)
    value = value + widen(a.bias(a.c));
  Expr inWindow = Internal::const_true();
  bool anyPost = false;
  for (int d = 0; d < l.rank; ++d)
    if (l.postPads[d]) {
      anyPost = true;
      inWindow = inWindow && a.spatial[d] < static_cast<int>(l.windowSize(d));
    }
  if (anyPost)
    value = select(inWindow, value, Internal::make_zero(value.type()));
  a.output = Func("output");
  // bfloat16 and float16 outputs round the float32 result once (to nearest
  // even).
  a.output(outVars) =
      value.type() == Float(32) ? cast(halideElementType(l), value) : value;
  if (l.channelsLast)
    contractActivation(a.output.output_buffer(), l.logicalOutputShape(), true);
}

Algorithm buildAlgorithm(const CanonicalLayer &l, bool countMultiplyAdds,
                         IndexBounds bounds, WeightForm weights, int lanes,
                         AlgorithmForm form, int pairs) {
  Algorithm a;
  a.layer = l;
  a.pairs = pairs;
  const Type elt = halideElementType(l);
  const int rank = l.rank;
  const int cig = static_cast<int>(l.inChannels / l.groups);
  const int cog = static_cast<int>(l.outChannels / l.groups);

  a.input = ImageParam(elt, rank + 2, "input");
  a.weight = ImageParam(elt, rank + 2, "weight");
  if (l.hasBias)
    a.bias = ImageParam(elt, 1, "bias");
  static const char *names[3][3] = {
      {"x", "", ""}, {"y", "x", ""}, {"z", "y", "x"}};
  for (int d = 0; d < rank; ++d)
    a.spatial.push_back(Var(names[rank - 1][d]));

  // Buffer contracts: dense C-order arrays of exactly the layer's shapes.
  contractActivation(a.input, l.logicalInputShape(), l.channelsLast);
  contractWeight(a.weight, l);
  if (l.hasBias)
    contract(a.bias, l.biasShape());

  // Halide argument lists, innermost first.
  std::vector<Var> outVars; // (o_W, ..., c, n)
  for (int d = rank - 1; d >= 0; --d)
    outVars.push_back(a.spatial[d]);
  std::vector<Var> accVars = {a.c};
  accVars.insert(accVars.end(), outVars.begin(), outVars.end());
  accVars.push_back(a.n);
  outVars.push_back(a.c);
  outVars.push_back(a.n);

  // Channels-innermost views of the input and the weight. Schedules choose
  // whether to materialise them (a repack) or inline them.
  a.inputCF = Func("input_cf");
  {
    Var ci("ci");
    std::vector<Var> vars = {ci};
    std::vector<Expr> args;
    for (int d = rank - 1; d >= 0; --d) {
      Var v(std::string("i") + names[rank - 1][d]);
      vars.push_back(v);
      args.push_back(v);
    }
    vars.push_back(a.n);
    args.push_back(ci);
    args.push_back(a.n);
    a.inputCF(vars) = a.input(args);
  }
  a.packedWeight = Func("packed_weight");
  {
    Var rci("rci");
    std::vector<Var> vars = {a.c};
    std::vector<Expr> args;
    for (int d = rank - 1; d >= 0; --d) {
      Var v(std::string("k") + names[rank - 1][d]);
      vars.push_back(v);
      args.push_back(v);
    }
    vars.push_back(rci);
    if (weights == WeightForm::Packed) {
      a.prepacked = true;
      a.packedInput = ImageParam(elt, rank + 3 + (pairs > 1), "packed_weight");
      contract(a.packedInput, packedWeightShape(l, lanes, pairs));
      std::vector<Expr> packed = {a.c % lanes, rci};
      if (pairs > 1) {
        // packed_weight(c, k..., pair, member).
        Var member("member");
        vars.push_back(member);
        packed = {member, a.c % lanes, rci};
      }
      packed.insert(packed.end(), args.begin(), args.end());
      // The GPU template's threads compute whole channel vectors, some of
      // them wholly past C_out in a block's last thread (their stores are
      // guarded, their weight loads are not): those read the last block.
      const int blocks = static_cast<int>((l.outChannels + lanes - 1) / lanes);
      packed.push_back(form == AlgorithmForm::GpuPhaseMajor
                           ? min(a.c / lanes, blocks - 1)
                           : a.c / lanes);
      a.packedWeight(vars) = a.packedInput(packed);
    } else {
      // Clamped, so that schedules may compute whole vectors of channels
      // past C_out (their lanes are never stored).
      Expr c = clamp(a.c, 0, static_cast<int>(l.outChannels - 1));
      args.push_back(l.groups == 1 ? c : c % cog);
      args.push_back(l.groups == 1 ? Expr(rci) : (c / cog) * cig + rci);
      a.packedWeight(vars) = a.weight(args);
    }
  }

  // Reduction: input channel within the group, then one tap loop per
  // dimension (trip count = the most taps any phase receives).
  Region ranges = {Range(0, cig / pairs)};
  std::vector<int64_t> maxTaps(rank);
  for (int d = 0; d < rank; ++d) {
    maxTaps[d] = dimTaps(l, d, Expr(0), Expr(0)).maxTaps;
    ranges.push_back(Range(0, static_cast<int>(maxTaps[d])));
  }
  if (pairs > 1)
    ranges.push_back(Range(0, pairs));
  a.r = RDom(ranges, "r");
  if (form != AlgorithmForm::Gather) {
    a.outputTiles = form == AlgorithmForm::OutputTiles;
    a.trimsOuterTaps = form != AlgorithmForm::PhaseMajorRowPhases &&
                       form != AlgorithmForm::GpuPhaseMajor;
    buildPhaseMajor(a, cig, cog, outVars);
    return a;
  }
  Expr predicate = Internal::const_true();
  std::vector<Expr> inArgs = {inputChannel(a, cig, cog)};
  std::vector<Expr> wArgs = {a.c};
  std::vector<Expr> inSpatial(rank), wSpatial(rank);
  for (int d = 0; d < rank; ++d) {
    DimTaps t = dimTaps(l, d, a.spatial[d], a.r[1 + d]);
    predicate = predicate && t.hasTaps && t.inRange;
    // The predicate keeps every index in range; bounds inference must
    // know it too, or it would ask for a larger input.
    auto bound = bounds == IndexBounds::Promise
                     ? unsafe_promise_clamped
                     : [](const Expr &v, const Expr &lo, const Expr &hi) {
                         return clamp(v, lo, hi);
                       };
    // The input index is clamped for real even in Promise mode: for a
    // channels-innermost input copy feeding an rfactor'ed reduction, Halide
    // 14 sized the copy from the unclamped index (a conformance layer with
    // an input of width 1 read outside it). It depends only on the column
    // and the tap, so it is hoisted out of the input-channel loop.
    inSpatial[d] = clamp(t.inputIndex, 0, static_cast<int>(l.inputSize[d] - 1));
    wSpatial[d] = bound(t.tap, 0, static_cast<int>(l.kernelSize[d] - 1));
  }
  finishArguments(a, inSpatial, wSpatial, inArgs, wArgs);
  a.r.where(simplify(predicate));

  a.acc = Func("acc");
  if (countMultiplyAdds) {
    // The update must mention the reduction domain to iterate over it (and
    // carry its predicate); the select is always 1.
    a.acc(accVars) = 0;
    a.acc(accVars) += select(a.r[0] >= 0, 1, 0);
  } else if (bounds == IndexBounds::Promise) {
    a.acc(accVars) = 0.f;
    a.acc(accVars) += widen(a.inputCF(inArgs)) * widen(a.packedWeight(wArgs));
  } else {
    // For the autoschedulers: the same values read straight from the
    // inputs. Given the layout Funcs, Adams2019 places one inside the
    // predicate-trimmed tap loops and stores it outside them, and Halide 14
    // then computes wrong values (a grouped layer of the conformance suite);
    // without them there is nothing to place there.
    std::vector<Expr> inDirect(inArgs.begin() + 1, inArgs.end() - 1);
    inDirect.push_back(inArgs.front());
    inDirect.push_back(a.n);
    std::vector<Expr> wDirect(wArgs.begin() + 1, wArgs.end() - 1);
    Expr c = clamp(a.c, 0, static_cast<int>(l.outChannels - 1));
    wDirect.push_back(l.groups == 1 ? c : c % cog);
    wDirect.push_back(inArgs.front());
    a.acc(accVars) = 0.f;
    a.acc(accVars) += widen(a.input(inDirect)) * widen(a.weight(wDirect));
  }

  // Output: bias on the window, then MindSpore's trailing zeros. Columns
  // no tap reaches (a window past the full result: negative pads, or the
  // trailing zeros) read no accumulator: acc's region stays where the
  // predicate holds. Halide 14 checked an rfactor'ed register tile lying
  // wholly outside the predicate's range against an empty required region
  // it took for a real one, and the kernel failed ("Bounds given for
  // acc_intm ... do not cover required region").
  std::vector<Expr> accArgs(rank + 2);
  accArgs[0] = a.c;
  accArgs[rank + 1] = a.n;
  Expr reached = Internal::const_true();
  bool none = false;
  for (int d = 0; d < rank; ++d) {
    const int64_t lo = std::max<int64_t>(0, -l.padsBegin[d]);
    const int64_t hi =
        std::min(l.windowSize(d), l.fullSize(d) - l.padsBegin[d]) - 1;
    Expr x = a.spatial[d];
    none = none || lo > hi;
    if (lo > 0 || hi < l.outputSize(d) - 1) {
      reached =
          reached && x >= static_cast<int>(lo) && x <= static_cast<int>(hi);
      x = clamp(x, static_cast<int>(lo), static_cast<int>(std::max(lo, hi)));
    }
    accArgs[rank - d] = x;
  }
  Expr value = a.acc(accArgs);
  if (none)
    value = Internal::make_zero(value.type());
  else if (!is_const_one(reached))
    value = select(reached, value, Internal::make_zero(value.type()));
  defineOutput(a, outVars, value, !countMultiplyAdds);
  return a;
}

void setEstimates(Algorithm &a) {
  const CanonicalLayer &l = a.layer;
  auto estimate = [](OutputImageParam p, const std::vector<int64_t> &shape) {
    Region region;
    for (size_t i = shape.size(); i-- > 0;)
      region.push_back({0, static_cast<int>(shape[i])});
    p.set_estimates(region);
  };
  estimate(a.input, l.logicalInputShape());
  estimate(a.weight, l.logicalWeightShape());
  if (l.hasBias)
    estimate(a.bias, l.biasShape());
  Region out;
  std::vector<int64_t> shape = l.logicalOutputShape();
  for (size_t i = shape.size(); i-- > 0;)
    out.push_back({0, static_cast<int>(shape[i])});
  a.output.set_estimates(out);
}

std::string describeAlgorithm(const Algorithm &a) {
  std::ostringstream os;
  os << "// Halide algorithm of: " << a.layer.str() << "\n";
  for (const Func &f : {a.inputCF, a.packedWeight, a.acc, a.output}) {
    const Internal::Function &fn = f.function();
    auto printDef = [&](const Internal::Definition &def, bool update) {
      os << fn.name() << "(";
      for (size_t i = 0; i < def.args().size(); ++i)
        os << (i ? ", " : "") << def.args()[i];
      os << ") = ";
      for (const Expr &v : def.values())
        os << v;
      os << "\n";
      if (update && def.schedule().rvars().size()) {
        os << "  reduction over";
        for (const auto &rv : def.schedule().rvars())
          os << " " << rv.var << " in [" << rv.min << ", " << rv.min << " + "
             << rv.extent << ")";
        os << "\n";
      }
      if (update && def.predicate().defined())
        os << "  where " << def.predicate() << "\n";
    };
    printDef(fn.definition(), false);
    for (const Internal::Definition &u : fn.updates())
      printDef(u, true);
  }
  return os.str();
}

} // namespace convt::backend
