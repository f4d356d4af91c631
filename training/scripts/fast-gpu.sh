#!/usr/bin/env bash
# On the GPU machine, from the repository root: the twin's distillation tests, then the few-step students of
# configs/fast/ (4 or 8 DDIM steps a block for the default model's 32 guided ones; fast4-int4 makes the first INT4-aware). Logs and model files go
# into one archive, $OUT/fast-gpu.tgz. docs/results/sampling.md measures the students on the CPU.
#
#   OUT=$OUT COMMIT=<sha> [ONLY="fast4 fast4-int4 fast8"] training/scripts/fast-gpu.sh
#   ONLY="w192-fast4 w192-fast4-int4" (the width-192 default's student; carry .gpu/w192-f16.safetensors)
#
# Needs .gpu/training-set.safetensors.gz (./tessera data export-training-set).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
OUT="${OUT:-out}"
COMMIT="${COMMIT:-unknown}"
ONLY="${ONLY:-fast4 fast4-int4}"
WORK=runs/fast-gpu
mkdir -p "$OUT" "$WORK"
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader >"$WORK/gpu.txt" 2>&1
python3 -m pytest -q training/test_distill.py >"$WORK/pytest.txt" 2>&1
echo "pytest exit status $?" >>"$WORK/pytest.txt"
tail -n 3 "$WORK/pytest.txt"
for run in $ONLY; do
    timeout 300 python3 -u -m training.distill --config "configs/fast/acdit-default-$run-gpu.json" \
        --data .gpu/training-set.safetensors.gz --commit "$COMMIT" --log-seconds 15 >"$WORK/$run.txt" 2>&1
    echo "exit status $?" >>"$WORK/$run.txt"
    tail -n 3 "$WORK/$run.txt"
done
# Model files come back one by one (an archive of two 10 MB files is over what a call returns); one over 15 MiB
# (a width-192 student in F32) in parts, NAME.safetensors.part-aa, -ab, …: join them with cat.
for model in "$WORK"/*.safetensors; do
    [[ -f "$model" ]] || continue
    if [[ $(stat -c %s "$model") -gt $((15 * 1024 * 1024)) ]]; then
        split -b 15M "$model" "$OUT/$(basename "$model").part-"
    else
        cp "$model" "$OUT/"
    fi
done
tar czf "$OUT/fast-gpu-logs.tgz" -C "$WORK" --exclude='*.safetensors' .
ls -l "$OUT"
