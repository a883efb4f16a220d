//===- Import.cpp - convtc import: ONNX models to layer specs -------------===//
//
// `convtc import MODEL.onnx -o DIR [--input-shape N,C,...]`: every
// ConvTranspose node of the model's graph becomes DIR/NAME.json (style
// "onnx", the node's own attributes), with DIR/NAME.weight.npy and
// DIR/NAME.bias.npy for a weight or bias the model holds as an initializer
// (one that is a graph input is left to `run --weight/--bias`). The model
// is read with Debian's libonnx (its generated protobuf classes): no
// protobuf parsing by hand. The input shape comes from the graph's shape
// information, else --input-shape. Each spec written is read back by the
// spec reader, so a node convt cannot run is reported, not written.
//
//===----------------------------------------------------------------------===//

#include "tools/convtc/Commands.h"

#include "compiler/driver/Driver.h"
#include "runtime/FileWrite.h"
#include "runtime/Npy.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <onnx/onnx_pb.h>

#include <cctype>
#include <cstring>
#include <fstream>
#include <map>
#include <set>

namespace convtc {

namespace {

using convt::Status;

std::string sanitize(const std::string &name) {
  std::string s;
  for (char c : name)
    s += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0])))
    s = "convtranspose_" + s;
  return s;
}

/// A float tensor of the model (float_data or raw_data, little-endian).
Status tensorValues(const onnx::TensorProto &t, std::vector<int64_t> &shape,
                    std::vector<float> &values) {
  if (t.data_type() != onnx::TensorProto::FLOAT)
    return Status::error("initializer '" + t.name() +
                         "' is not float32 (ONNX data type " +
                         std::to_string(t.data_type()) + ")");
  if (t.has_data_location() && t.data_location() == onnx::TensorProto::EXTERNAL)
    return Status::error("initializer '" + t.name() +
                         "' is stored outside the model (external data); "
                         "give it with run --weight/--bias");
  shape.assign(t.dims().begin(), t.dims().end());
  int64_t count = 1;
  for (int64_t d : shape) {
    if (d < 0 || d > (int64_t(1) << 31))
      return Status::error("initializer '" + t.name() + "' has dimension " +
                           std::to_string(d));
    count *= d;
    if (count > (int64_t(1) << 31))
      return Status::error("initializer '" + t.name() + "' is too large");
  }
  if (!t.raw_data().empty()) {
    if (t.raw_data().size() != size_t(count) * 4)
      return Status::error("initializer '" + t.name() + "' holds " +
                           std::to_string(t.raw_data().size()) +
                           " bytes, its shape needs " +
                           std::to_string(count * 4));
    values.resize(count);
    std::memcpy(values.data(), t.raw_data().data(), t.raw_data().size());
  } else {
    if (t.float_data_size() != count)
      return Status::error("initializer '" + t.name() + "' holds " +
                           std::to_string(t.float_data_size()) +
                           " values, its shape needs " + std::to_string(count));
    values.assign(t.float_data().begin(), t.float_data().end());
  }
  return Status::success();
}

/// The static shape of value `name` from the graph's inputs, value_info or
/// outputs; empty if unknown.
std::vector<int64_t> knownShape(const onnx::GraphProto &g,
                                const std::string &name) {
  auto from = [&](const onnx::ValueInfoProto &v) {
    std::vector<int64_t> shape;
    if (!v.type().has_tensor_type() || !v.type().tensor_type().has_shape())
      return shape;
    for (const auto &d : v.type().tensor_type().shape().dim()) {
      if (!d.has_dim_value())
        return std::vector<int64_t>();
      shape.push_back(d.dim_value());
    }
    return shape;
  };
  for (const auto *list : {&g.input(), &g.value_info(), &g.output()})
    for (const onnx::ValueInfoProto &v : *list)
      if (v.name() == name)
        return from(v);
  return {};
}

std::vector<int64_t> ints(const onnx::AttributeProto &a) {
  return std::vector<int64_t>(a.ints().begin(), a.ints().end());
}

} // namespace

