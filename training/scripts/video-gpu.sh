#!/usr/bin/env bash
# On the GPU machine, from the repository root: one stage of the video model started from the image model
# (configs/video/acdit-video-from-image*.json), stopping with a checkpoint at the deadline and then writing the
# model from its EMA weights if the run did not finish. Stage 1 also runs the twin's tests beside the training
# (on the CPU cores). The model file and the logs come back in $OUT.
#
#   STAGE=1 MINUTES=8.3 OUT=$OUT COMMIT=<sha> training/scripts/video-gpu.sh
#   STAGE=2 ...   (on the same warm machine; or carry runs/acdit-video-3/stage-1.safetensors)
#
# Needs .gpu/motion-set.safetensors.gz (./tessera data export-motion-set).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
OUT="${OUT:-out}"
COMMIT="${COMMIT:-unknown}"
MINUTES="${MINUTES:-8.3}"
STAGE="${STAGE:-1}"
DATA=.gpu/motion-set.safetensors.gz
if [[ "$STAGE" == 1 ]]; then config=configs/video/acdit-video-from-image.json; run=runs/acdit-video-3
else config=configs/video/acdit-video-from-image-2.json; run=runs/acdit-video-3b; fi
mkdir -p "$OUT" "$run"
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader >"$OUT/gpu.txt" 2>&1
if [[ "$STAGE" == 1 ]]; then
    (python3 -m pytest -q -p no:cacheprovider training/test_twin.py >"$OUT/pytest.txt" 2>&1;
     echo "pytest exit status $?" >>"$OUT/pytest.txt") &
fi
python3 -u -m training.train --config "$config" --data "$DATA" --compile --commit "$COMMIT" \
    --max-minutes "$MINUTES" --log-seconds 30 >"$OUT/stage-$STAGE.txt" 2>&1
echo "exit status $?" >>"$OUT/stage-$STAGE.txt"
output=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['output'])" "$config")
if [[ ! -f "$output" ]]; then  # stopped at the deadline: the model from the checkpoint's EMA weights
    python3 -u -m training.train --config "$config" --data "$DATA" --commit "$COMMIT" --export-checkpoint \
        >>"$OUT/stage-$STAGE.txt" 2>&1
fi
wait
cp "$output" "$OUT/" 2>/dev/null
cp "$run/log.csv" "$OUT/stage-$STAGE-log.csv" 2>/dev/null
tail -n 4 "$OUT/stage-$STAGE.txt"; tail -n 2 "$OUT/pytest.txt" 2>/dev/null
ls -l "$OUT"
