# autosplit_add_test(NAME name SOURCES a.cpp ... LIBS lib ...)
# One QtTest executable per suite, registered with CTest and run headless.
function(autosplit_add_test)
    cmake_parse_arguments(ARG "" "NAME;TIMEOUT" "SOURCES;LIBS" ${ARGN})
    add_executable(${ARG_NAME} ${ARG_SOURCES})
    target_link_libraries(${ARG_NAME} PRIVATE ${ARG_LIBS} Qt6::Test autosplit_warnings)
    add_test(NAME ${ARG_NAME} COMMAND ${ARG_NAME})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 300)
    endif()
    set_tests_properties(${ARG_NAME} PROPERTIES
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;AUTOSPLIT_SOURCE_DIR=${PROJECT_SOURCE_DIR}"
        TIMEOUT ${ARG_TIMEOUT})
endfunction()
