# cmake -DOUT=FILE -DFILES="a;b;..." -P SourceHash.cmake
# Writes FILE defining CONVT_SOURCE_HASH: the first 12 hex digits of the
# SHA-256 of the code generator's sources. It is part of every kernel key,
# so a changed code generator never finds the kernels an older one cached
# (the release version alone would not change with every edit). FILE is
# rewritten only when the hash changes.
set(text "")
foreach(f ${FILES})
  file(SHA256 ${f} h)
  string(APPEND text "${h}\n")
endforeach()
string(SHA256 all "${text}")
string(SUBSTRING ${all} 0 12 short)
set(content "#define CONVT_SOURCE_HASH \"${short}\"\n")
if(EXISTS ${OUT})
  file(READ ${OUT} old)
endif()
if(NOT "${old}" STREQUAL "${content}")
  file(WRITE ${OUT} "${content}")
endif()
