#!/usr/bin/env bash
# Measures the render queue through Spark against the desktop queue on the same jobs (docs/results/spark.md):
# each round makes a fresh queue of JOBS one-image jobs (the bundled default model, STEPS steps a block, the other
# settings at their defaults, seeds 1..JOBS of one prompt) for every mode and runs the modes one after another, so the machine's load falls on all
# alike. The -omp1 modes run with OMP_NUM_THREADS=1 (one PyTorch thread a render). Prints one tab-separated line per run: round, mode, wall seconds, what the run printed, the load average.
#   scripts/spark-times.sh [ROUNDS] [JOBS] [STEPS] > runs/spark-times.tsv
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${1:-3}"
JOBS="${2:-24}"
STEPS="${3:-25}"
WORK="$ROOT/runs/spark-times"
SEEDS="$(seq -s, 1 "$JOBS")"

queue() { # a fresh queue in $WORK/$1 whose images go to $WORK/$1/out
    rm -rf "$WORK/$1"
    "$ROOT/tessera" queue --queue-dir "$WORK/$1/q" add --prompt "cat face" --style twitter --sweep-seeds "$SEEDS" --steps "$STEPS" \
        --out "$WORK/$1/out" >/dev/null
}

run() { # mode, then the command
    local mode="$1"; shift
    local load start end said
    load="$(cut -d' ' -f1-3 /proc/loadavg)"
    start=$(date +%s.%N)
    said="$("$@" 2>/dev/null | tail -1)"
    end=$(date +%s.%N)
    local images
    images=$(find "$WORK/$mode/out" -name '*.png' | wc -l)
    printf '%s\t%s\t%.2f\t%s\t%s\t%s\n' "$round" "$mode" "$(echo "$end - $start" | bc)" "$images" "$said" "$load"
}

for round in $(seq 1 "$ROUNDS"); do
    for mode in desktop desktop-omp1 spark-local1 spark-local2 spark-local2-omp1; do
        queue "$mode"
        case "$mode" in
            desktop) run "$mode" "$ROOT/tessera" queue --queue-dir "$WORK/$mode/q" run --quiet ;;
            desktop-omp1) run "$mode" env OMP_NUM_THREADS=1 "$ROOT/tessera" queue --queue-dir "$WORK/$mode/q" run --quiet ;;
            spark-local1) run "$mode" "$ROOT/scripts/spark-render.sh" --master 'local[1]' --queue-dir "$WORK/$mode/q" ;;
            spark-local2) run "$mode" "$ROOT/scripts/spark-render.sh" --master 'local[2]' --queue-dir "$WORK/$mode/q" ;;
            spark-local2-omp1) run "$mode" env OMP_NUM_THREADS=1 "$ROOT/scripts/spark-render.sh" --master 'local[2]' \
                --queue-dir "$WORK/$mode/q" ;;
        esac
    done
    # Every mode wrote the same files with the same bytes.
    for mode in desktop-omp1 spark-local1 spark-local2 spark-local2-omp1; do
        if ! diff -r "$WORK/desktop/out" "$WORK/$mode/out" >/dev/null; then
            echo "round $round: $mode's images differ from the desktop's" >&2
        fi
    done
done
