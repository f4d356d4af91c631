#!/usr/bin/env bash
# The FED comparison of docs/results/ensemble.md ("FED settled"): AFA, the merge and the google expert on all 500
# evaluation prompts, on DRAWS seed draws (--seed-offset 0, 100000, …), two rows at a time with one PyTorch thread
# each. Reports already written are kept, so a stopped run resumes; seconds per cell go to $OUT/times.txt.
#
#   ENSEMBLE=assets/models/afa-google-twitter.safetensors DRAWS=3 OUT=runs/ens500 scripts/ensemble-fed-draws.sh
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ENSEMBLE="${ENSEMBLE:-assets/models/afa-google-twitter.safetensors}"
DRAWS="${DRAWS:-3}"
OUT="${OUT:-runs/ens500}"
mkdir -p "$OUT"
offsets=$(seq 0 100000 $(( (DRAWS - 1) * 100000 )))
row() { # name, seed offset, then the eval arguments
    local name=$1 offset=$2; shift 2
    [[ -s $OUT/$name-$offset/report.md ]] && return
    local t0; t0=$(date +%s)
    OMP_NUM_THREADS=1 ./tessera eval model "$@" --seed-offset "$offset" --out "$OUT/$name-$offset" \
        >"$OUT/$name-$offset.log" 2>&1
    echo "$name $offset $(( $(date +%s) - t0 )) s exit $?" >>"$OUT/times.txt"
}
./tessera --version >/dev/null  # builds the jar once, before two runs could both try
( for d in $offsets; do row afa "$d" --model "$ENSEMBLE" --mix afa; done ) &
( for d in $offsets; do row merge "$d" --model "$ENSEMBLE" --mix merge
      row expert-google "$d" --model assets/models/unet-expert-google.safetensors; done ) &
wait
