//===- Compile.cpp - convtc compile ---------------------------------------===//

#include "tools/convtc/Commands.h"

#include "compiler/aot/Aot.h"

#include "llvm/Support/raw_ostream.h"

using namespace convt;

namespace convtc {

int compileLayer(const Layer &layer, const BackendOptions &backend,
                 const std::string &dir, const std::string &name) {
  AotFiles files;
  if (Status s = compileAot(layer.canonical, backend, name, dir, files); !s)
    return fail(s.message());
  const KernelMetadata &m = files.metadata;
  auto &os = llvm::outs();
  os << name << ": " << formatShape(m.layer.inputShape()) << " -> "
     << formatShape(m.layer.outputShape()) << ", " << m.schedule << ", "
     << m.target << "\n"
     << "  " << files.sharedObject << "\n"
     << "  " << files.staticLibrary << "\n"
     << "  " << files.header << "\n";
  return 0;
}

} // namespace convtc
