//===- LayerSpec.cpp - The JSON layer spec --------------------------------===//

#include "compiler/spec/LayerSpec.h"
#include "compiler/frontends/Frontend.h"
#include "compiler/spec/JsonScan.h"
#include "compiler/spec/SpecReader.h"
#include "dialects/convt/ConvtOps.h"

#include "mlir/Dialect/StandardOps/IR/Ops.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Regex.h"

#include <cctype>
#include <set>

using namespace mlir;
namespace json = llvm::json;

namespace convt {

Type elementTypeFor(StringRef dtype, MLIRContext &ctx) {
  Builder b(&ctx);
  if (dtype == "float32")
    return b.getF32Type();
  if (dtype == "float16")
    return b.getF16Type();
  if (dtype == "bfloat16")
    return b.getBF16Type();
  return {};
}

OperandShapes LayerSpec::operandShapes() const {
  OperandShapes s;
  s.input = inputShape;
  s.channelsLast = channelsLast;
  s.weightChannelsLast = weightChannelsLast;
  const int64_t cog = groups > 0 ? outChannels / groups : outChannels;
  if (weightChannelsLast) {
    s.weight = kernelSize;
    s.weight.push_back(cog);
    s.weight.push_back(inChannels);
  } else {
    s.weight = {inChannels, cog};
    s.weight.insert(s.weight.end(), kernelSize.begin(), kernelSize.end());
  }
  if (hasBias)
    s.bias = std::vector<int64_t>{outChannels};
  return s;
}

namespace {

const char *const kCommonKeys[] = {"style",        "name",        "why",
                                   "input_shape",  "dtype",       "in_channels",
                                   "out_channels", "kernel_size", "data_format",
                                   "weight_format"};
std::string sanitizeName(StringRef name) {
  std::string s;
  for (char c : name)
    s += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0])))
    s = "layer_" + s;
  return s;
}

/// The JSON key a Semantics.h attribute name came from.
StringRef keyFor(StringRef attribute, const json::Object &obj) {
  if (attribute == "input")
    return "input_shape";
  if (attribute == "weight")
    return "kernel_size";
  if (attribute == "bias")
    return "out_channels";
  if (attribute == "strides" && !obj.get("strides"))
    return "stride";
  if (attribute == "dilations" && !obj.get("dilations"))
    return "dilation";
  return attribute;
}

} // namespace

