#!/usr/bin/env bash
# The ensemble comparison of docs/results/ensemble.md: the losses of the AFA ensemble, its experts and the
# baselines on the same validation batches (./tessera eval ensemble-loss), then the judge's numbers for
# AFA and each baseline on the same evaluation prompts and seeds (./tessera eval model --mix). Reports
# already written are kept, so a stopped run resumes.
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
for mix in afa features eps; do
    [[ -s "$OUT/$mix/report.md" ]] || ./tessera eval model --model "$ENSEMBLE" --mix "$mix" --prompts "$PROMPTS" \
        --out "$OUT/$mix"
done
for expert in google twitter; do
    [[ -s "$OUT/expert-$expert/report.md" ]] || ./tessera eval model \
        --model "assets/models/unet-expert-$expert.safetensors" --prompts "$PROMPTS" --out "$OUT/expert-$expert"
done
