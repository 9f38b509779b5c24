#!/usr/bin/env bash
# Installs the Debian package into a clean Debian 12 (bookworm, amd64, minbase) root and runs both
# programs there: proves that `apt-get install ./autosplit-explorer_*.deb` on a minimal machine
# brings everything they need. Needs root (debootstrap, mount, chroot).
#
# Usage: sudo packaging/check-install.sh [--cache DIR] [--keep] [--prepare] [DEB]
#   DEB        the package (default: the newest build/*.deb, from `cpack -G DEB` in build/)
#   --cache    where the pristine root and the downloaded packages are kept (default:
#              $AUTOSPLIT_CLEAN_ROOT, else ${XDG_CACHE_HOME:-$HOME/.cache}/autosplit/debian12-root)
#   --keep     keep this run's root (CACHE/run) after a successful run (a failed run keeps it)
#   --prepare  only make the pristine root, then stop
#
# The pristine root is made once with debootstrap (and brought up to date with bookworm-updates
# and the security suite); every run installs into a fresh copy of it, so no run sees what an
# earlier one installed. Packages are installed without Recommends: the package's Depends alone
# must be enough. xvfb and xauth, the test tools, are installed after the checks that could be
# fooled by what they pull in; the libraries the explorer then loads must all belong to packages
# that the package itself pulled in. Writes the screenshot and the list of pulled packages to
# build/check-install/. One line per check; stops at the first failure with its output.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
build=${AUTOSPLIT_BUILD_DIR:-$repo/build}
cache=${AUTOSPLIT_CLEAN_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/autosplit/debian12-root}
keep=0
prepare_only=0
deb=""
while [ $# -gt 0 ]; do
  case "$1" in
    --cache) cache=${2:?--cache needs a folder}; shift 2 ;;
    --cache=*) cache=${1#--cache=}; shift ;;
    --keep) keep=1; shift ;;
    --prepare) prepare_only=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "check-install: unknown option $1 (try --help)" >&2; exit 2 ;;
    *) [ -z "$deb" ] || { echo "check-install: one DEB only" >&2; exit 2; }; deb=$1; shift ;;
  esac
done

suite=bookworm
arch=amd64
variant=minbase
[ "$(id -u)" -eq 0 ] || { echo "check-install: needs root (debootstrap, mount, chroot): sudo $0" >&2; exit 2; }
[ "$(dpkg --print-architecture)" = "$arch" ] || { echo "check-install: an $arch machine is needed" >&2; exit 2; }
# Bump when the way the pristine root is made changes: an older root is then made anew.
root_format="autosplit clean root 1: $suite $arch $variant"
mkdir -p "$cache"
cache=$(cd "$cache" && pwd -P)   # absolute and without symlinks: compared with /proc/self/mounts
pristine=$cache/pristine
run=$cache/run
archives=$cache/archives
out=${AUTOSPLIT_CHECK_OUT:-$build/check-install}
multiarch=/usr/lib/x86_64-linux-gnu

log=""   # the output of the current check
started=$SECONDS
mounted=()   # mount points under $run, in the order they were mounted
ok_run=0

say() { printf '%s\n' "$*"; }
pass() { printf 'ok    %s\n' "$*"; }
# fail WHAT [HINT]: the failed check, the hint, then the output of the failing command.
fail() {
  printf 'FAIL  %s\n' "$1"
  [ -z "${2:-}" ] || printf '      %s\n' "$2"
  if [ -s "$log" ]; then
    say "----- output -----"
    tail -n 80 "$log"
    say "------------------"
  fi
  exit 1
}
# step WHAT COMMAND...: runs COMMAND with its output in $log; one line for it, or the failure.
step() {
  local what=$1
  shift
  if "$@" >"$log" 2>&1; then
    pass "$what"
  else
    fail "$what (exit $?)"
  fi
}


# --- the package -----------------------------------------------------------------------------
if [ "$prepare_only" -eq 0 ]; then
  if [ -z "$deb" ]; then
    deb=$(ls -t "$build"/autosplit-explorer_*.deb 2>/dev/null | head -n 1 || true)
    [ -n "$deb" ] || { echo "check-install: no DEB given and none in $build (run 'cpack -G DEB' there)" >&2; exit 2; }
  fi
  [ -f "$deb" ] || { echo "check-install: $deb: no such file" >&2; exit 2; }
  deb=$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")
  package=$(dpkg-deb -f "$deb" Package)
  say "package: $deb"
  say "         $(dpkg-deb -f "$deb" Version) $(dpkg-deb -f "$deb" Architecture); Depends: $(dpkg-deb -f "$deb" Depends)"
