//===- ConvtModule.cpp - convt._convt: the compiler for Python ------------===//
//
// The C++ half of `import convt` (convt/__init__.py is the rest): a layer
// spec compiled in this process by the JIT (in-memory cache), run on
// float32 arrays (NumPy, or anything with __array__ such as PyTorch CPU
// tensors: read in place when C-contiguous float32, never copied then),
// its stages as text, translate and explain. Errors are convt.Error with
// convt's message.
//
//===----------------------------------------------------------------------===//

#include "compiler/backend/Backend.h"
#include "compiler/driver/Driver.h"
#include "compiler/jit/Jit.h"
#include "compiler/porting/Porting.h"
#include "runtime/Context.h"
#include "runtime/Kernel.h"

#include "llvm/Support/raw_ostream.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <stdexcept>

namespace py = pybind11;
using namespace convt;

namespace {

struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

void check(const Status &s) {
  if (!s)
    throw Error(s.message());
}

JitCompiler &jit() {
  static JitCompiler compiler; // memory cache only
  return compiler;
}

Context &context() {
  static Context c;
  return c;
}

using FloatArray =
    py::array_t<float, py::array::c_style | py::array::forcecast>;

std::vector<int64_t> shapeOf(const py::array &a) {
  return std::vector<int64_t>(a.shape(), a.shape() + a.ndim());
}

/// A compiled layer: its stages and its kernel.
class Layer {
public:
  Layer(const std::string &json, const std::string &name,
        const std::string &schedule, const std::string &expert, int threads) {
    check(loadSpecStages(json, name, stages_));
    auto kind = parseScheduleName(schedule);
    if (!kind)
      throw Error("schedule must be expert, mullapudi2016, adams2019 or "
                  "li2018, got '" +
                  schedule + "'");
    auto params = ExpertParams::parse(expert);
    if (!params)
      throw Error("expert must be 'auto' or as convtc --expert "
                  "(v4m5k64f2), got '" +
                  expert + "'");
    if (threads < 0)
      throw Error("threads must be 0 (all cores) or positive");
    options_.schedule = *kind;
    options_.expert = *params;
    options_.threads = threads;
    py::gil_scoped_release release;
    check(jit().getKernel(stages_.layer, options_, kernel_, stages_.name));
  }

  const CanonicalLayer &layer() const { return stages_.layer; }
  const SpecStages &stages() const { return stages_; }

  std::string stage(const std::string &name) const {
    if (name == "frontend")
      return stages_.frontend;
    if (name == "canonical")
      return stages_.canonical;
    static const std::pair<const char *, BackendStage> backend[] = {
        {"halide", BackendStage::Halide},
        {"schedule", BackendStage::Schedule},
        {"stmt", BackendStage::Stmt},
        {"llvm", BackendStage::Llvm},
        {"asm", BackendStage::Asm}};
    for (auto &[n, s] : backend)
      if (name == n) {
        std::string text;
        check(emitBackendStage(stages_.layer, options_, s, text));
        return text;
      }
    throw Error("stage must be frontend, canonical, halide, schedule, stmt, "
                "llvm or asm, got '" +
                name + "'");
  }

