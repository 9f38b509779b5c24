#!/usr/bin/env bash
# Checks what the compiler does not: the layers' include direction, one include style, the
# formatting, no issue numbers in code, and no long source without its reason. Runs in CTest
# (check_source), so CI fails on any of them. Usage: scripts/check-source.sh (from anywhere).
#
# Layers, top to bottom: app/{gui,cli} -> widgets/ -> session/ -> core/. A file may include its
# own layer and those below it (resources/ is embedded data for widgets/ and the GUI):
#   core/      core/
#   session/   session/ core/
#   widgets/   widgets/ session/ core/ resources/
#   app/cli/   app/cli/ session/ core/
#   app/runtime/ app/runtime/ app/cli/ session/ core/ (the command line's errors and units)
#   app/gui/   app/gui/ widgets/ session/ core/ resources/
#   tools/     tools/ (stand-alone programs, Qt only)
# Inside core/, the folders' includes must form no cycle (checked with tsort).
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
problem() {
  echo "check-source: $*" >&2
  status=1
}

mapfile -t sources < <(git ls-files 'core/*' 'session/*' 'widgets/*' 'app/*' 'tests/*' 'bench/*' 'resources/*' 'tools/*' 'fuzz/*' |
  grep -E '\.(cpp|h|inl|inc)$' | grep -v '^bench/ort/')
[ ${#sources[@]} -gt 0 ] || { echo "check-source: no sources found (not a git checkout?)" >&2; exit 1; }

allowed_for() {
  case "$1" in
    core/*) echo "core/" ;;
    session/*) echo "session/ core/" ;;
    widgets/*) echo "widgets/ session/ core/ resources/" ;;
    app/cli/*) echo "app/cli/ session/ core/" ;;
    app/runtime/*) echo "app/runtime/ app/cli/ session/ core/" ;;
    app/gui/*) echo "app/gui/ widgets/ session/ core/ resources/" ;;
    resources/*) echo "resources/" ;;
    tools/*) echo "tools/" ;;
    *) echo "" ;; # tests/, bench/ and fuzz/ may include any layer
  esac
}

core_edges=$(mktemp)
trap 'rm -f "$core_edges"' EXIT
for f in "${sources[@]}"; do
  allowed=$(allowed_for "$f")
  while IFS=: read -r line include; do
    target=${include#*\"}
    target=${target%%\"*}
    case "$target" in
      *.moc) continue ;;
      core/* | session/* | widgets/* | app/* | resources/* | tests/* | bench/* | tools/* | fuzz/*) ;;
      *) problem "$f:$line: include \"$target\" does not name its file from the repository root"; continue ;;
    esac
    if [ -n "$allowed" ]; then
      ok=0
      for layer in $allowed; do
        case "$target" in "$layer"*) ok=1 ;; esac
      done
      [ $ok -eq 1 ] || problem "$f:$line: includes \"$target\", a layer above it (allowed: $allowed)"
    fi
    case "$f" in
      core/*)
        from=$(echo "$f" | cut -d/ -f2)
        to=$(echo "$target" | cut -d/ -f2)
        [ "$from" != "$to" ] && echo "$to $from" >>"$core_edges"
        ;;
    esac
  done < <(grep -n -E '^[[:space:]]*#[[:space:]]*include[[:space:]]+"' "$f")
done
if ! sort -u "$core_edges" | tsort >/dev/null 2>"$core_edges.err"; then
  # tsort lists each loop after "input contains a loop:"; the first one names the folders
  loop=$(awk '/input contains a loop/{n++} n==1 && !/loop/{sub(/^tsort: /,""); printf "%s ", $0}' "$core_edges.err")
  problem "the folders of core/ include each other in a cycle: $loop"
fi
rm -f "$core_edges.err"

# Formatting: the repository's .clang-format, for every C++ source.
if command -v clang-format >/dev/null; then
  if ! clang-format --dry-run --Werror "${sources[@]}" 2>/dev/null; then
    problem "sources not formatted (clang-format -i on these): $(clang-format --dry-run "${sources[@]}" 2>&1 |
      grep -o '^[^:]*:[0-9]*:[0-9]*: warning' | cut -d: -f1 | sort -u | tr '\n' ' ')"
  fi
else
  problem "clang-format is not installed (scripts/install-deps.sh installs it)"
fi

# Issue numbers belong to the tracker and the commit messages, not to the code.
if hits=$(printf '%s\n' "${sources[@]}" | xargs grep -n -i -E 'issue #?[0-9]+|\(#[0-9]+' 2>/dev/null); then
  problem "issue numbers in code: $hits"
fi

# A source over about 600 lines says why at its top.
for f in "${sources[@]}"; do
  lines=$(wc -l <"$f")
  if [ "$lines" -gt 650 ] && ! head -n 30 "$f" | grep -q 'Long file:'; then
    problem "$f has $lines lines and no 'Long file:' reason in its first 30 lines"
  fi
done

[ $status -eq 0 ] && echo "check-source: ${#sources[@]} sources: layers, includes, formatting, issue numbers and lengths all fine"
exit $status
