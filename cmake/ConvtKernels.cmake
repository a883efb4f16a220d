# convt_add_kernel(NAME SPEC [TARGET t] [THREADS n]): compiles the layer spec
# SPEC ahead of time when the project is built (convtc compile), into
# ${CMAKE_CURRENT_BINARY_DIR}/convt-kernels/: NAME.so, libNAME.a and NAME.h.
# Defines the imported library convt_kernel_NAME (the static library, with
# the header's directory and convt::runtime_static) to link into a program,
# which then calls convt_load_NAME() from NAME.h.
function(convt_add_kernel name spec)
  cmake_parse_arguments(ARG "" "TARGET;THREADS" "" ${ARGN})
  if(NOT ARG_TARGET)
    set(ARG_TARGET host)
  endif()
  if(NOT ARG_THREADS)
    set(ARG_THREADS 0)
  endif()
  get_filename_component(spec ${spec} ABSOLUTE)
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/convt-kernels)
  add_custom_command(
    OUTPUT ${dir}/${name}.so ${dir}/lib${name}.a ${dir}/${name}.h
    COMMAND ${CONVT_CONVTC} compile ${spec} -o ${dir} --name ${name}
            --target=${ARG_TARGET} --threads ${ARG_THREADS}
    DEPENDS ${spec}
    COMMENT "convtc compile ${name}")
  add_custom_target(convt_kernel_${name}_files
    DEPENDS ${dir}/${name}.so ${dir}/lib${name}.a ${dir}/${name}.h)
  add_library(convt_kernel_${name} STATIC IMPORTED GLOBAL)
  file(MAKE_DIRECTORY ${dir})
  set_target_properties(convt_kernel_${name} PROPERTIES
    IMPORTED_LOCATION ${dir}/lib${name}.a
    INTERFACE_INCLUDE_DIRECTORIES ${dir}
    INTERFACE_LINK_LIBRARIES convt::runtime_static)
  add_dependencies(convt_kernel_${name} convt_kernel_${name}_files)
endfunction()
