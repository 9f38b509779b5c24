# FindOpenCVImgproc: OpenCV's core and imgproc modules alone, as Debian's libopencv-imgproc-dev
# installs them. That package ships neither OpenCV's CMake config (only the whole libopencv-dev
# has it, with every module and its dependencies) nor a pkg-config file, so the headers and the
# two libraries are looked up here.
#
# Result: OpenCVImgproc_FOUND, OpenCVImgproc_VERSION, and the imported targets
# OpenCVImgproc::core and OpenCVImgproc::imgproc (which links core).

find_path(OpenCVImgproc_INCLUDE_DIR opencv2/imgproc.hpp PATH_SUFFIXES opencv4)
find_library(OpenCVImgproc_CORE_LIBRARY opencv_core)
find_library(OpenCVImgproc_IMGPROC_LIBRARY opencv_imgproc)

if(OpenCVImgproc_INCLUDE_DIR AND EXISTS "${OpenCVImgproc_INCLUDE_DIR}/opencv2/core/version.hpp")
    file(STRINGS "${OpenCVImgproc_INCLUDE_DIR}/opencv2/core/version.hpp" _opencv_version_lines
         REGEX "^#define CV_VERSION_(MAJOR|MINOR|REVISION) +[0-9]+")
    foreach(_part MAJOR MINOR REVISION)
        string(REGEX REPLACE ".*#define CV_VERSION_${_part} +([0-9]+).*" "\\1" _opencv_${_part}
               "${_opencv_version_lines}")
    endforeach()
    set(OpenCVImgproc_VERSION "${_opencv_MAJOR}.${_opencv_MINOR}.${_opencv_REVISION}")
    unset(_opencv_version_lines)
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(OpenCVImgproc
    REQUIRED_VARS OpenCVImgproc_IMGPROC_LIBRARY OpenCVImgproc_CORE_LIBRARY OpenCVImgproc_INCLUDE_DIR
    VERSION_VAR OpenCVImgproc_VERSION)

if(OpenCVImgproc_FOUND AND NOT TARGET OpenCVImgproc::imgproc)
    add_library(OpenCVImgproc::core UNKNOWN IMPORTED)
    set_target_properties(OpenCVImgproc::core PROPERTIES
        IMPORTED_LOCATION "${OpenCVImgproc_CORE_LIBRARY}"
        INTERFACE_INCLUDE_DIRECTORIES "${OpenCVImgproc_INCLUDE_DIR}")
    add_library(OpenCVImgproc::imgproc UNKNOWN IMPORTED)
    set_target_properties(OpenCVImgproc::imgproc PROPERTIES
        IMPORTED_LOCATION "${OpenCVImgproc_IMGPROC_LIBRARY}"
        INTERFACE_LINK_LIBRARIES OpenCVImgproc::core)
endif()
mark_as_advanced(OpenCVImgproc_INCLUDE_DIR OpenCVImgproc_CORE_LIBRARY OpenCVImgproc_IMGPROC_LIBRARY)