fi

# --- cleanup: nothing stays mounted or running, whatever happens -------------------------------
# Processes whose root is this run's root (Xvfb, the explorer) were started by this script.
kill_in_root() {
  local p r
  for p in /proc/[0-9]*; do
    r=$(readlink "$p/root" 2>/dev/null || true)
    if [ "$r" = "$run" ]; then kill -9 "${p#/proc/}" 2>/dev/null || true; fi
  done
}
mounts_under() { awk -v p="$1/" 'index($2 "/", p) == 1 { print $2 }' /proc/self/mounts; }
unmount_all() {
  local i m
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    # A process that has just been killed may hold it a moment longer.
    umount "${mounted[i]}" 2>/dev/null || { sleep 1; umount "${mounted[i]}" 2>/dev/null; } ||
      umount -l "${mounted[i]}" 2>/dev/null || true
  done
  mounted=()
  # Left over from an interrupted run: deepest first.
  for m in $(mounts_under "$run" | sort -r); do umount "$m" 2>/dev/null || umount -l "$m" || true; done
}
remove_run() {
  [ -d "$run" ] || return 0
  if [ -n "$(mounts_under "$run")" ]; then
    echo "check-install: still mounted under $run, not removing it:" >&2
    mounts_under "$run" >&2
    return 1
  fi
  rm -rf --one-file-system "$run"
}
cleanup() {
  local rc=$?
  set +e
  kill_in_root
  unmount_all
  if [ -n "$(mounts_under "$run")" ]; then
    echo "check-install: could not unmount:" >&4
    mounts_under "$run" >&4
    rc=1
  elif [ "$ok_run" -eq 1 ] && [ "$keep" -eq 0 ]; then
    remove_run 2>&4
  elif [ -d "$run" ] && [ "$prepare_only" -eq 0 ]; then
    echo "check-install: this run's root is kept for a look: $run" >&4
  fi
  if [ -n "$log" ]; then rm -f "$log" "$log.ldd"; fi
  exit "$rc"
}
# One check at a time per cache; taken before the trap, which would otherwise clean up the
# other check's root.
exec 9>"$cache/.lock"
flock -n 9 || { echo "check-install: another check uses $cache" >&2; exit 2; }
# The terminal's stdout and stderr, for messages from a trap that runs while a check's output
# is redirected to its log.
exec 3>&1 4>&2
trap cleanup EXIT
trap 'echo "FAIL  interrupted" >&3; exit 130' INT TERM
log=$(mktemp /tmp/check-install.XXXXXX)

# --- debootstrap ---------------------------------------------------------------------------------
install_debootstrap() {
  dpkg-query -W -f='${Status}' debootstrap 2>/dev/null | grep -q "install ok installed" && return 0
  apt-get update -q -o DPkg::Lock::Timeout=600 &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=600 \
      --no-install-recommends debootstrap
}
step "debootstrap is installed" install_debootstrap

