//===- ConvtInterfaces.cpp - ConvtLayerOpInterface ------------------------===//

#include "dialects/convt/ConvtOps.h"

#include "dialects/convt/ConvtInterfaces.cpp.inc"
