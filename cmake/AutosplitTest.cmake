# autosplit_add_test(NAME name SOURCES a.cpp ... LIBS lib ... [TIMEOUT s] [CPU_PATHS])
# One QtTest executable per suite, registered with CTest and run headless.
# CPU_PATHS: the suite runs once per CPU path of the executor's kernels (core/runtime/cpu), as
# name[baseline], name[avx2], name[avx512] and name[avx512vnni] with AUTOSPLIT_CPU set; on a CPU that lacks a path
# the suite prints that path as not run and CTest reports it skipped, never passed.
set(AUTOSPLIT_CPU_PATHS baseline avx2 avx512 avx512vnni)

function(autosplit_add_test)
    cmake_parse_arguments(ARG "CPU_PATHS" "NAME;TIMEOUT" "SOURCES;LIBS" ${ARGN})
    set(sources ${ARG_SOURCES})
    if(ARG_CPU_PATHS)
        list(APPEND sources ${PROJECT_SOURCE_DIR}/tests/support/cpu_path_guard.cpp)
    endif()
    add_executable(${ARG_NAME} ${sources})
    target_link_libraries(${ARG_NAME} PRIVATE ${ARG_LIBS} Qt6::Test autosplit_warnings)
    # Includes name their file from the project root ("tests/app/cli_process.h").
    target_include_directories(${ARG_NAME} PRIVATE ${PROJECT_SOURCE_DIR})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 300)
    endif()
    set(environment "QT_QPA_PLATFORM=offscreen;AUTOSPLIT_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
    if(ARG_CPU_PATHS)
        foreach(path IN LISTS AUTOSPLIT_CPU_PATHS)
            add_test(NAME ${ARG_NAME}[${path}] COMMAND ${ARG_NAME})
            set_tests_properties(${ARG_NAME}[${path}] PROPERTIES
                ENVIRONMENT "${environment};AUTOSPLIT_CPU=${path}"
                SKIP_RETURN_CODE 77
                TIMEOUT ${ARG_TIMEOUT})
        endforeach()
    else()
        add_test(NAME ${ARG_NAME} COMMAND ${ARG_NAME})
        set_tests_properties(${ARG_NAME} PROPERTIES ENVIRONMENT "${environment}" TIMEOUT ${ARG_TIMEOUT})
    endif()
endfunction()
