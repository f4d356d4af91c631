#!/usr/bin/env bash
# On the GPU machine, from the repository root: trains the AFA experts (the U-Net base, then the google and
# twitter experts from it, side by side) and the video model's stage 1, all on the one GPU at once, each
# stopping with a checkpoint at the deadline. Run it again on the same (warm) machine and every run resumes
# from its checkpoint; a finished model file is not trained again. What is finished is copied into $OUT.
#
#   MINUTES=8 OUT=$OUT COMMIT=<sha> training/scripts/experts-and-video.sh
#
# Needs .gpu/training-set.safetensors.gz and .gpu/motion-set.safetensors.gz (./tessera data
# export-training-set / export-motion-set). The video model's stage 2 (the decay) runs separately:
# python3 -m training.train --config configs/video/acdit-video-2.json ... once stage 1 is finished.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
OUT="${OUT:-out}"
MINUTES="${MINUTES:-8}"
COMMIT="${COMMIT:-unknown}"
mkdir -p "$OUT"
start=$(date +%s)
left() { echo "$MINUTES $start $(date +%s)" | awk '{ m = $1 - ($3 - $2) / 60; print (m > 0.5 ? m : 0) }'; }

train() {  # config, data, log name
    local minutes; minutes=$(left)
    [[ "$minutes" == 0 ]] && { echo "no time left for $1"; return 1; }
    python3 -u -m training.train --config "$1" --data "$2" --compile --commit "$COMMIT" \
        --max-minutes "$minutes" --log-seconds 30 >>"$OUT/$3.txt" 2>&1
}

experts() {
    local data=.gpu/training-set.safetensors.gz
    [[ -f assets/models/unet-base.safetensors ]] || train configs/unet/unet-base.json "$data" unet-base || return
    [[ -f assets/models/unet-base.safetensors ]] || return
    local pids=()
    for style in google twitter; do
        [[ -f assets/models/unet-expert-$style.safetensors ]] \
            || { train configs/unet/unet-expert-$style.json "$data" unet-expert-$style & pids+=($!); }
    done
    wait "${pids[@]}" 2>/dev/null
}

video() {
    [[ -f runs/acdit-video/stage-1.safetensors ]] \
        || train configs/video/acdit-video.json .gpu/motion-set.safetensors.gz acdit-video
}

nvidia-smi --query-gpu=name,memory.total --format=csv,noheader >"$OUT/gpu.txt" 2>&1
experts & e=$!
video & v=$!
wait $e $v
for f in assets/models/unet-*.safetensors runs/acdit-video/stage-1.safetensors; do
    [[ -f "$f" ]] && cp "$f" "$OUT/"
done
for run in runs/*/; do
    [[ -f "$run/log.csv" ]] && cp "$run/log.csv" "$OUT/$(basename "$run")-log.csv"
done
ls -l "$OUT"
