#!/usr/bin/env bash
# Mean logged training loss per 100 steps, from the console log of `./tessera train` (its progress
# bar prints the loss of each step it redraws): training-loss.sh <log> > <data file>
set -euo pipefail
tr '\r' '\n' < "$1" \
    | grep -oE '[0-9]+/[0-9]+ steps .*loss [0-9.]+' \
    | sed -E 's/^([0-9]+)\/[0-9]+ steps.*loss ([0-9.]+)$/\1 \2/' \
    | awk '{ b = int(($1 - 1) / 100); s[b] += $2; n[b]++ } END { for (k in s) printf "%d %.5f\n", (k + 1) * 100, s[k] / n[k] }' \
    | sort -n
