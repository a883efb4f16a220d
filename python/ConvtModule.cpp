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
#include "runtime/BFloat16.h"
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

  /// Runs the layer on NumPy arrays (or anything NumPy reads: PyTorch CPU
  /// tensors). float32 layers read float32 C-order arrays in place (others
  /// are converted); float16 layers read NumPy float16 (others rounded) and
  /// return float16; bfloat16 layers, which NumPy has no type for, take
  /// floats rounded to bfloat16 and return float32 holding the bfloat16
  /// results exactly (as `convtc run`).
  py::array run(const py::object &x, const py::object &w, const py::object &b,
                const py::object &out) {
    const CanonicalLayer &l = layer();
    if (l.hasBias != !b.is_none())
      throw Error(l.hasBias ? "the layer has a bias: give bias="
                            : "the layer has no bias");
    const bool brain = l.elementType == ElementType::BFloat16;
    const char *inType =
        l.elementType == ElementType::Float16 ? "float16" : "float32";
    py::module_ np = py::module_::import("numpy");
    auto asArray = [&](const py::object &o, const std::vector<int64_t> &shape,
                       const char *what) {
      py::array a = np.attr("ascontiguousarray")(o, inType);
      if (shapeOf(a) != shape)
        throw Error(std::string(what) + " has shape " +
                    formatShape(shapeOf(a)) + ", the layer's is " +
                    formatShape(shape));
      return a;
    };
    py::array xa = asArray(x, l.inputShape(), "input");
    py::array wa = asArray(w, l.weightShape(), "weight");
    py::array ba =
        b.is_none() ? py::array() : asArray(b, l.biasShape(), "bias");
    py::array y = out.is_none() ? py::array(py::dtype(inType), l.outputShape())
                                : py::array(out);
    if (shapeOf(y) != l.outputShape() || !y.dtype().is(py::dtype(inType)) ||
        !(y.flags() & py::array::c_style))
      throw Error("out must be a C-order " + std::string(inType) +
                  " array of shape " + formatShape(l.outputShape()));
    if (!y.writeable())
      throw Error("out is read-only");
    // bfloat16: the values rounded into buffers of the layer's type.
    std::vector<uint16_t> xb, wb, bb, yb;
    auto tensor = [&](py::array &a, std::vector<uint16_t> &narrow,
                      const std::vector<int64_t> &shape) {
      void *data = a.mutable_data();
      if (brain) {
        const float *f = static_cast<const float *>(a.data());
        narrow.resize(static_cast<size_t>(a.size()));
        for (size_t i = 0; i < narrow.size(); ++i)
          narrow[i] = toBFloat16(f[i]);
        data = narrow.data();
      }
      return TensorRef{data, shape, static_cast<size_t>(a.size()),
                       l.elementType};
    };
    TensorRef in = tensor(xa, xb, l.inputShape());
    TensorRef wt = tensor(wa, wb, l.weightShape());
    TensorRef bias;
    if (!b.is_none())
      bias = tensor(ba, bb, l.biasShape());
    TensorRef o{y.mutable_data(), l.outputShape(),
                static_cast<size_t>(y.size()), l.elementType};
    if (brain) {
      yb.resize(static_cast<size_t>(y.size()));
      o.data = yb.data();
    }
    Status s;
    {
      py::gil_scoped_release release;
      s = kernel_->run(context(), in, wt, b.is_none() ? nullptr : &bias, o);
    }
    check(s);
    if (brain) {
      float *f = static_cast<float *>(y.mutable_data());
      for (size_t i = 0; i < yb.size(); ++i)
        f[i] = fromBFloat16(yb[i]);
    }
    return y;
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