int importModel(const std::string &modelPath, const std::string &outDir,
                const std::vector<int64_t> &inputShape) {
  if (outDir.empty())
    return fail("import needs -o DIR");
  if (std::error_code ec = llvm::sys::fs::create_directories(outDir))
    return fail("cannot create directory '" + outDir + "': " + ec.message());
  std::ifstream in(modelPath, std::ios::binary);
  if (!in)
    return fail("cannot read '" + modelPath + "'");
  onnx::ModelProto model;
  if (!model.ParseFromIstream(&in))
    return fail("'" + modelPath +
                "' is not an ONNX model (protobuf parse "
                "failed)");
  const onnx::GraphProto &g = model.graph();
  std::map<std::string, const onnx::TensorProto *> initializers;
  for (const onnx::TensorProto &t : g.initializer())
    initializers[t.name()] = &t;

  int found = 0, written = 0;
  std::set<std::string> names;
  for (const onnx::NodeProto &node : g.node()) {
    if (node.op_type() != "ConvTranspose" ||
        (!node.domain().empty() && node.domain() != "ai.onnx"))
      continue;
    ++found;
    std::string name = sanitize(
        !node.name().empty() ? node.name()
                             : (node.output_size() ? node.output(0) : ""));
    for (int i = 2; names.count(name); ++i)
      name = sanitize(node.name()) + "_" + std::to_string(i);
    names.insert(name);
    auto where = [&](const std::string &what) {
      return modelPath + ": node '" + name + "': " + what;
    };
    if (node.input_size() < 2) {
      fail(where("ConvTranspose needs inputs X and W"));
      continue;
    }
    // The input shape: the graph's, else the one given.
    std::vector<int64_t> x = knownShape(g, node.input(0));
    if (x.empty())
      x = inputShape;
    if (x.empty()) {
      fail(where("the shape of input '" + node.input(0) +
                 "' is not in the model: give --input-shape N,C,..."));
      continue;
    }
    // The weight's shape: its initializer's, else the graph's.
    std::vector<int64_t> wShape;
    std::vector<float> w, b;
    bool wFile = false, bFile = false;
    if (auto it = initializers.find(node.input(1)); it != initializers.end()) {
      if (Status s = tensorValues(*it->second, wShape, w); !s) {
        fail(where(s.message()));
        continue;
      }
      wFile = true;
    } else {
      wShape = knownShape(g, node.input(1));
    }
    if (wShape.size() < 3) {
      fail(where("the shape of weight '" + node.input(1) +
                 "' is not in the model"));
      continue;
    }
    const bool hasBias = node.input_size() > 2 && !node.input(2).empty();
    std::vector<int64_t> bShape;
    if (hasBias)
      if (auto it = initializers.find(node.input(2));
          it != initializers.end()) {
        if (Status s = tensorValues(*it->second, bShape, b); !s) {
          fail(where(s.message()));
          continue;
        }
        bFile = true;
      }

    llvm::json::Object spec;
    spec["name"] = name;
    spec["style"] = "onnx";
    spec["input_shape"] = llvm::json::Array(x);
    int64_t group = 1;
    for (const onnx::AttributeProto &a : node.attribute())
      if (a.name() == "group")
        group = a.i();
    spec["in_channels"] = x.size() > 1 ? x[1] : 0;
    spec["out_channels"] = wShape[1] * group;
    spec["kernel_size"] = llvm::json::Array(
        std::vector<int64_t>(wShape.begin() + 2, wShape.end()));
    spec["bias"] = hasBias;
    bool bad = false;
    for (const onnx::AttributeProto &a : node.attribute()) {
      const std::string &key = a.name();
      if (key == "auto_pad")
        spec[key] = a.s();
      else if (key == "group")
        spec[key] = a.i();
      else if (key == "pads" || key == "output_padding" ||
               key == "output_shape" || key == "strides" ||
               key == "dilations" || key == "kernel_shape") {
        std::vector<int64_t> v = ints(a);
        spec[key] = llvm::json::Array(v);
      } else {
        fail(where("attribute '" + key +
                   "' is not one of ConvTranspose's (opsets 1-22)"));
        bad = true;
      }
    }
    if (bad)
      continue;
    std::string text;
    llvm::raw_string_ostream os(text);
    os << llvm::formatv("{0:2}", llvm::json::Value(std::move(spec))) << "\n";
    os.flush();
    // The spec must be one convt reads: checked before anything is
    // written, so a node convt cannot run leaves no files.
    convt::CanonicalLayer layer;
    if (Status s = convt::canonicalLayerFromJson(text, name + ".json", layer);
        !s) {
      fail(where(s.message()));
      continue;
    }
    const std::string base = outDir + "/" + name;
    Status s =
        convt::writeFileSafely(base + ".json", {{text.data(), text.size()}});
    if (s && wFile)
      s = convt::writeNpy(base + ".weight.npy", wShape, w.data());
    if (s && bFile)
      s = convt::writeNpy(base + ".bias.npy", bShape, b.data());
    if (!s) {
      fail(s.message());
      continue;
    }
    llvm::outs() << base << ".json: " << convt::formatShape(x) << " -> "
                 << convt::formatShape(layer.outputShape())
                 << (wFile ? ", weight" : ", weight from the graph's input")
                 << (hasBias ? (bFile ? ", bias"
                                      : ", bias from the graph's "
                                        "input")
                             : "")
                 << "\n";
    ++written;
  }
  if (found == 0)
    return fail(modelPath + ": no ConvTranspose node in the graph");
  return written == found ? 0 : 1;
}

} // namespace convtc
