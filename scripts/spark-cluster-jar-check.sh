#!/usr/bin/env bash
# Runs the cluster jar the way spark-submit runs it — Spark's own jars first (Spark 4.1.1 core with its own Jackson,
# Commons, slf4j and log4j: distributed/spark-only/pom.xml), the one Tessera jar after them — on local[2], and checks
# that it writes the same files, byte for byte, as the desktop queue (docs/spark.md, "On a cluster").
#
#   scripts/spark-cluster-jar-check.sh [JOBS]      # JOBS one-image jobs (default 8), 2 steps a block
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JOBS="${1:-8}"
cd "$ROOT"
mvn -B -q -DskipTests package -pl distributed -am -Pcluster-jar 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
mvn -B -q -f distributed/spark-only/pom.xml package 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
CLUSTER_JAR=distributed/target/tessera-distributed-cluster.jar
echo "cluster jar: $(du -h "$CLUSTER_JAR" | cut -f1); Spark's class path: $(ls distributed/spark-only/target/jars | wc -l) jars"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for q in desktop spark; do
    ./tessera queue --queue-dir "$WORK/$q-queue" add --prompt "cat face" --style twitter \
        --sweep-seeds "$(seq -s, 1 "$JOBS")" --steps 2 --out "$WORK/$q" >/dev/null
done
./tessera queue --queue-dir "$WORK/desktop-queue" run --quiet
# No tessera.app.root and no Tessera lib/ folder: all the app needs comes from the one jar.
java @distributed/spark-java-options -Dtessera.home="$WORK/home" \
    -cp "distributed/spark-only/target/jars/*:$CLUSTER_JAR" dev.tessera.distributed.SparkRender \
    --master 'local[2]' --queue-dir "$WORK/spark-queue"
diff -r "$WORK/desktop" "$WORK/spark"
echo "the cluster jar wrote $(ls "$WORK/spark" | wc -l) files, the desktop queue's names and bytes"
