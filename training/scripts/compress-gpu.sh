#!/usr/bin/env bash
# On the GPU machine, from the repository root: the compression twin's tests, the pruned-network and INT4
# parity fixtures, then the three distillations of configs/compress/ (the default model pruned by 20 % and
# distilled; that student made INT4-aware; the whole default model made INT4-aware). Everything it writes goes
# into one archive, $OUT/compress-gpu.tgz: fixtures, model files, logs. ./tessera compress --int4 packs the
# INT4-aware files on the CPU afterwards (docs/compression.md).
#
#   OUT=$OUT COMMIT=<sha> [ONLY="p20 p20-int4 int4"] training/scripts/compress-gpu.sh
#   ONLY may also name config files (ONLY="configs/compress/acdit-w192-int4-gpu.json").
#   ONLY="p20cheap p20cheap-int4": the cheapest-parts student (.gpu/p20-cheapest-f16.safetensors, made by
#   ./tessera compress --prune 0.2 --plan cheapest and ./tessera convert --to f16) distilled, then INT4-aware.
#
# Needs .gpu/training-set.safetensors.gz (./tessera data export-training-set).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
OUT="${OUT:-out}"
COMMIT="${COMMIT:-unknown}"
ONLY="${ONLY:-p20 p20-int4 int4}"
WORK=runs/compress-gpu
mkdir -p "$OUT" "$WORK/parity"
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader >"$WORK/gpu.txt" 2>&1
if [[ -z "${SKIP_PARITY:-}" ]]; then
    {
        python3 -m training.parity --only pruned && python3 -m training.parity --only int4
        echo "parity exit status $?"
        python3 -m pytest -q training/test_distill.py training/test_twin.py -k "distill or int4 or pruned or config or fixtures or resumed"
        echo "pytest exit status $?"
    } >"$WORK/parity-log.txt" 2>&1
    cp generation/src/test/resources/parity/acdit-pruned-twin-*.safetensors \
        compression/src/test/resources/parity/int4-twin-case.safetensors "$WORK/parity/" 2>/dev/null
fi
for run in $ONLY; do
    config=configs/compress/acdit-default-$run-gpu.json
    if [[ -f "$run" ]]; then config=$run run=$(basename "$run" .json); fi
    # The config's time budget fixes the steps; a minute more covers loading, timing and writing (330 s without one).
    limit=$(python3 -c 'import json, sys; m = json.load(open(sys.argv[1])).get("minutes"); print(int(float(m) * 60 + 60) if m else 330)' "$config") || limit=330
    timeout "$limit" python3 -u -m training.distill --config "$config" --data .gpu/training-set.safetensors.gz \
        --commit "$COMMIT" --log-seconds 15 >"$WORK/$run.txt" 2>&1
    echo "exit status $?" >>"$WORK/$run.txt"
    tail -n 3 "$WORK/$run.txt"
    # Model files come back one by one (an archive of several passes the 16 MiB a returned file may have),
    # each as soon as it is written: a later run cut off by the call's limit loses only itself.
    # A file over 15 MiB (a width-192 model in F32) comes back in parts: NAME.part-aa, -ab, … (join with cat).
    for model in "$WORK"/*.safetensors; do
        [[ -f "$model" && ! -e "$OUT/$(basename "$model")" && ! -e "$OUT/$(basename "$model").part-aa" ]] || continue
        if [[ $(stat -c %s "$model") -gt $((15 * 1024 * 1024)) ]]; then
            split -b 15M "$model" "$OUT/$(basename "$model").part-"
        else
            cp "$model" "$OUT/"
        fi
    done
    cp "$WORK/$run.txt" "$OUT/" 2>/dev/null
done
tar czf "$OUT/compress-gpu.tgz" -C "$WORK" --exclude='*.safetensors' .
tail -n 4 "$WORK/parity-log.txt" 2>/dev/null
ls -l "$OUT"
