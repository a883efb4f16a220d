//===- JsonScan.cpp - What llvm::json does not check ----------------------===//

#include "compiler/spec/JsonScan.h"

#include <cctype>
#include <vector>

namespace convt {

JsonScan scanJson(const std::string &text, int maxDepth) {
  JsonScan scan;
  struct Frame {
    bool object;
    bool expectKey;
    std::set<std::string> keys;
  };
  std::vector<Frame> stack;
  std::string topKey; // the key of the top-level value being read
  size_t i = 0, n = text.size();
  auto fail = [&](size_t at, std::string message) {
    scan.error = std::move(message);
    scan.offset = at;
    return scan;
  };
  while (i < n) {
    char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c)) || c == ':') {
      ++i;
    } else if (c == '{' || c == '[') {
      if (static_cast<int>(stack.size()) >= maxDepth)
        return fail(i, "invalid JSON: nested deeper than " +
                           std::to_string(maxDepth) + " levels");
      stack.push_back({c == '{', c == '{', {}});
      ++i;
    } else if (c == '}' || c == ']') {
      if (stack.empty())
        return scan; // the parser reports it
      stack.pop_back();
      ++i;
    } else if (c == ',') {
      if (!stack.empty() && stack.back().object)
        stack.back().expectKey = true;
      ++i;
    } else if (c == '"') {
      size_t start = i++;
      while (i < n && text[i] != '"')
        i += text[i] == '\\' ? 2 : 1;
      if (i >= n)
        return scan;
      std::string s = text.substr(start + 1, i - start - 1);
      ++i;
      if (!stack.empty() && stack.back().object && stack.back().expectKey) {
        Frame &f = stack.back();
        f.expectKey = false;
        if (!f.keys.insert(s).second)
          return fail(start, "duplicate key '" + s +
                                 "' (JSON parsers keep only one of them)");
        if (stack.size() == 1)
          topKey = s;
      }
    } else if (c == '-' || std::isdigit(static_cast<unsigned char>(c))) {
      bool fraction = false;
      while (i < n &&
             (std::isdigit(static_cast<unsigned char>(text[i])) ||
              std::string("+-.eE").find(text[i]) != std::string::npos)) {
        fraction |= text[i] == '.' || text[i] == 'e' || text[i] == 'E';
        ++i;
      }
      if (fraction && !stack.empty())
        scan.keysWithFractions.insert(topKey);
    } else if (std::isalpha(static_cast<unsigned char>(c))) {
      while (i < n && std::isalpha(static_cast<unsigned char>(text[i])))
        ++i;
    } else {
      return scan; // not JSON: the parser reports it
    }
  }
  return scan;
}

} // namespace convt
