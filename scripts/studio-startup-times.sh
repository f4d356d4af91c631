#!/usr/bin/env bash
# Start-up of two builds side by side (docs/results/startup.md), each run from its own checkout's
# jar (ui/target/tessera.jar, as ./tessera runs it) with a class-data sharing archive of its own:
#   window  `java -jar tessera.jar` (the studio) until its window is painted whole on an Xvfb screen
#           of 1280x800 (packaging/smoke/ScreenCheck.java), and the CPU time it had used by then
#   image   `generate --prompt "cat face" -n 1 --out <tmp>` [--steps S] until it exits with the PNG
# Runs alternate between the builds (A, B, A, B, ...) so both see the same load; each build has its
# own data folder, warmed (and its archives written) by one run of each kind first. Prints every run
# (wall/CPU ms, CPU = user + system) and the medians.
#
# With PHASES=1 the studio runs also log their class loading (-Xlog:class+load, uptime) and each run
# prints where its first window's time went: JVM start until Tessera's main class; JavaFX's start until
# the studio's class (dev.tessera.ui.Studio); from there until the first frame is painted (the first
# load of the software renderer's graphics class, com.sun.prism.sw.SWGraphics, on Xvfb).
#
# IMAGES=0 times only the window (the image runs are the CLI's, unchanged by studio work).
# OPTS_A, OPTS_B: Java options for one build's runs only (its archive is written with them too), so that
# one checkout given twice compares options: OPTS_B="-XX:TieredStopAtLevel=1" scripts/… . . 5
#
#   [PHASES=1] [IMAGES=0] scripts/studio-startup-times.sh ROOT_A ROOT_B [RUNS] [STEPS]
#     ROOT_A, ROOT_B  two built checkouts (mvn package -pl ui -am); RUNS per kind and build (default 5);
#     STEPS  steps a block for the image (default: the CLI's default, 25)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
A="$(cd "$1" && pwd)"; B="$(cd "$2" && pwd)"; RUNS="${3:-5}"; STEPS="${4:-}"
for root in "$A" "$B"; do
    [[ -f "$root/ui/target/tessera.jar" ]] || { echo "studio-startup-times: no ui/target/tessera.jar in $root" >&2; exit 1; }
done
scratch="$(mktemp -d /tmp/tessera-studio-startup.XXXXXX)"
# shellcheck source=packaging/xvfb.sh
. "$HERE/packaging/xvfb.sh"
trap 'stop_xvfb; rm -rf "$scratch"' EXIT
mkdir -p "$scratch/cls"
javac -d "$scratch/cls" "$HERE/packaging/smoke/ScreenCheck.java"
start_xvfb "$scratch/fb"
export DISPLAY="$XVFB_DISPLAY"

