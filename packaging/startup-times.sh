#!/usr/bin/env bash
# Start-up of the installed app (docs/results/startup.md): the .deb built by packaging/build.sh is
# unpacked into a scratch root and given its class-data sharing archive, as its postinst does. Then:
#   window  launch of `Tessera` until the studio's window is painted whole (Xvfb; smoke/ScreenCheck.java)
#   image   `Tessera generate --prompt "cat face" --steps 1 -n 1 --out <tmp>` (STEPS below), launch until it exits
#           with the PNG written: one step a block, so that what is measured is start-up (as in
#           scripts/startup-times.sh; the default 25 steps add about 0.8 s on two free cores)
# "cold" is the first run of a new user (empty data folder: DJL's and JavaFX's natives unpacked),
# once each; "warm" runs follow it. Warm runs alternate with and without the class-data sharing
# archive (moved aside), so both see the same load. Prints every run, wall and CPU time (user +
# system; steadier than wall time on a busy machine), and the medians.
#
#   [STEPS=N|default] packaging/startup-times.sh [RUNS]      RUNS warm runs of each kind (default 5)
#   STEPS: steps a block of the image (default 1; "default" leaves --steps out: the app's 25)
# Warm runs find the prompt's vector in the data folder (prompt-vectors/, stored by the cold run), as a user
# who rendered "cat face" before does; the cold run encodes it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-5}"
steps=(--steps "${STEPS:-1}")
[[ "${STEPS:-1}" == default ]] && steps=()
deb="$(ls "$ROOT"/target/packaging/tessera_*_amd64.deb 2>/dev/null)" \
    || { echo "startup-times: no .deb in target/packaging; run packaging/build.sh" >&2; exit 1; }
scratch="$(mktemp -d /tmp/tessera-startup.XXXXXX)"
# shellcheck source=packaging/xvfb.sh
. "$ROOT/packaging/xvfb.sh"
trap 'stop_xvfb; rm -rf "$scratch"' EXIT

dpkg -x "$deb" "$scratch/root"
appdir="$scratch/root/opt/tessera/lib/app"
app="$scratch/root/opt/tessera/bin/Tessera"
"$appdir/make-cds-archive.sh"
export XDG_DATA_HOME="$scratch/data"
mkdir -p "$scratch/cls"
javac -d "$scratch/cls" "$ROOT/packaging/smoke/ScreenCheck.java"
start_xvfb "$scratch/fb"
export DISPLAY="$XVFB_DISPLAY"

ms() { date +%s%3N; }
window() {   # prints "wall-ms/cpu-ms" to the first window painted whole
    local line
    line="$(java -cp "$scratch/cls" ScreenCheck "$scratch/fb/Xvfb_screen0" "$scratch/window.png" 300 -- "$app")"
    sleep 1   # the window gone before the next run
    echo "$(sed -n 's/^window after \([0-9]*\) ms.*/\1/p' <<< "$line")/$(sed -n 's/^cpu \([0-9]*\) ms/\1/p' <<< "$line")"
}
image() {    # prints "wall-ms/cpu-ms" to the PNG written and the process ended
    rm -rf "$scratch/out"
    /usr/bin/time -o "$scratch/time" -f "%e %U %S" \
        "$app" generate --quiet --prompt "cat face" "${steps[@]}" -n 1 --out "$scratch/out" > /dev/null
    [[ -n "$(ls "$scratch/out"/*.png)" ]] || { echo "startup-times: no PNG written" >&2; exit 1; }
    awk '{ printf "%d/%d\n", $1 * 1000, ($2 + $3) * 1000 }' "$scratch/time"
}
cds() {      # on | off
    if [[ "$1" == off ]]; then mv "$appdir/tessera.jsa" "$scratch/tessera.jsa"; else mv "$scratch/tessera.jsa" "$appdir/tessera.jsa"; fi
}
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
declare -A runs=()
cold_window=$(window); cold_image=$(image)
echo "cold (empty data folder, with the archive), wall/CPU: window ${cold_window} ms, image ${cold_image} ms"
for i in $(seq "$RUNS"); do
    for mode in on off; do
        [[ "$mode" == off ]] && cds off
        w=$(window); im=$(image)
        [[ "$mode" == off ]] && cds on
        runs[window-$mode]+="$w "
        runs[image-$mode]+="$im "
        echo "warm run $i, archive $mode, wall/CPU: window $w ms, image $im ms"
    done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| measure | class-data sharing archive | runs, wall/CPU ms | median wall s | median CPU s |"
echo "| --- | --- | --- | --- | --- |"
for what in window image; do
    for mode in on off; do
        vals="${runs[$what-$mode]}"
        wall=$(tr ' ' '\n' <<< "$vals" | grep . | cut -d/ -f1 | median)
        cpu=$(tr ' ' '\n' <<< "$vals" | grep . | cut -d/ -f2 | median)
        printf '| %s | %s | %s| %.2f | %.2f |\n' "$what" "$mode" "$vals" "$(awk -v m="$wall" 'BEGIN { print m / 1000 }')" \
            "$(awk -v m="$cpu" 'BEGIN { print m / 1000 }')"
    done
done
