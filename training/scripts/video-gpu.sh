#!/usr/bin/env bash
# On the GPU machine, from the repository root: video model stages one after another, each stopping with a
# checkpoint at its deadline and then writing its model from the checkpoint's EMA weights if it did not finish.
# The twin's tests run beside the first stage (on the CPU cores). Model files and logs come back in $OUT, each
# named after its config.
#
#   RUNS="configs/video/acdit-video-short.json:3.6 configs/video/acdit-video-short-2.json:4.2" \
#       OUT=$OUT COMMIT=<sha> training/scripts/video-gpu.sh
#
# (config:minutes of training, compilation included). A stage whose initFrom is not on the machine needs it
# carried. Needs .gpu/motion-set.safetensors.gz (./tessera data export-motion-set); DATA=.gpu/training-set.safetensors.gz
# (./tessera data export-training-set) runs image-model configs the same way. A model file over 15 MiB comes back
# in parts (NAME.safetensors.part-aa, -ab, …; join them with cat), as a call returns files of at most 16 MiB.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
OUT="${OUT:-out}"
COMMIT="${COMMIT:-unknown}"
DATA=${DATA:-.gpu/motion-set.safetensors.gz}
mkdir -p "$OUT"
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader >"$OUT/gpu.txt" 2>&1
if [[ -z "${SKIP_TESTS:-}" ]]; then  # SKIP_TESTS=1 when an earlier command of the run ran them
    (python3 -m pytest -q -p no:cacheprovider training/test_twin.py >"$OUT/pytest.txt" 2>&1;
     echo "pytest exit status $?" >>"$OUT/pytest.txt") &
fi
for run in $RUNS; do
    config=${run%%:*} minutes=${run##*:} name=$(basename "${run%%:*}" .json)
    field() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$config" "$1"; }
    python3 -u -m training.train --config "$config" --data "$DATA" --compile --commit "$COMMIT" \
        --max-minutes "$minutes" --log-seconds 30 >"$OUT/$name.txt" 2>&1
    echo "exit status $?" >>"$OUT/$name.txt"
    output=$(field output)
    if [[ ! -f "$output" ]]; then  # stopped at the deadline: the model from the checkpoint's EMA weights
        python3 -u -m training.train --config "$config" --data "$DATA" --commit "$COMMIT" --export-checkpoint \
            >>"$OUT/$name.txt" 2>&1
    fi
    if [[ -f "$output" && $(stat -c %s "$output") -gt $((15 * 1024 * 1024)) ]]; then
        split -b 15M "$output" "$OUT/$name.safetensors.part-"
    else
        cp "$output" "$OUT/$name.safetensors" 2>/dev/null
    fi
    cp "$(field workDir)/log.csv" "$OUT/$name-log.csv" 2>/dev/null
    tail -n 3 "$OUT/$name.txt"
done
wait
tail -n 2 "$OUT/pytest.txt" 2>/dev/null
ls -l "$OUT"
