#!/usr/bin/env bash
# StopSignalTest's generate scenario without Maven, many times: starts `generate` (64 images at 50
# steps, minutes of work), waits until DJL's PyTorch engine class is loaded, waits 0, 0.5, 1, 2 or 3 s
# in turn (so the signal lands in the engine's, the model's or the prompt encoder's load, or in
# sampling), sends SIGTERM and records the exit status: 143 is a clean stop, 134 a JVM crash
# (SIGABRT after a SIGSEGV, with an hs_err file). Usage: scripts/stop-signal-soak.sh [runs]
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-50}"
JAR="${TESSERA_JAR:-$ROOT/ui/target/tessera.jar}"
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
DELAYS=(0 0.5 1 2 3)
KEPT="${TMPDIR:-/tmp}/tessera-stop-soak"   # the output of every run that did not stop cleanly
cd "$WORK"
java -Dtessera.home="$WORK/home" -Dtessera.app.root="$ROOT" -jar "$JAR" generate --quiet --prompt "cat face" --steps 1 \
    --out "$WORK/warm" > /dev/null   # fills the data folder's DJL cache once
declare -A exits
for i in $(seq "$RUNS"); do
    delay="${DELAYS[$(( (i - 1) % ${#DELAYS[@]} ))]}"
    classes="$WORK/classes-$i.log"
    java -Xlog:class+load=info:file="$classes" -Dtessera.home="$WORK/home" -Dtessera.app.root="$ROOT" -jar "$JAR" \
        generate --quiet --prompt "cat face" -n 64 --steps 50 --out "$WORK/out-$i" > "$WORK/run-$i.log" 2>&1 &
    pid=$!
    for _ in $(seq 2400); do
        grep -q 'ai.djl.pytorch.engine.PtEngine source:' "$classes" 2>/dev/null && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
    done
    sleep "$delay"
    kill -TERM "$pid" 2>/dev/null
    wait "$pid"; status=$?
    written=$(find "$WORK/out-$i" -name '*.png' 2>/dev/null | wc -l)
    echo "run $i: delay ${delay}s, exit $status, images written $written, load $(cut -d' ' -f1 /proc/loadavg): $(tail -1 "$WORK/run-$i.log")"
    exits[$status]=$(( ${exits[$status]:-0} + 1 ))
    if [[ $status -ne 143 ]]; then mkdir -p "$KEPT" && cp "$WORK/run-$i.log" "$KEPT/"; fi
done
crashes=$(ls "$WORK"/hs_err_pid*.log 2>/dev/null | wc -l)
echo "exit statuses over $RUNS runs:"; for s in "${!exits[@]}"; do echo "  $s: ${exits[$s]}"; done
echo "JVM crash logs (hs_err): $crashes"
if [[ $crashes -gt 0 ]]; then mkdir -p "$KEPT" && cp "$WORK"/hs_err_pid*.log "$KEPT/"; fi