# The mirrors this machine's apt uses for bookworm and its security suite (one-line .list files
# and deb822 .sources files), else Debian's own.
apt_uri_for() { # SUITE
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
    awk -v s="$1" '$1 == "deb" { i = 2; if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
                                 if ($(i + 1) == s) { print $i; exit } }'
  cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
    awk -v s="$1" 'function flush() { if (deb && uri != "" && hit) print uri; deb = 1; uri = ""; hit = 0 }
                   BEGIN { deb = 1 }
                   /^[ \t]*$/ { flush(); next }
                   /^Types:/ { deb = ($0 ~ /[ \t]deb([ \t]|$)/) }
                   /^URIs:/ { uri = $2 }
                   /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == s) hit = 1 }
                   END { flush() }'
}
mirror=${AUTOSPLIT_MIRROR:-$(apt_uri_for "$suite" | head -n 1)}
mirror=${mirror:-http://deb.debian.org/debian}
security=${AUTOSPLIT_SECURITY_MIRROR:-$(apt_uri_for "$suite-security" | head -n 1)}
security=${security:-http://deb.debian.org/debian-security}

in_root() { # DIR COMMAND...: a clean environment inside the root
  local dir=$1
  shift
  chroot "$dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive "$@"
}
mount_into() { # ROOT: /proc, /sys, /dev, /dev/pts, and the downloaded-packages cache
  local dir=$1
  mount -t proc proc "$dir/proc" && mounted+=("$dir/proc") || return 1
  mount --bind /sys "$dir/sys" && mounted+=("$dir/sys") || return 1
  mount --bind /dev "$dir/dev" && mounted+=("$dir/dev") || return 1
  mount --bind /dev/pts "$dir/dev/pts" && mounted+=("$dir/dev/pts") || return 1
  mkdir -p "$archives/partial" "$dir/var/cache/apt/archives"
  mount --bind "$archives" "$dir/var/cache/apt/archives" && mounted+=("$dir/var/cache/apt/archives") || return 1
  cp -L /etc/resolv.conf "$dir/etc/resolv.conf" 2>/dev/null || true
}
make_pristine() {
  local tmp=$cache/pristine.partial
  if [ -d "$tmp" ]; then
    [ -z "$(mounts_under "$tmp")" ] || { echo "still mounted under $tmp" >&2; return 1; }
    rm -rf --one-file-system "$tmp"
  fi
  debootstrap --variant="$variant" --arch="$arch" "$suite" "$tmp" "$mirror" || return 1
  cat >"$tmp/etc/apt/sources.list" <<EOF
deb $mirror $suite main
deb $mirror $suite-updates main
deb $security $suite-security main
EOF
  # Up to date like a user's machine; no services start inside the root.
  printf '#!/bin/sh\nexit 101\n' >"$tmp/usr/sbin/policy-rc.d"
  chmod 755 "$tmp/usr/sbin/policy-rc.d"
  local saved_run=$run
  run=$tmp
  mount_into "$tmp" || { unmount_all; run=$saved_run; return 1; }
  in_root "$tmp" apt-get update -q && in_root "$tmp" apt-get -y -q dist-upgrade
  local rc=$?
  unmount_all
  run=$saved_run
  [ "$rc" -eq 0 ] || return 1
  rm -rf "$tmp"/var/lib/apt/lists/* "$tmp/etc/resolv.conf"
  printf '%s\nmirror %s\nsecurity %s\nmade %s\n' "$root_format" "$mirror" "$security" "$(date -u +%FT%TZ)" \
    >"$tmp/.autosplit-clean-root"
  if [ -d "$pristine" ]; then rm -rf --one-file-system "$pristine"; fi
  mv "$tmp" "$pristine"
}
if [ -f "$pristine/.autosplit-clean-root" ] && [ "$(head -n 1 "$pristine/.autosplit-clean-root")" = "$root_format" ]; then
  pass "clean Debian 12 root: reusing $pristine ($(sed -n 's/^made //p' "$pristine/.autosplit-clean-root"))"
else
  t=$SECONDS
  step "clean Debian 12 root: debootstrap --variant=$variant $suite from $mirror (+ updates, security) into $pristine" make_pristine
  say "      ($((SECONDS - t)) s)"
fi
if [ "$prepare_only" -eq 1 ]; then
  ok_run=1
  exit 0
fi

# --- a fresh copy, the package in it -----------------------------------------------------------
fresh_copy() {
  unmount_all
  remove_run || return 1
  cp -a "$pristine" "$run"
}
step "fresh copy of the root: $run" fresh_copy
step "mounted /proc, /sys, /dev, /dev/pts and the package cache in the root" mount_into "$run"
in_root "$run" dpkg-query -W -f='${Package}\n' | sort >"$run/tmp/packages-base"
cp "$deb" "$run/tmp/"
debname=$(basename "$deb")

step "apt-get update (in the root)" in_root "$run" apt-get update -q
step "apt-get install --no-install-recommends ./$debname" \
  in_root "$run" apt-get install -y -q --no-install-recommends "/tmp/$debname"
in_root "$run" dpkg-query -W -f='${Package}\n' | sort >"$run/tmp/packages-with-deb"
pulled=$(comm -13 "$run/tmp/packages-base" "$run/tmp/packages-with-deb" | grep -vx "$package" || true)
mkdir -p "$out"
{
  say "# What apt-get install ./$debname added to a clean Debian 12 minbase root (no Recommends)."
  in_root "$run" dpkg-query -W -f='${Package} ${Version}\n' $pulled "$package"
} >"$out/packages.txt"
say "      pulled in $(echo "$pulled" | grep -c .) packages (list: $out/packages.txt)"

# --- what is installed, and whether all of it can load -------------------------------------------
check_files() {
  local f missing=0
  for f in /usr/bin/autosplit /usr/bin/autosplit-explorer /usr/bin/autosplit-edge \
           /usr/bin/autosplit-cloud /usr/share/applications/io.github.autosplit.Explorer.desktop \
           /usr/share/metainfo/io.github.autosplit.Explorer.metainfo.xml \
           /usr/share/icons/hicolor/scalable/apps/io.github.autosplit.Explorer.svg \
           /usr/share/doc/autosplit-explorer/LICENSE-models.md; do
    if [ -e "$run$f" ]; then echo "$f"; else echo "missing: $f"; missing=1; fi
  done
  return "$missing"
}
step "installed: autosplit, autosplit-explorer, autosplit-edge, autosplit-cloud, desktop entry, AppStream metadata, icon, model licence" check_files

# ldd on the programs and on every plugin they may load: Qt's (platforms, xcb GL integrations,
# image formats, icon engines, input contexts) and Graphviz's (loaded by libgvc at run time).
check_ldd() {
  local f files bad=0
  files=$(in_root "$run" sh -c "ls /usr/bin/autosplit /usr/bin/autosplit-explorer \
    /usr/bin/autosplit-edge /usr/bin/autosplit-cloud \
    $multiarch/qt6/plugins/*/*.so $multiarch/graphviz/libgvplugin_*.so.6 2>/dev/null")
  for f in $files; do
    if ! in_root "$run" ldd "$f" >"$log.ldd" 2>&1; then
      echo "$f: ldd failed:"; cat "$log.ldd"; bad=1
    elif grep -q 'not found' "$log.ldd"; then
      echo "$f ($(in_root "$run" dpkg -S "$f" 2>/dev/null | cut -d: -f1)) needs what is not installed:"
      grep 'not found' "$log.ldd"; bad=1
    fi
  done
  rm -f "$log.ldd"
  echo "$(echo "$files" | wc -w) files checked"
  return "$bad"
}
step "ldd: the programs, Qt's plugins and Graphviz's plugins find every library" check_ldd
say "      $(tail -n 1 "$log")"

check_graphviz() {
  local config=$run$multiarch/graphviz/config6a
  [ -s "$config" ] || { echo "no $multiarch/graphviz/config6a: libgvc6 is missing or its postinst did not run"; return 1; }
  grep -q 'gvplugin_dot_layout' "$config" ||
    { echo "config6a does not list the dot layout plugin (libgvplugin_dot_layout)"; return 1; }
  grep -c '^[^ ]*libgvplugin' "$config" | sed 's/$/ plugins listed in config6a/'
}
step "Graphviz: config6a lists the dot layout plugin" check_graphviz
say "      $(tail -n 1 "$log")"

check_fonts() {
  local fonts
  # fontconfig comes with libqt6gui6; what it lists is what Qt can draw text with.
  fonts=$(in_root "$run" fc-list : family 2>&1) || { echo "$fonts"; return 1; }
  if [ -z "$fonts" ]; then
    echo "fontconfig lists no font: the explorer would draw boxes instead of text (a font package such as fonts-dejavu-core is missing)"
    return 1
  fi
  echo "$(echo "$fonts" | wc -l) fonts: $(echo "$fonts" | sort -u | paste -sd, | sed 's/,/, /g') (from $(in_root "$run" sh -c 'fc-list : file | cut -d: -f1 | xargs -r dpkg -S 2>/dev/null | cut -d: -f1 | sort -u | paste -sd,'))"
}
step "fonts: fontconfig finds a font" check_fonts
say "      $(tail -n 1 "$log")"

check_translations() {
  local qm=/usr/share/qt6/translations/qtbase_de.qm
  [ -s "$run$qm" ] || { echo "missing $qm (qt6-translations-l10n): Qt's own strings would stay English in German"; return 1; }
  echo "$qm"
}
step "translations: Qt's German strings (qtbase_de.qm)" check_translations

# --- the command line on the sample model ------------------------------------------------------
# The command line has no sample built in: the model and its sample data come from the source
# tree, as a user's own files would.
mkdir -p "$run/tmp/sample"
cp "$repo/resources/models/ch_ppocr_mobile_v2.0_cls_infer.onnx" "$run/tmp/sample/"
cp -r "$repo/resources/sample-data/text-direction" "$run/tmp/sample/sample-data"
sample=(/tmp/sample/ch_ppocr_mobile_v2.0_cls_infer.onnx --input-shape x=1x3x48x192)

step "autosplit --version: $(in_root "$run" autosplit --version 2>/dev/null | paste -sd';' | sed 's/;/; /g' || true)" \
  in_root "$run" autosplit --version
step "autosplit analyze (the sample model)" in_root "$run" autosplit analyze "${sample[@]}"
say "      $(grep -E '^ *(layers|parameters|MACs):' "$log" | tr -s ' ' | sed 's/^ //' | paste -sd';' | sed 's/;/; /g' || true)"
step "autosplit solve (the sample model, its sample data, 1 MB / 3 Mbps / 5 %)" \
  in_root "$run" autosplit solve "${sample[@]}" --samples /tmp/sample/sample-data \
    --preprocess resize=48x192,keep-aspect,pad,order=bgr,scale=1/255,mean=0.5,std=0.5 \
    --edge eyeriss --cloud tpu --uplink 3Mbps --memory 1MB --max-drop 5%
say "      $(grep -m 1 '^Selected:' "$log" || true)"
# A deployment bundle of the sample served and used on loopback inside the root: export, the cloud
# runtime on a free port, the edge runtime on one of the sample images.
run_bundle() {
  in_root "$run" autosplit export "${sample[@]}" --samples /tmp/sample/sample-data \
    --preprocess resize=48x192,keep-aspect,pad,order=bgr,scale=1/255,mean=0.5,std=0.5 \
    --split 20 --weight-bits 8 --activation-bits 8 --out /tmp/sample/bundle || return 1
  in_root "$run" sh -c '
    autosplit-cloud --bundle /tmp/sample/bundle --listen 127.0.0.1:0 > /tmp/cloud.log 2>&1 &
    cloud=$!
    for i in $(seq 100); do grep -q "listening on" /tmp/cloud.log && break; sleep 0.1; done
    port=$(grep -o "listening on 127.0.0.1:[0-9]*" /tmp/cloud.log | cut -d: -f2)
    autosplit-edge --bundle /tmp/sample/bundle --connect "127.0.0.1:$port" \
      --input /tmp/sample/sample-data/0/line01.png
    status=$?
    kill "$cloud"
    exit "$status"'
}
step "autosplit export, autosplit-cloud and autosplit-edge (a bundle of the sample on loopback)" \
  run_bundle
say "      $(grep -m 1 'softmax' "$log" || true)"

# --- the explorer under Xvfb -------------------------------------------------------------------
step "test tools (not the package's dependencies): apt-get install xvfb xauth" \
  in_root "$run" apt-get install -y -q --no-install-recommends xvfb xauth
in_root "$run" dpkg-query -W -f='${Package}\n' | sort >"$run/tmp/packages-with-tools"
tool_only=$(comm -13 "$run/tmp/packages-with-deb" "$run/tmp/packages-with-tools")

# QT_DEBUG_PLUGINS lists every plugin Qt tries and why one fails to load; LD_DEBUG=libs names
# every library the explorer (not Xvfb) loads, plugins included ("calling init: PATH").
run_explorer() {
  rm -f "$run/tmp/shot.png" "$run"/tmp/ld-libs.*
  rm -rf "$run/tmp/explorer-home"
  mkdir -p "$run/tmp/explorer-home"
  # A home of its own: the first start of a user, who has no calibration cached by the command line.
  in_root "$run" timeout 300 xvfb-run -a -s "-screen 0 1600x1000x24" \
    env HOME=/tmp/explorer-home QT_DEBUG_PLUGINS=1 LD_DEBUG=libs LD_DEBUG_OUTPUT=/tmp/ld-libs \
    autosplit-explorer --screenshot /tmp/shot.png
}
# One line naming what is missing, from Qt's and the loader's messages.
explain_explorer_log() {
  local l
  l=$(grep -m 1 -E 'Cannot load library|cannot open shared object' "$log" || true)
  case "$l" in
    *Xcursor*) echo "missing libXcursor.so.1 (package libxcursor1), which Qt's xcb plugin loads at run time for the cursor theme"; return ;;
    ?*) echo "a library that Qt loads at run time is missing: ${l#*cannot load: }"; return ;;
  esac
  grep -q 'Could not load the Qt platform plugin' "$log" &&
    { echo "the Qt platform plugin xcb did not load (package qt6-qpa-plugins, or a library of libqxcb.so)"; return; }
  grep -qE 'QFontDatabase|Cannot find font directory' "$log" &&
    { echo "no fonts: a font package (fonts-dejavu-core) is missing"; return; }
  echo "see the output below"
}
problem_pattern='Cannot load library|cannot open shared object|Could not load the Qt platform plugin|QLibraryPrivate::loadPlugin failed|Failed to create|QFontDatabase|Cannot find font directory|Fontconfig error|qt\.svg'
t=$SECONDS
rc=0
run_explorer >"$log" 2>&1 || rc=$?
cat "$log" >"$out/explorer-output.txt"   # not cp: the log is private (mktemp)
problems=$(grep -E "$problem_pattern" "$log" || true)
if [ "$rc" -ne 0 ] || [ -n "$problems" ]; then
  hint=$(explain_explorer_log)
  # Qt's plugin debugging is long: the lines that name the problem, else the end of the output.
  if [ -n "$problems" ]; then echo "$problems" >"$log"; fi
  fail "autosplit-explorer --screenshot under xvfb-run, QT_DEBUG_PLUGINS=1 (exit code $rc; all of its output: $out/explorer-output.txt)" "$hint"
