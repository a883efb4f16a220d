//===- Passes.td - convt passes ------------------------------*- tablegen -*-===//
#ifndef CONVT_PASSES_TD
#define CONVT_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvtToCanonical : Pass<"convt-to-canonical"> {
  let summary = "Lower convt.torch and convt.mindspore to convt.canonical";
  let description = [{
    Rewrites every frontend op into the canonical padded form with the
    formulas of docs/semantics.md (table 1): PyTorch's padding and
    output_padding (or output_size), MindSpore's pad modes, its begin/end
    padding and both kinds of its output_padding become signed pads_begin /
    pads_end, plus post_pads for the zeros MindSpore's 2-D output_padding
    appends after the bias. Fails if a frontend op is left.
  }];
  let constructor = "convt::createConvtToCanonicalPass()";
  let dependentDialects = ["convt::ConvtDialect"];
}

#endif // CONVT_PASSES_TD
