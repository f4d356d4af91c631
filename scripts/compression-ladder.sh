#!/usr/bin/env bash
# The compression ladders of docs/results/compression.md: builds each compressed variant of the default
# ACDiT and of the google U-Net expert with ./tessera compress, measures them against their original with
# ./tessera eval compression (same prompts and seeds for every row), and redraws the plot. Variants
# already built are kept, so a stopped run resumes. Re-run on a new default model with MODEL=... OUT=... .
# On this project's 2 shared cores (load 13-16): about 20 min of compression and 40 min of measuring.
set -euo pipefail
cd "$(dirname "$0")/.."
TESSERA=${TESSERA:-./tessera}
MODEL=${MODEL:-assets/models/acdit-default.safetensors}
UNET=${UNET:-assets/models/unet-expert-google.safetensors}
OUT=${OUT:-runs/compression}
COUNT=${COUNT:-96}
# The distillation steps of the measured ladder. They were set by --distill-minutes 15 (timing the first
# ten steps on the loaded machine); fixed step counts make the same runs anywhere.
STEPS_PRESERVE=${STEPS_PRESERVE:-81}
STEPS_SENSITIVITY=${STEPS_SENSITIVITY:-71}
# The U-Net's, set by --distill-minutes 10 (the two runs side by side, load 3-6).
STEPS_UNET_PRESERVE=${STEPS_UNET_PRESERVE:-254}
STEPS_UNET_SENSITIVITY=${STEPS_UNET_SENSITIVITY:-217}
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
variant p20-preserve --model "$MODEL" --prune 0.2 --distill-steps "$STEPS_PRESERVE" --scaling UNIFORM
variant p20-sg --model "$MODEL" --prune 0.2 --distill-steps "$STEPS_SENSITIVITY" --scaling CONTINUOUS
variant p20-sg-int4 --model "$OUT/p20-sg.safetensors" --int4 --group 64
variant int4 --model "$MODEL" --int4 --group 64
variant int4-g32 --model "$MODEL" --int4 --group 32   # shipped as acdit-default-int4 until the GPU ladder (docs/results/compression.md)
variant unet-google-int4-g32 --model "$UNET" --int4 --group 32
variant unet-google-int4-g64 --model "$UNET" --int4 --group 64
variant unet-p20 --model "$UNET" --prune 0.2
variant unet-p20-preserve --model "$UNET" --prune 0.2 --distill-steps "$STEPS_UNET_PRESERVE" --scaling UNIFORM
variant unet-p20-sg --model "$UNET" --prune 0.2 --distill-steps "$STEPS_UNET_SENSITIVITY" --scaling CONTINUOUS
variant unet-p20-sg-int4 --model "$OUT/unet-p20-sg.safetensors" --int4 --group 32

$TESSERA eval compression --count "$COUNT" --latency-rounds 5 --rss-images 8 --out "$OUT/ladder" \
    --variant "original=$MODEL" \
    --variant "pruned 20 % (layers 6-7)=$OUT/p20.safetensors" \
    --variant "+ preservation (distilled, layers 0-5 frozen)=$OUT/p20-preserve.safetensors" \
    --variant "+ sensitivity-guided distillation=$OUT/p20-sg.safetensors" \
    --variant "+ INT4 (g64 sym.)=$OUT/p20-sg-int4.safetensors" \
    --variant "INT4 only (g64 sym.)=$OUT/int4.safetensors"

$TESSERA eval compression --count "$COUNT" --latency-rounds 3 --rss-images 4 --out "$OUT/ladder-g32" \
    --variant "original=$MODEL" \
    --variant "INT4 only (g32 sym.)=$OUT/int4-g32.safetensors"

$TESSERA eval compression --style google --count "$COUNT" --latency-rounds 5 --rss-images 16 --out "$OUT/unet-ladder" \
    --variant "U-Net google expert (F16 file)=$UNET" \
    --variant "INT4 g32 sym.=$OUT/unet-google-int4-g32.safetensors" \
    --variant "INT4 g64 sym. (9 % of stage weights kept)=$OUT/unet-google-int4-g64.safetensors"

$TESSERA eval compression --style google --count "$COUNT" --latency-rounds 5 --rss-images 16 --out "$OUT/unet-prune-ladder" \
    --variant "U-Net google expert (F16 file)=$UNET" \
    --variant "pruned 20 % (up.2.res.0-2)=$OUT/unet-p20.safetensors" \
    --variant "+ preservation (distilled, encoder and middle frozen)=$OUT/unet-p20-preserve.safetensors" \
    --variant "+ sensitivity-guided distillation=$OUT/unet-p20-sg.safetensors" \
    --variant "+ INT4 (g32 sym.)=$OUT/unet-p20-sg-int4.safetensors"

cp "$OUT/ladder/ladder.dat" docs/results/plots/compression-ladder.dat
{ echo "# row 7: a second run (eval compression --count 96 --latency-rounds 3 --rss-images 4, original + INT4 g32), same prompts and seeds"
  grep '^2 ' "$OUT/ladder-g32/ladder.dat" | sed 's/^2 /7 /'; } >> docs/results/plots/compression-ladder.dat
cp "$OUT/unet-ladder/ladder.dat" docs/results/plots/compression-ladder-unet.dat
{ echo "# rows 4-7: the pruning ladder (a second run, same prompts and seeds; its row 1 is the original again)"
  grep '^[2345] ' "$OUT/unet-prune-ladder/ladder.dat" | awk '{ $1 = $1 + 2; print }'; } >> docs/results/plots/compression-ladder-unet.dat
(cd docs/results/plots && gnuplot compression-ladder.gp)