fi
pass "autosplit-explorer --screenshot under xvfb-run, QT_DEBUG_PLUGINS=1: exit code 0, no plugin or font errors ($((SECONDS - t)) s)"

check_loaded() {
  local libs lib owner bad=0 want
  libs=$(cat "$run"/tmp/ld-libs.* 2>/dev/null | sed -n 's/.*calling init: \(\/.*\)$/\1/p' | sort -u)
  [ -n "$libs" ] || { echo "LD_DEBUG=libs wrote nothing"; return 1; }
  # The plugins that prove the window, its icon and the graph layout were really there.
  for want in qt6/plugins/platforms/libqxcb.so qt6/plugins/iconengines/libqsvgicon.so \
              graphviz/libgvplugin_dot_layout.so; do
    echo "$libs" | grep -q "$want" || { echo "the explorer did not load $want"; bad=1; }
  done
  # Nothing it loaded may come from a package that only the test tools brought in.
  for lib in $libs; do
    lib=$(in_root "$run" readlink -f "$lib" 2>/dev/null || echo "$lib")
    owner=$(in_root "$run" dpkg -S "$lib" 2>/dev/null | head -n 1 | cut -d: -f1 || true)
    [ -n "$owner" ] || owner=$(in_root "$run" dpkg -S "${lib/\/usr\/lib\//\/lib\/}" 2>/dev/null | head -n 1 | cut -d: -f1 || true)
    if [ -n "$owner" ] && echo "$tool_only" | grep -qx "$owner"; then
      echo "$lib comes from $owner, which only the test tools installed: the package must depend on it"
      bad=1
    fi
  done
  [ "$bad" -eq 0 ] && echo "$(echo "$libs" | wc -l) libraries and plugins loaded, all from the package's dependencies"
  return "$bad"
}
step "the explorer loaded xcb, the SVG icon engine and Graphviz's dot, nothing from the test tools" check_loaded
say "      $(tail -n 1 "$log")"

check_png() {
  local png=$run/tmp/shot.png size dims
  [ -f "$png" ] || { echo "no /tmp/shot.png"; return 1; }
  size=$(stat -c %s "$png")
  [ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || { echo "not a PNG"; return 1; }
  dims=$(od -An -tu1 -j16 -N8 "$png" | awk '{ printf "%dx%d", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }')
  echo "$dims, $size bytes"
  [ "$size" -gt 30000 ] || { echo "too small for a window with a graph and charts"; return 1; }
  cp "$png" "$out/screenshot.png"
}
step "screenshot is a real picture: $out/screenshot.png" check_png
say "      $(cat "$log")"

if [ -n "${SUDO_UID:-}" ]; then chown -R "$SUDO_UID:${SUDO_GID:-$SUDO_UID}" "$out" 2>/dev/null || true; fi
ok_run=1
say "all checks passed in $((SECONDS - started)) s"