java_of() {  # ARM KIND: the java command line of build ARM (A or B), with its archive for KIND
    local root; root=$([[ "$1" == A ]] && echo "$A" || echo "$B")
    echo "java $(opts_of "$1") -Xlog:cds=off -Xlog:cds+dynamic=off -XX:SharedArchiveFile=$scratch/$1-$2.jsa -Dtessera.app.root=$root -jar $root/ui/target/tessera.jar"
}
opts_of() { [[ "$1" == A ]] && echo "${OPTS_A:-}" || echo "${OPTS_B:-}"; }
steps=(); [[ -n "$STEPS" ]] && steps=(--steps "$STEPS")
window() {   # ARM: prints wall-ms/cpu-ms to the first window painted whole (and, with PHASES=1, the phases)
    local line log=() stamp
    [[ -n "${PHASES:-}" ]] && log=("-Xlog:class+load:file=$scratch/classes.log:uptime")
    rm -f "$scratch/classes.log"
    line="$(XDG_DATA_HOME="$scratch/data-$1" java -cp "$scratch/cls" ScreenCheck "$scratch/fb/Xvfb_screen0" \
        "$scratch/window-$1.png" 300 -- $(java_of "$1" studio | sed "s|^java |java ${log[*]} |"))"
    sleep 1   # the window gone before the next run
    if [[ -n "${PHASES:-}" ]]; then
        stamp() { grep -m1 " $1 " "$scratch/classes.log" | sed 's/^\[\([0-9.]*\)s\].*/\1/'; }
        echo "phases $1: main class $(stamp dev.tessera.ui.TesseraMain) s, studio class $(stamp dev.tessera.ui.Studio) s," \
            "first frame painted $(stamp com.sun.prism.sw.SWGraphics) s (JVM uptime)" >&2
    fi
    echo "$(sed -n 's/^window after \([0-9]*\) ms.*/\1/p' <<< "$line")/$(sed -n 's/^cpu \([0-9]*\) ms/\1/p' <<< "$line")"
}
image() {    # ARM: prints wall-ms/cpu-ms to the PNG written and the process ended
    rm -rf "$scratch/out"
    XDG_DATA_HOME="$scratch/data-$1" /usr/bin/time -o "$scratch/time" -f "%e %U %S" \
        $(java_of "$1" cli) generate --quiet --prompt "cat face" "${steps[@]}" -n 1 --out "$scratch/out" > /dev/null
    [[ -n "$(ls "$scratch/out"/*.png)" ]] || { echo "studio-startup-times: no PNG written" >&2; exit 1; }
    awk '{ printf "%d/%d\n", $1 * 1000, ($2 + $3) * 1000 }' "$scratch/time"
}
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# One run of each kind per build: unpacks the natives into its data folder and writes its archives.
for arm in A B; do
    root=$([[ "$arm" == A ]] && echo "$A" || echo "$B")
    XDG_DATA_HOME="$scratch/data-$arm" java -cp "$scratch/cls" ScreenCheck "$scratch/fb/Xvfb_screen0" "$scratch/w.png" 300 -- \
        java $(opts_of "$arm") -XX:ArchiveClassesAtExit="$scratch/$arm-studio.jsa" -Dtessera.app.root="$root" -jar "$root/ui/target/tessera.jar" > /dev/null
    sleep 2
    if [[ "${IMAGES:-1}" != 0 ]]; then
        XDG_DATA_HOME="$scratch/data-$arm" java $(opts_of "$arm") -XX:ArchiveClassesAtExit="$scratch/$arm-cli.jsa" -Dtessera.app.root="$root" \
            -jar "$root/ui/target/tessera.jar" generate --quiet --prompt "cat face" "${steps[@]}" -n 1 --out "$scratch/warm" > /dev/null
    else
        cp "$scratch/$arm-studio.jsa" "$scratch/$arm-cli.jsa"   # not used
    fi
    [[ -s "$scratch/$arm-studio.jsa" && -s "$scratch/$arm-cli.jsa" ]] \
        || { echo "studio-startup-times: no class-data sharing archive for $root" >&2; exit 1; }
done

echo "A = $A ${OPTS_A:-}"
echo "B = $B ${OPTS_B:-}"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
declare -A runs=()
for i in $(seq "$RUNS"); do
    for arm in A B; do
        w=$(window "$arm"); im="-"
        [[ "${IMAGES:-1}" != 0 ]] && im=$(image "$arm") && runs[image-$arm]+="$im "
        runs[window-$arm]+="$w "
        echo "run $i, build $arm, wall/CPU: window $w ms, image $im ms   (load $(cut -d' ' -f1 /proc/loadavg))"
    done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| measure | build | runs, wall/CPU ms | median wall s | median CPU s |"
echo "| --- | --- | --- | --- | --- |"
for what in window image; do
    for arm in A B; do
        vals="${runs[$what-$arm]:-}"
        [[ -n "$vals" ]] || continue
        wall=$(tr ' ' '\n' <<< "$vals" | grep . | cut -d/ -f1 | median)
        cpu=$(tr ' ' '\n' <<< "$vals" | grep . | cut -d/ -f2 | median)
        printf '| %s | %s | %s| %.2f | %.2f |\n' "$what" "$arm" "$vals" "$(awk -v m="$wall" 'BEGIN { print m / 1000 }')" \
            "$(awk -v m="$cpu" 'BEGIN { print m / 1000 }')"
    done
done
