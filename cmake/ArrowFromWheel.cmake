# Imports Arrow and Parquet from the pyarrow wheel in the project venv.
#
# The wheel ships headers under pyarrow.get_include() and only versioned shared
# objects (libarrow.so.NNNN, ...) in pyarrow.get_library_dirs(). We create IMPORTED
# targets with the same names the upstream CMake packages export, so the rest of
# the build does not care which source it got. Executables get an RPATH to the
# wheel folder (set by the caller through ORBIT_ARROW_LIBDIR).
if(NOT ORBIT_PYTHON AND SKBUILD AND Python_EXECUTABLE)
  set(ORBIT_PYTHON "${Python_EXECUTABLE}")  # `pip install .`: the interpreter building the wheel
elseif(NOT ORBIT_PYTHON)
  set(ORBIT_PYTHON "${PROJECT_SOURCE_DIR}/.venv/bin/python")
endif()
execute_process(
  COMMAND "${ORBIT_PYTHON}" -c "import pyarrow as pa; print(pa.get_include()); print(pa.get_library_dirs()[0]); print(pa.__version__)"
  OUTPUT_VARIABLE _pa_out RESULT_VARIABLE _pa_rc OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT _pa_rc EQUAL 0)
  message(FATAL_ERROR "No system Arrow and no pyarrow in ${ORBIT_PYTHON}: run scripts/setup.sh first")
endif()
string(REPLACE "\n" ";" _pa_lines "${_pa_out}")
list(GET _pa_lines 0 ORBIT_ARROW_INCLUDE)
list(GET _pa_lines 1 ORBIT_ARROW_LIBDIR)
list(GET _pa_lines 2 ORBIT_PYARROW_VERSION)
string(REGEX MATCH "^([0-9]+)\\.([0-9]+)" _ "${ORBIT_PYARROW_VERSION}")
math(EXPR _so_version "${CMAKE_MATCH_1} * 100 + ${CMAKE_MATCH_2}")
message(STATUS "Arrow from pyarrow ${ORBIT_PYARROW_VERSION} wheel: ${ORBIT_ARROW_LIBDIR} (so ${_so_version})")

function(_orbit_import_wheel_lib target file)
  set(_path "${ORBIT_ARROW_LIBDIR}/${file}.so.${_so_version}")
  if(NOT EXISTS "${_path}")
    message(FATAL_ERROR "pyarrow wheel lacks ${_path}")
  endif()
  add_library(${target} SHARED IMPORTED GLOBAL)
  set_target_properties(${target} PROPERTIES
    IMPORTED_LOCATION "${_path}"
    IMPORTED_NO_SONAME FALSE
    INTERFACE_INCLUDE_DIRECTORIES "${ORBIT_ARROW_INCLUDE}")
endfunction()

_orbit_import_wheel_lib(Arrow::arrow_shared libarrow)
_orbit_import_wheel_lib(Parquet::parquet_shared libparquet)
set_property(TARGET Parquet::parquet_shared PROPERTY INTERFACE_LINK_LIBRARIES Arrow::arrow_shared)
