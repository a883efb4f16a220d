# `cmake --install build --prefix P`: convtc, convt-opt, the runtime (shared
# and static), the compiler library, their headers, the Python package and a
# CMake package, so
# that another project's find_package(convt) gives convt::runtime,
# convt::runtime_static and convt::compiler (examples/ builds that way).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set_target_properties(convt_runtime PROPERTIES EXPORT_NAME runtime)
set_target_properties(convt_runtime_static PROPERTIES EXPORT_NAME runtime_static)
target_include_directories(convt_runtime INTERFACE
  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
target_include_directories(convt_runtime_static INTERFACE
  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)

install(TARGETS convtc convt-opt convt-runner RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS convt_runtime convt_runtime_static convt_compiler
  EXPORT convtTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(FILES
  ${CONVT_SOURCE_DIR}/runtime/include/convt/convt.h
  ${CONVT_SOURCE_DIR}/runtime/include/convt/convt.hpp
  ${CONVT_SOURCE_DIR}/compiler/include/convt/compiler.hpp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/convt)
# `import convt` for Debian's python3: PREFIX/lib/python3/dist-packages
# (/usr/local/lib/python3/dist-packages is on its path already).
install(TARGETS convt_python LIBRARY DESTINATION lib/python3/dist-packages/convt)
install(FILES ${CONVT_SOURCE_DIR}/python/convt/__init__.py
  DESTINATION lib/python3/dist-packages/convt)
install(EXPORT convtTargets NAMESPACE convt::
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/convt)
configure_package_config_file(${CONVT_SOURCE_DIR}/cmake/convtConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/convtConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/convt
  PATH_VARS CMAKE_INSTALL_BINDIR)
write_basic_package_version_file(
  ${CMAKE_CURRENT_BINARY_DIR}/convtConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES
  ${CMAKE_CURRENT_BINARY_DIR}/convtConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/convtConfigVersion.cmake
  ${CONVT_SOURCE_DIR}/cmake/ConvtKernels.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/convt)
