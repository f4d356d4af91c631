#!/usr/bin/env bash
# Smoke test of the installed app (run by .ci/run): builds the .deb (packaging/build.sh, options
# passed on), unpacks it into a scratch root with `dpkg -x` and runs its launcher as a user would,
# with no Maven, no JDK on the launcher's path and no network (when this machine can make a network
# namespace):
#   1. `Tessera --version`
#   2. `Tessera generate` of one small image: the PNG exists and carries its `parameters` chunk;
#      DJL's natives were unpacked into the user's data folder, and a second run unpacks nothing
#   3. the studio under Xvfb: a screenshot of its window with content (packaging/smoke/ScreenCheck.java)
#   4. nothing in the install changed: the app writes only to the user's data folder
# Needs Xvfb (Debian: xvfb) and GTK 3 (libgtk-3-0); .ci/run installs them.
#
#   packaging/smoke-test.sh [--no-maven]   build (build.sh's options) and test; the screenshot is left
#                                          in target/packaging/smoke-studio.png
#   packaging/smoke-test.sh --no-build     test the .deb already built
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/target/packaging"
fail() { echo "smoke-test: FAILED: $*" >&2; exit 1; }
say() { echo "smoke-test: $*" >&2; }

start=$(date +%s)
if [[ "${1:-}" == --no-build ]]; then
    say "testing the .deb already in $OUT"
else
    "$ROOT/packaging/build.sh" "$@"
    say "packaging took $(( $(date +%s) - start )) s"
fi

deb="$(ls "$OUT"/tessera_*_amd64.deb)"
scratch="$(mktemp -d /tmp/tessera-smoke.XXXXXX)"
# shellcheck source=packaging/xvfb.sh
. "$ROOT/packaging/xvfb.sh"
app_pid=""
cleanup() {
    [[ -n "$app_pid" ]] && kill "$app_pid" 2>/dev/null || true
    stop_xvfb
    rm -rf "$scratch"
}
trap cleanup EXIT

dpkg -x "$deb" "$scratch/root"
app="$scratch/root/opt/tessera/bin/Tessera"
[[ -x "$app" ]] || fail "$deb has no /opt/tessera/bin/Tessera"
# What the .deb's postinst does besides the desktop menu: the class-data sharing archive.
"$scratch/root/opt/tessera/lib/app/make-cds-archive.sh" || fail "make-cds-archive.sh failed"
chmod -R a-w "$scratch/root"   # read-only install (root ignores modes: step 4 checks too)
listing() { find "$scratch/root" -printf '%P %s %T@\n' | sort; }
listing > "$scratch/install-before"

# The user's data folder: everything the app writes must land here.
export XDG_DATA_HOME="$scratch/data"
data="$XDG_DATA_HOME/tessera"
# Nothing is downloaded at run time: run without a network where a namespace can be made.
if unshare -n true 2>/dev/null; then offline=(unshare -n); else offline=(); say "cannot make a network namespace here; running with the network"; fi

# 1. --version
version="$("${offline[@]}" "$app" --version)" || fail "--version exited with $?"
[[ "$version" == Tessera\ * ]] || fail "--version printed: $version"
shared="$(JAVA_TOOL_OPTIONS=-Xlog:class+load=info "$app" --version 2>&1 | grep -c 'dev.tessera.* source: shared objects file')" || true
((shared > 0)) || fail "the launcher does not use the class-data sharing archive (no dev.tessera class from it)"
say "1/4 --version: ${version%%$'\n'*} ($shared of Tessera's classes from the class-data sharing archive)"

# 2. One small image.
t0=$(date +%s%3N)
"${offline[@]}" "$app" generate --quiet --prompt "cat face" --steps 2 --seed 7 -n 1 --out "$scratch/out" \
    || fail "generate exited with $?"
t1=$(date +%s%3N)
png="$scratch/out/7-cat-face.png"   # <seed>-<prompt>.png
[[ -s "$png" ]] || fail "generate wrote no $png (found: $(ls "$scratch/out" 2>/dev/null))"
[[ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" == 89504e470d0a1a0a ]] || fail "$png is not a PNG"
# The A1111 text: a tEXt chunk with the keyword "parameters", holding this request's settings.
LC_ALL=C grep -aq 'tEXtparameters' "$png" || fail "$png has no tEXt parameters chunk"
for want in 'cat face' 'Steps: 2' 'Seed: 7' 'Model: acdit-default'; do
    LC_ALL=C grep -aq "$want" "$png" || fail "$png's parameters lack '$want'"
done
natives="$(find "$data/djl-cache" -name 'libtorch*.so' 2>/dev/null | head -1)"
[[ -n "$natives" ]] || fail "no libtorch unpacked under $data/djl-cache"
find "$data/djl-cache" -type f -printf '%P %T@\n' | sort > "$scratch/cache-before"
t2=$(date +%s%3N)
"${offline[@]}" "$app" generate --quiet --prompt "rocket" --steps 1 --seed 1 -n 1 --out "$scratch/out2" || fail "second generate exited with $?"
t3=$(date +%s%3N)
find "$data/djl-cache" -type f -printf '%P %T@\n' | sort | diff -q - "$scratch/cache-before" >/dev/null \
    || fail "the second run unpacked DJL's natives again"
say "2/4 generate: $png with its parameters chunk ($(( t1 - t0 )) ms first, natives unpacked to the data folder;" \
    "$(( t3 - t2 )) ms the second time, nothing unpacked)"

# 3. The studio under Xvfb, on a display of its own.
command -v Xvfb >/dev/null || fail "Xvfb not found (Debian: apt-get install xvfb)"
start_xvfb "$scratch/fb" || fail "no virtual screen"
t0=$(date +%s%3N)
DISPLAY="$XVFB_DISPLAY" "$app" > "$scratch/studio.log" 2>&1 &
app_pid=$!
shot="$OUT/smoke-studio.png"
if ! java "$ROOT/packaging/smoke/ScreenCheck.java" "$scratch/fb/Xvfb_screen0" "$shot" 180 "$t0" > "$scratch/check.log"; then
    cat "$scratch/check.log" "$scratch/studio.log" >&2
    fail "the studio showed no window with content"
fi
kill -0 "$app_pid" 2>/dev/null || fail "the studio exited: $(cat "$scratch/studio.log")"
kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""
[[ -d "$data/javafx-cache" ]] || fail "JavaFX's natives are not in $data/javafx-cache"
say "3/4 studio: $(cat "$scratch/check.log")"

# 4. The install is as it was unpacked.
listing | diff "$scratch/install-before" - >&2 || fail "files in the install changed (above)"
say "4/4 the install is unchanged; the app wrote only to its data folder ($(du -sh "$data" | cut -f1))"
say "passed in $(( $(date +%s) - start )) s"
