//===- ConvtDialect.cpp - The convt dialect -------------------------------===//

#include "dialects/convt/ConvtDialect.h"
#include "dialects/convt/ConvtOps.h"

using namespace convt;

#include "dialects/convt/ConvtOpsDialect.cpp.inc"

void ConvtDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/convt/ConvtOps.cpp.inc"
      >();
}
