#!/usr/bin/env bash
# The ensemble comparison of docs/results/ensemble.md: the losses of the AFA ensemble, its experts and the
# baselines on the same validation batches (./tessera eval ensemble-loss), then the judge's numbers for
# AFA and each baseline (feature averaging, eps averaging, parameter averaging = merge) and each expert on
# the same evaluation prompts and seeds (./tessera eval model --mix), then seconds an image and weights in
# memory of every combination as multiples of one expert, measured side by side in one process
# (./tessera bench unet --ensemble), and the routing heat-maps and statistics (./tessera eval routing).
# Reports already written are kept, so a stopped run resumes.
#
#   ENSEMBLE=assets/models/afa-google-twitter.safetensors PROMPTS=96 OUT=runs/ensemble-comparison \
#       scripts/ensemble-comparison.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ENSEMBLE="${ENSEMBLE:-assets/models/afa-google-twitter.safetensors}"
PROMPTS="${PROMPTS:-96}"
OUT="${OUT:-runs/ensemble-comparison}"
mkdir -p "$OUT"
[[ -s "$OUT/loss.txt" ]] || ./tessera eval ensemble-loss --ensemble "$ENSEMBLE" --styles google,twitter \
    >"$OUT/loss.txt.part" && mv "$OUT/loss.txt.part" "$OUT/loss.txt"
for mix in afa features eps merge; do
    [[ -s "$OUT/$mix/report.md" ]] || ./tessera eval model --model "$ENSEMBLE" --mix "$mix" --prompts "$PROMPTS" \
        --out "$OUT/$mix"
done
for expert in google twitter; do
    [[ -s "$OUT/expert-$expert/report.md" ]] || ./tessera eval model \
        --model "assets/models/unet-expert-$expert.safetensors" --prompts "$PROMPTS" --out "$OUT/expert-$expert"
done
[[ -s "$OUT/speed.md" ]] || OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" ./tessera bench unet --ensemble "$ENSEMBLE" \
    --batch 1 --rounds "${ROUNDS:-5}" >"$OUT/speed.md.part" && mv "$OUT/speed.md.part" "$OUT/speed.md"
[[ -s "$OUT/routing/routing.md" ]] || ./tessera eval routing --ensemble "$ENSEMBLE" --seed 0 --out "$OUT/routing" \
    --prompts "${ROUTING_PROMPTS:-grinning face;red heart;cat face;rocket;pizza;thumbs up;sun;tree}"