FailureOr<LayerSpec> parseLayerSpec(StringRef text, StringRef fileName,
                                    MLIRContext &ctx) {
  SpecReader r(text, fileName, ctx);
  // Before the recursive parser: depth, duplicate keys, fractions.
  JsonScan scan = scanJson(text.str());
  if (!scan.error.empty())
    return emitError(r.locAt(scan.offset)) << scan.error, failure();
  r.fractionKeys = scan.keysWithFractions;
  auto parsed = json::parse(text);
  if (!parsed) {
    std::string msg = llvm::toString(parsed.takeError());
    // llvm::json reports "[line:col, byte=N]: message".
    llvm::Regex re("^\\[([0-9]+):([0-9]+), byte=[0-9]+\\]: (.*)$");
    SmallVector<StringRef, 4> m;
    if (re.match(msg, &m)) {
      unsigned line = 1, col = 1;
      m[1].getAsInteger(10, line);
      m[2].getAsInteger(10, col);
      emitError(FileLineColLoc::get(&ctx, fileName, line, col))
          << "invalid JSON: " << m[3];
    } else {
      emitError(FileLineColLoc::get(&ctx, fileName, 1, 1))
          << "invalid JSON: " << msg;
    }
    return failure();
  }
  const json::Object *obj = parsed->getAsObject();
  if (!obj)
    return emitError(r.locAt(0)) << "a layer spec must be a JSON object",
           failure();
  r.obj = obj;

  LayerSpec spec;
  std::optional<std::string> style;
  if (failed(r.readString("style", style)))
    return failure();
  std::string styles;
  for (const Frontend *f : allFrontends())
    styles += std::string(styles.empty() ? "" : ", ") + "\"" + f->name + "\"";
  if (!style)
    return r.error("") << "missing required key 'style' (" << styles << ")",
           failure();
  const Frontend *frontend = findFrontend(*style);
  if (!frontend)
    return r.error("style") << "'style' must be one of " << styles << ", got \""
                            << *style << "\"",
           failure();
  spec.style = frontend->style;

  // Unknown keys are errors: a misspelt attribute must not silently take its
  // default.
  llvm::StringSet<> allowed;
  for (const char *k : kCommonKeys)
    allowed.insert(k);
  for (const char *k : frontend->keys)
    allowed.insert(k);
  for (const auto &kv : *obj)
    if (!allowed.count(kv.first.str()))
      return r.error(kv.first.str()) << "unknown key '" << kv.first.str()
                                     << "' for style \"" << *style << "\"",
             failure();

  std::optional<std::string> name, dtype;
  if (failed(r.readString("name", name)) ||
      failed(r.readString("dtype", dtype)))
    return failure();
  if (dtype) {
    if (!elementTypeFor(*dtype, ctx))
      return r.error("dtype") << "'dtype' must be \"float32\", \"float16\" "
                                 "or \"bfloat16\", got \""
                              << *dtype << "\"",
             failure();
    spec.dtype = *dtype;
  }
  // The function name: the spec's name, else the file's stem.
  StringRef stem = fileName.substr(fileName.rfind('/') + 1).split('.').first;
  spec.name = sanitizeName(name ? StringRef(*name)
                           : (fileName == "-" || fileName == "<stdin>")
                               ? StringRef("layer")
                               : stem);

  // Required keys and the shape.
  for (const char *k :
       {"input_shape", "in_channels", "out_channels", "kernel_size"})
    if (!obj->get(k))
      return r.error("") << "missing required key '" << k << "'", failure();
  std::optional<std::vector<int64_t>> inputShape;
  if (failed(r.readInts("input_shape", inputShape, /*allowScalar=*/false)))
    return failure();
  if (inputShape->size() < 3 || inputShape->size() > 5)
    return r.error("input_shape")
               << "'input_shape' must be [N, C_in, spatial...] with 1 to 3 "
                  "spatial dimensions, got "
               << formatShape(*inputShape),
           failure();
  for (int64_t d : *inputShape)
    if (d < 1)
      return r.error("input_shape")
                 << "'input_shape' must hold positive sizes, got "
                 << formatShape(*inputShape),
             failure();
  spec.inputShape = *inputShape;
  int rank = spec.rank();
  std::optional<std::string> format, weightFormat;
  if (failed(r.readString("data_format", format)) ||
      failed(r.readString("weight_format", weightFormat)))
    return failure();
  // Absent, the framework's own layouts.
  spec.channelsLast = frontend->layoutsLast;
  // Keras' names of the two layouts.
  if (format && (*format == "channels_last" || *format == "channels_first"))
    format = dataFormatName(rank, *format == "channels_last");
  if (format) {
    if (auto e = readDataFormat(*format, rank, spec.channelsLast))
      return r.error("data_format") << "'data_format' " << e->message,
             failure();
    spec.dataFormat = *format;
  }
  if (auto e = readWeightFormat(weightFormat.value_or(""), rank,
                                frontend->layoutsLast, spec.weightChannelsLast))
    return r.error("weight_format") << "'weight_format' " << e->message,
           failure();
  const int64_t shapeChannels =
      spec.channelsLast ? spec.inputShape.back() : spec.inputShape[1];

  std::optional<int64_t> cin, cout;
  if (failed(r.readInt("in_channels", cin)) ||
      failed(r.readInt("out_channels", cout)))
    return failure();
  if (*cin < 1)
    return r.error("in_channels") << "'in_channels' must be positive",
           failure();
  if (*cout < 1)
    return r.error("out_channels") << "'out_channels' must be positive",
           failure();
  if (*cin != shapeChannels)
    return r.error("in_channels")
               << "'in_channels' is " << *cin << " but input_shape "
               << formatShape(spec.inputShape)
               << (spec.dataFormat.empty() ? "" : " (" + spec.dataFormat + ")")
               << " has " << shapeChannels << " channels",
           failure();
  spec.inChannels = *cin;
  spec.outChannels = *cout;
  if (failed(r.readDims("kernel_size", rank, spec.kernelSize)))
    return failure();
  if (static_cast<int>(spec.kernelSize.size()) != rank)
    return r.error("kernel_size")
               << "'kernel_size' must be an integer or " << rank
               << " integers (one per spatial dimension), got "
               << formatShape(spec.kernelSize),
           failure();
  for (int64_t k : spec.kernelSize)
    if (k < 1)
      return r.error("kernel_size") << "'kernel_size' must be positive, got "
                                    << formatShape(spec.kernelSize),
             failure();

  // The framework's own attributes.
  std::optional<int64_t> groups;
  const char *groupsKey = frontend->groupsKey; // null: no groups
  if (groupsKey && failed(r.readInt(groupsKey, groups)))
    return failure();
  int64_t g = groups.value_or(1);
  if (g < 1)
    return r.error(groupsKey)
               << "'" << groupsKey << "' must be a positive integer, got " << g,
           failure();
  if (spec.outChannels % g)
    return r.error(groupsKey)
               << "'" << groupsKey
               << "' must divide out_channels = " << spec.outChannels
               << ", got " << g,
           failure();

  spec.groups = g;
  std::optional<SemanticError> err;
  if (failed(frontend->read(r, spec, err)))
    return failure();
  if (err)
    return r.error(keyFor(err->attribute, *obj))
               << "'" << err->attribute << "' " << err->message,
           failure();
  return spec;
}

OwningOpRef<ModuleOp> buildSpecModule(const LayerSpec &spec, MLIRContext &ctx,
                                      Location loc) {
  OpBuilder b(&ctx);
  Type elt = elementTypeFor(spec.dtype, ctx);
  OperandShapes shapes = spec.operandShapes();
  SmallVector<Type> argTypes = {RankedTensorType::get(shapes.input, elt),
                                RankedTensorType::get(shapes.weight, elt)};
  if (shapes.bias)
    argTypes.push_back(RankedTensorType::get(*shapes.bias, elt));
  Type resultType = RankedTensorType::get(spec.layer.outputShape(), elt);

  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  b.setInsertionPointToEnd(module->getBody());
  auto func = b.create<FuncOp>(loc, spec.name,
                               b.getFunctionType(argTypes, {resultType}));
  Block *body = func.addEntryBlock();
  b.setInsertionPointToEnd(body);
  Value input = body->getArgument(0), weight = body->getArgument(1);
  Value bias = shapes.bias ? body->getArgument(2) : Value();

  Value result =
      frontendOf(spec.style).build(b, loc, spec, input, weight, bias);
  b.create<ReturnOp>(loc, result);
  return module;
}

} // namespace convt
