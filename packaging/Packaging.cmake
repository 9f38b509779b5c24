# Install rules and the Debian package: `cpack -G DEB` in the build folder (STACK.md).
include(GNUInstallDirs)

# The programs, whichever of them this configuration builds (the CLI comes from app/cli/).
foreach(program autosplit_explorer autosplit_cli)
    if(TARGET ${program})
        install(TARGETS ${program} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
    endif()
endforeach()

if(TARGET autosplit_explorer)
    set(AUTOSPLIT_APP_ID io.github.autosplit.Explorer)
    install(FILES ${CMAKE_CURRENT_LIST_DIR}/${AUTOSPLIT_APP_ID}.desktop
            DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
    install(FILES ${CMAKE_CURRENT_LIST_DIR}/${AUTOSPLIT_APP_ID}.metainfo.xml
            DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
    install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/${AUTOSPLIT_APP_ID}.svg
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
endif()
# The sample model is compiled into the programs; its licence travels with them.
install(FILES ${PROJECT_SOURCE_DIR}/resources/models/LICENSE-models.md
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/autosplit-explorer)

set(AUTOSPLIT_PACKAGE_CONTACT "Auto-Split Explorer developers <autosplit@users.noreply.github.com>"
    CACHE STRING "Maintainer of the Debian package (Name <email>)")

set(CPACK_PACKAGE_NAME autosplit-explorer)
set(CPACK_PACKAGE_VENDOR "Auto-Split Explorer")
set(CPACK_PACKAGE_CONTACT "${AUTOSPLIT_PACKAGE_CONTACT}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
    "Opens an ONNX model, optimizes its graph and shows per layer what splitting the network \
between an edge device and the cloud would cost: parameters, MACs and the bytes crossing each \
cut. Programs: autosplit-explorer (desktop) and autosplit (command line).")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# What the programs load at run time, which dpkg-shlibdeps cannot see in their ELF headers
# (packaging/check-install.sh installs the package into a clean Debian 12 root and fails on each):
# - qt6-qpa-plugins: the xcb platform plugin (X11; a Wayland session runs it through XWayland);
# - libqt6svg6: the SVG icon engine and image format plugins (the window icon is an SVG);
# - libxcursor1: dlopen()ed by the xcb plugin for the desktop's cursor theme (without it Qt
#   says "Cannot load library Xcursor" and falls back to the X server's plain cursors);
# - qt6-translations-l10n: Qt's own strings (dialog buttons, context menus) in the user's
#   language, loaded from /usr/share/qt6/translations by widgets/translations.cpp.
# Pulled in already, so not listed: Graphviz's layout plugins and their config6a (in libgvc6,
# which dpkg-shlibdeps finds: the explorer links libgvc), and a font (libqt6gui6 depends on
# fontconfig, whose fontconfig-config depends on fonts-dejavu-core or another font package).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins, libqt6svg6, libxcursor1, qt6-translations-l10n")
# The Simplified Chinese interface needs a CJK font; the explorer works (in boxes) without one.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-wqy-microhei | fonts-noto-cjk")
include(CPack)
