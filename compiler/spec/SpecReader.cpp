//===- SpecReader.cpp - Typed values from a JSON layer spec ---------------===//

#include "compiler/spec/SpecReader.h"
#include "dialects/convt/Semantics.h"

#include "llvm/Support/Regex.h"

namespace convt {

namespace json = llvm::json;
using llvm::StringRef;
using mlir::failure;
using mlir::LogicalResult;
using mlir::success;

namespace {

// MindSpore's initializer names (common/initializer.py, _INITIALIZER_ALIAS),
// compared after lower-casing as MindSpore does.
const char *const kMindSporeInits[] = {
    "normal",        "uniform",   "truncatednormal",
    "he_uniform",    "heuniform", "xavier_uniform",
    "xavieruniform", "zeros",     "zero",
    "ones",          "one"};

} // namespace

mlir::Location SpecReader::locOf(StringRef key) const {
  llvm::Regex re("\"" + llvm::Regex::escape(key) + "\"[ \t\r\n]*:");
  llvm::SmallVector<StringRef, 1> m;
  if (!key.empty() && re.match(text, &m))
    return locAt(m[0].data() - text.data());
  return locAt(text.find('{') == StringRef::npos ? 0 : text.find('{'));
}

mlir::Location SpecReader::locAt(size_t offset) const {
  unsigned line = 1, col = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return mlir::FileLineColLoc::get(&ctx, fileName, line, col);
}

LogicalResult SpecReader::checkIntegers(StringRef key,
                                        llvm::ArrayRef<int64_t> values) {
  if (fractionKeys.count(key.str()))
    return error(key) << "'" << key
                      << "' must hold integers, written without a fraction "
                         "or exponent",
           failure();
  for (int64_t v : values)
    if (v > kMaxIndex || v < -kMaxIndex)
      return error(key) << "'" << key << "' holds " << v
                        << ", out of range: convt's kernels index with "
                           "32-bit integers (|value| <= "
                        << kMaxIndex << ")",
             failure();
  return success();
}

LogicalResult SpecReader::readInt(StringRef key, std::optional<int64_t> &out) {
  const json::Value *v = obj->get(key);
  if (!v)
    return success();
  if (auto i = v->getAsInteger()) {
    if (failed(checkIntegers(key, *i)))
      return failure();
    out = *i;
    return success();
  }
  return error(key) << "'" << key << "' must be an integer";
}

LogicalResult SpecReader::readInts(StringRef key,
                                   std::optional<std::vector<int64_t>> &out,
                                   bool allowScalar) {
  const json::Value *v = obj->get(key);
  if (!v)
    return success();
  std::vector<int64_t> vals;
  if (auto i = v->getAsInteger()) {
    if (!allowScalar)
      return error(key) << "'" << key << "' must be a list of integers";
    vals.push_back(*i);
  } else if (const json::Array *arr = v->getAsArray()) {
    for (const json::Value &e : *arr) {
      auto i = e.getAsInteger();
      if (!i)
        return error(key) << "'" << key << "' must hold only integers";
      vals.push_back(*i);
    }
  } else {
    return error(key) << "'" << key << "' must be "
                      << (allowScalar ? "an integer or a list of integers"
                                      : "a list of integers");
  }
  if (failed(checkIntegers(key, vals)))
    return failure();
  out = std::move(vals);
  return success();
}

LogicalResult SpecReader::readBool(StringRef key, bool &out) {
  const json::Value *v = obj->get(key);
  if (!v)
    return success();
  if (auto b = v->getAsBoolean()) {
    out = *b;
    return success();
  }
  return error(key) << "'" << key << "' must be true or false";
}

LogicalResult SpecReader::readString(StringRef key,
                                     std::optional<std::string> &out) {
  const json::Value *v = obj->get(key);
  if (!v)
    return success();
  if (auto s = v->getAsString()) {
    out = s->str();
    return success();
  }
  return error(key) << "'" << key << "' must be a string";
}

LogicalResult SpecReader::readDims(StringRef key, int rank,
                                   std::vector<int64_t> &out) {
  std::optional<std::vector<int64_t>> v;
  if (failed(readInts(key, v)))
    return failure();
  if (!v)
    return success();
  if (obj->get(key)->getAsInteger())
    out.assign(rank, (*v)[0]);
  else
    out = *v;
  return success();
}

LogicalResult SpecReader::readInit(StringRef key, std::string &name,
                                   double &value) {
  const json::Value *v = obj->get(key);
  if (!v || v->kind() == json::Value::Null)
    return success();
  if (auto d = v->getAsNumber()) {
    name = "constant";
    value = *d;
    return success();
  }
  if (auto s = v->getAsString()) {
    std::string lower = s->lower();
    for (const char *known : kMindSporeInits)
      if (lower == known) {
        name = lower;
        return success();
      }
  }
  return error(key) << "'" << key
                    << "' must be null, a number, or one of MindSpore's "
                       "initializer names: \"normal\", \"uniform\", "
                       "\"truncatednormal\", \"he_uniform\", "
                       "\"xavier_uniform\", \"zeros\", \"ones\"";
}

} // namespace convt
