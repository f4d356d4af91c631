#!/usr/bin/env bash
# On the GPU machine, from the repository root: the AFA twin's tests and parity fixtures (afa-parity.sh), then
# the aggregator's run over the shipped experts (configs/afa/afa-google-twitter.json). Everything it writes
# goes into one archive, $OUT/afa-gpu.tgz: the fixtures, the ensemble file, logs.
#
#   MINUTES=6 OUT=$OUT COMMIT=<sha> [SKIP_PARITY=1] training/scripts/afa-gpu.sh
#
# Needs .gpu/training-set.safetensors.gz (./tessera data export-training-set).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
OUT="${OUT:-out}"
MINUTES="${MINUTES:-6}"
COMMIT="${COMMIT:-unknown}"
WORK=runs/afa-gpu
mkdir -p "$OUT" "$WORK/parity"
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader >"$WORK/gpu.txt" 2>&1
if [[ -z "${SKIP_PARITY:-}" ]]; then
    OUT="$WORK/parity" training/scripts/afa-parity.sh >"$WORK/parity-log.txt" 2>&1
    echo "afa-parity.sh exit status $?" >>"$WORK/parity-log.txt"
fi
python3 -u -m training.train --config configs/afa/afa-google-twitter.json --data .gpu/training-set.safetensors.gz \
    --compile --commit "$COMMIT" --max-minutes "$MINUTES" --log-seconds 20 >"$WORK/afa-train.txt" 2>&1
echo "training exit status $?" >>"$WORK/afa-train.txt"
cp assets/models/afa-google-twitter.safetensors "$WORK/" 2>/dev/null
cp runs/afa-google-twitter/log.csv "$WORK/afa-log.csv" 2>/dev/null
# An unfinished run's checkpoint comes back too, so a later machine can resume it (--resume).
[[ -f assets/models/afa-google-twitter.safetensors ]] || cp runs/afa-google-twitter/checkpoint.safetensors "$WORK/" 2>/dev/null
tar czf "$OUT/afa-gpu.tgz" -C "$WORK" .
tail -n 5 "$WORK/afa-train.txt"
ls -l "$OUT"
