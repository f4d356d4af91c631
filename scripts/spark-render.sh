#!/usr/bin/env bash
# Renders the render queue's pending image jobs through Apache Spark in this JVM (docs/spark.md):
#   scripts/spark-render.sh --master 'local[2]' [--queue-dir DIR] [--images-per-task 4]
# Builds the distributed module (and what it needs) first when a source is newer than its jar. The desktop
# launcher (./tessera) and packages never build or ship this module or Spark.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/distributed/target/tessera-distributed.jar"
LIB="$ROOT/distributed/target/lib"

needs_build() {
    [[ ! -f "$JAR" || ! -d "$LIB" ]] && return 0
    [[ -n "$(find "$ROOT/pom.xml" "$ROOT/generation" "$ROOT/ensemble" "$ROOT/compression" "$ROOT/ui" "$ROOT/distributed" \
        "$ROOT/assets" -name target -prune -o -newer "$JAR" -print -quit 2>/dev/null)" ]]
}

if needs_build; then
    echo "Building the distributed module (first run or sources changed)..." >&2
    (cd "$ROOT" && mvn -B -q -DskipTests package -pl distributed -am) 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
fi

# spark-java-options: the --add-opens Spark needs on Java 17 (spark-submit adds them itself).
exec java ${TESSERA_JAVA_OPTS:-} @"$ROOT/distributed/spark-java-options" -Dtessera.app.root="$ROOT" \
    -cp "$JAR:$LIB/*" dev.tessera.distributed.SparkRender "$@"