  py::array run(const FloatArray &x, const FloatArray &w,
                const std::optional<FloatArray> &b,
                std::optional<py::array_t<float, py::array::c_style>> out) {
    const CanonicalLayer &l = layer();
    if (l.elementType != ElementType::Float32)
      throw Error(std::string("run takes float32 layers; this one is ") +
                  elementTypeName(l.elementType) + " (convtc run reads it)");
    auto expect = [](const py::array &a, const std::vector<int64_t> &shape,
                     const char *what) {
      if (shapeOf(a) != shape)
        throw Error(std::string(what) + " has shape " +
                    formatShape(shapeOf(a)) + ", the layer's is " +
                    formatShape(shape));
    };
    expect(x, l.inputShape(), "input");
    expect(w, l.weightShape(), "weight");
    if (l.hasBias != b.has_value())
      throw Error(l.hasBias ? "the layer has a bias: give bias="
                            : "the layer has no bias");
    if (b)
      expect(*b, l.biasShape(), "bias");
    py::array_t<float, py::array::c_style> y =
        out ? *out : py::array_t<float, py::array::c_style>(l.outputShape());
    expect(y, l.outputShape(), "out");
    if (!y.writeable())
      throw Error("out is read-only");
    TensorRef in{const_cast<float *>(x.data()), l.inputShape(),
                 static_cast<size_t>(x.size())};
    TensorRef wt{const_cast<float *>(w.data()), l.weightShape(),
                 static_cast<size_t>(w.size())};
    TensorRef bias;
    if (b)
      bias = TensorRef{const_cast<float *>(b->data()), l.biasShape(),
                       static_cast<size_t>(b->size())};
    TensorRef o{y.mutable_data(), l.outputShape(),
                static_cast<size_t>(y.size())};
    Status s;
    {
      py::gil_scoped_release release;
      s = kernel_->run(context(), in, wt, b ? &bias : nullptr, o);
    }
    check(s);
    return std::move(y);
  }

private:
  SpecStages stages_;
  BackendOptions options_;
  std::shared_ptr<Kernel> kernel_;
};

PortedLayer ported(const std::string &json, const std::string &name) {
  SpecStages s;
  check(loadSpecStages(json, name, s));
  return PortedLayer{s.name, s.frontendOp, s.layer};
}

} // namespace

PYBIND11_MODULE(_convt, m) {
  m.doc() = "convt's compiler and runtime (see the convt package)";
  py::register_exception<Error>(m, "Error");
  py::class_<Layer>(m, "Layer")
      .def(py::init<const std::string &, const std::string &,
                    const std::string &, const std::string &, int>(),
           py::arg("json"), py::arg("name"), py::arg("schedule"),
           py::arg("expert"), py::arg("threads"))
      .def_property_readonly("name",
                             [](const Layer &l) { return l.stages().name; })
      .def_property_readonly(
          "frontend_op", [](const Layer &l) { return l.stages().frontendOp; })
      .def_property_readonly(
          "input_shape", [](const Layer &l) { return l.layer().inputShape(); })
      .def_property_readonly(
          "weight_shape",
          [](const Layer &l) { return l.layer().weightShape(); })
      .def_property_readonly("bias_shape",
                             [](const Layer &l) -> py::object {
                               if (!l.layer().hasBias)
                                 return py::none();
                               return py::cast(l.layer().biasShape());
                             })
      .def_property_readonly(
          "output_shape",
          [](const Layer &l) { return l.layer().outputShape(); })
      .def_property_readonly("canonical",
                             [](const Layer &l) { return l.layer().str(); })
      .def_property_readonly(
          "data_format", [](const Layer &l) { return l.layer().dataFormat(); })
      .def("stage", &Layer::stage, py::arg("name"))
      .def("run", &Layer::run, py::arg("x"), py::arg("weight"),
           py::arg("bias") = py::none(), py::arg("out") = py::none());
  m.def(
      "translate",
      [](const std::string &json, const std::string &name,
         const std::string &to, bool asJson) {
        PortedLayer l = ported(json, name);
        std::string text;
        llvm::raw_string_ostream os(text);
        check(translateLayer(l, to, asJson, os));
        os.flush();
        return text;
      },
      py::arg("json"), py::arg("name"), py::arg("to"), py::arg("as_json"));
  m.def(
      "explain",
      [](const std::string &a, const std::string &nameA, const std::string &b,
         const std::string &nameB) {
        PortedLayer la = ported(a, nameA), lb = ported(b, nameB);
        std::string text;
        llvm::raw_string_ostream os(text);
        explainLayers(la, lb, os);
        os.flush();
        return text;
      },
      py::arg("a"), py::arg("name_a"), py::arg("b"), py::arg("name_b"));
}
