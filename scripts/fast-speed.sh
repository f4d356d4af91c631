#!/usr/bin/env bash
# Seconds an image (batch 1 and 16) of the Quality and Fast presets on the default model and of the few-step
# model at its own sampling, interleaved for ROUNDS rounds (docs/results/sampling.md, few-step distillation).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
# One PyTorch thread: two threads spinning for a core on a shared machine run several times slower.
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
for round in $(seq "$ROUNDS"); do
    echo "## round $round, load $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "### Quality"; ./tessera bench step --no-profile --rounds 5 --steps 25
    echo "### Fast preset"; ./tessera bench step --no-profile --rounds 5 --schedule 16,8 --step-cache 0.1
    echo "### few-step model"; ./tessera bench step --no-profile --rounds 5 --model assets/models/acdit-default-fast.safetensors
done
