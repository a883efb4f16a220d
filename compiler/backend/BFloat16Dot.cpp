//===- BFloat16Dot.cpp - Pairwise bfloat16 dot products on x86 ------------===//

#include "compiler/backend/BFloat16Dot.h"

#include "llvm/IR/Metadata.h"
#include "llvm/IR/Module.h"

namespace convt::backend {

using namespace Halide;
using namespace Halide::Internal;

namespace {

class BFloat16DotPass : public IRMutator {
public:
  explicit BFloat16DotPass(int *rewrites) : rewrites_(rewrites) {}

  using IRMutator::visit;

  Expr visit(const Add *op) override {
    for (int side = 0; side < 2; ++side) {
      const Expr &sum = side ? op->a : op->b;
      const Expr &init = side ? op->b : op->a;
      const VectorReduce *r = sum.as<VectorReduce>();
      if (!r || r->op != VectorReduce::Add || r->type != Float(32, 16) ||
          r->value.type().lanes() != 32)
        continue;
      const Mul *m = r->value.as<Mul>();
      if (!m)
        continue;
      Expr a = narrow(m->a), b = narrow(m->b);
      if (!a.defined() || !b.defined())
        continue;
      if (rewrites_)
        ++*rewrites_;
      // Resolved by name to the x86 runtime's dpbf16psx16 (its 16-lane
      // version), which Halide links into every AVX-512 kernel.
      return Call::make(Float(32, 16), "dpbf16ps", {mutate(init), a, b},
                        Call::PureExtern);
    }
    return IRMutator::visit(op);
  }

private:
  /// The bfloat16 value that `e` widens to float32: a cast, or a broadcast
  /// of one (the input pair, the same for every lane pair); else undefined.
  static Expr narrow(const Expr &e) {
    if (const Cast *c = e.as<Cast>())
      if (c->value.type().is_bfloat())
        return c->value;
    if (const Shuffle *s = e.as<Shuffle>())
      if (s->is_broadcast() && s->vectors.size() == 1)
        if (Expr v = narrow(s->vectors[0]); v.defined())
          return Shuffle::make_broadcast(v, s->broadcast_factor());
    if (const Broadcast *b = e.as<Broadcast>())
      if (Expr v = narrow(b->value); v.defined())
        return Broadcast::make(v, b->lanes);
    return Expr();
  }

  int *rewrites_;
};

} // namespace

IRMutator *makeBFloat16DotPass(int *rewrites) {
  return new BFloat16DotPass(rewrites);
}

void enableBFloat16Dot(llvm::Module &module) {
  // Halide 14 makes its target machine from these module flags when it
  // emits the object (or assembly) of the module.
  auto *flag = llvm::dyn_cast_or_null<llvm::MDString>(
      module.getModuleFlag("halide_mattrs"));
  std::string attrs = flag ? flag->getString().str() : "";
  if (attrs.find("+avx512bf16") != std::string::npos)
    return;
  attrs += std::string(attrs.empty() ? "" : ",") + "+avx512bf16";
  module.setModuleFlag(llvm::Module::Warning, "halide_mattrs",
                       llvm::MDString::get(module.getContext(), attrs));
}

} // namespace convt::backend
