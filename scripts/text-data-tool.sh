# Sourced by the scripts that render text data, from the project root: sets `tool` to
# $AUTOSPLIT_RENDER_TEXT_DATA when given, else builds autosplit-render-text-data into ./build
# (configuring it as scripts/build.sh does when it has not been configured yet).
tool=${AUTOSPLIT_RENDER_TEXT_DATA:-}
if [ -z "$tool" ]; then
  if [ ! -f build/CMakeCache.txt ]; then
    cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  cmake --build build --target autosplit-render-text-data
  tool=build/tools/text_data/autosplit-render-text-data
fi
