#!/usr/bin/env bash
# The tracker table of docs/results/video.md ("The tracker"): MotionTracker + MotionClassifier on training clips of
# MotionClips, whole clips and 8-frame windows. Usage: scripts/tracker-table.sh [frames] [clips] [sprite side]
# (defaults 16, 4000 and 16; the table has 16 and 48). Uses the CLI's jar (./tessera builds it).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="${TESSERA_JAR:-$ROOT/ui/target/tessera.jar}"
[ -f "$JAR" ] || { echo "no $JAR: run ./tessera --version (or mvn -B -o -q package -DskipTests) first" >&2; exit 1; }
java -cp "$JAR" "$ROOT/scripts/TrackerTable.java" "${1:-16}" "${2:-4000}" "${3:-16}"
