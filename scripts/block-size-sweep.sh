#!/usr/bin/env bash
# Block-size sweep of issue #4: trains configs/sweep/acdit-block{8,4,2}.json (1, 4 and 16 blocks of
# the same 64-token image) at the same budget, then measures each model's quality and speed.
# Results land in runs/sweep/; docs/results/acdit.md quotes them. About 45 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
TESSERA=${TESSERA:-./tessera}
for side in 8 4 2; do
    $TESSERA train --config "configs/sweep/acdit-block$side.json"
done
for side in 8 4 2; do
    $TESSERA eval model --model "runs/sweep/acdit-block$side.safetensors" --out "runs/sweep/eval-block$side"
    $TESSERA bench throughput --model "runs/sweep/acdit-block$side.safetensors" > "runs/sweep/bench-block$side.md"
done
