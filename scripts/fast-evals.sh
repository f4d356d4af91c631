#!/usr/bin/env bash
# The few-step quality table of docs/results/sampling.md (section 5): the default model at 25 steps and at 4 and 8
# guided DDIM steps, the shipped few-step model at its own sampling, and any other students given as
# NAME=FILE:STEPS (e.g. fast4-v2=runs/fast/v2/acdit-default-fast4.safetensors:4), each on the same 100 prompts
# and seeds; then the paired table against 25 steps.
set -euo pipefail
cd "$(dirname "$0")/.."
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
E=${OUT:-runs/eval}
M=assets/models/acdit-default.safetensors
eval_model() { [[ -f $E/$1/report.md ]] || ./tessera eval model --prompts 100 --out "$E/$1" "${@:2}"; }
eval_model u25 --model $M
eval_model teacher-ddim4 --model $M --sampler ddim --steps 4
eval_model teacher-ddim8 --model $M --sampler ddim --steps 8
eval_model fast4-int4 --model assets/models/acdit-default-fast.safetensors --sampler ddim --steps 4 --cfg 1 --style-strength 0
names=(teacher-ddim4 teacher-ddim8 fast4-int4)
for student in "$@"; do
    name=${student%%=*}; rest=${student#*=}
    eval_model "$name" --model "${rest%:*}" --sampler ddim --steps "${rest##*:}" --cfg 1 --style-strength 0
    names+=("$name")
done
python3 scripts/sampling-table.py "$E" u25 "${names[@]}"
