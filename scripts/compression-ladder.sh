#!/usr/bin/env bash
# The compression ladder of docs/results/compression.md: builds each compressed variant of an ACDiT
# model with ./tessera compress, measures them all against the original with ./tessera eval
# compression (same prompts and seeds for every row), and redraws the plot. Variants already built
# are kept, so a stopped run resumes. Re-run on a new default model with MODEL=... OUT=... .
# About 3 hours on this project's 2 shared cores.
set -euo pipefail
cd "$(dirname "$0")/.."
TESSERA=${TESSERA:-./tessera}
MODEL=${MODEL:-assets/models/acdit-default.safetensors}
OUT=${OUT:-runs/compression}
STEPS=${STEPS:-200}
# One PyTorch thread: on a machine shared with other jobs, two threads each spinning for a core ran
# sampling up to 6x slower than one (measured while building this ladder).
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
mkdir -p "$OUT"

variant() {
    local name=$1
    shift
    if [[ ! -f "$OUT/$name.safetensors" ]]; then
        $TESSERA compress --latency-rounds 0 "$@" --out "$OUT/$name.safetensors" > "$OUT/$name.log"
    fi
}

variant p20 --model "$MODEL" --prune 0.2
variant p30 --model "$MODEL" --prune 0.3
variant p20-distil --model "$MODEL" --prune 0.2 --distill-steps "$STEPS" --no-preserve --scaling UNIFORM
variant p20-preserve --model "$MODEL" --prune 0.2 --distill-steps "$STEPS" --scaling CONTINUOUS
variant p20-sensitivity --model "$MODEL" --prune 0.2 --distill-steps "$STEPS" --no-preserve --scaling CONTINUOUS
variant p20-preserve-int4 --model "$OUT/p20-preserve.safetensors" --int4 --group 64 --asymmetric
variant int4-symmetric --model "$MODEL" --int4 --group 64
variant int4-asymmetric --model "$MODEL" --int4 --group 64 --asymmetric

$TESSERA eval compression --out "$OUT/ladder" \
    --variant "original=$MODEL" \
    --variant "pruned 20 %=$OUT/p20.safetensors" \
    --variant "pruned 30 %=$OUT/p30.safetensors" \
    --variant "+ distillation, all layers train=$OUT/p20-distil.safetensors" \
    --variant "+ preservation (layers 0-5 frozen)=$OUT/p20-preserve.safetensors" \
    --variant "+ sensitivity scaling, nothing frozen=$OUT/p20-sensitivity.safetensors" \
    --variant "preserved + INT4 (g64 asym.)=$OUT/p20-preserve-int4.safetensors" \
    --variant "INT4 only (g64 sym.)=$OUT/int4-symmetric.safetensors" \
    --variant "INT4 only (g64 asym.)=$OUT/int4-asymmetric.safetensors"

cp "$OUT/ladder/ladder.dat" docs/results/plots/compression-ladder.dat
(cd docs/results/plots && gnuplot compression-ladder.gp)
