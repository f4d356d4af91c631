#!/usr/bin/env bash
# Where the start-up of `generate` goes: runs a one-step generate N times and splits each run at the
# first load of a class that marks the next phase (-Xlog:class+load with uptime), then prints the
# median of every phase. Usage: [TESSERA_JAR=<jar>] scripts/startup-times.sh [runs] [extra java options...]
#   JVM        JVM start until the CLI's first class
#   cli        picocli, request checks, until DJL's PyTorch engine class
#   engine     DJL's PyTorch engine: libtorch and the JNI bridge (natives from the jar, into the data folder's cache)
#   model      reading and checking the model file, filling the network (until ONNX Runtime's first class)
#   encoder    ONNX Runtime and the MiniLM prompt encoder, one prompt encoded (until the sampler's class)
#   rest       sampling 4 blocks x 1 step, writing the PNG, exit
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-5}"; shift || true
JAR="${TESSERA_JAR:-$ROOT/ui/target/tessera.jar}"
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
HOME_DIR="${TESSERA_STARTUP_HOME:-$WORK/home}"   # a data folder whose DJL cache is filled once, by a first run
java -Dtessera.home="$HOME_DIR" -Dtessera.app.root="$ROOT" -jar "$JAR" generate --quiet --prompt "cat face" --steps 1 \
    --out "$WORK/warm" > /dev/null
for i in $(seq "$RUNS"); do
    start=$(date +%s%N)
    java "$@" -Xlog:class+load=info:file="$WORK/classes-$i.log":uptime -Dtessera.home="$HOME_DIR" \
        -Dtessera.app.root="$ROOT" -jar "$JAR" generate --quiet --prompt "cat face" --steps 1 --out "$WORK/out-$i" > /dev/null
    end=$(date +%s%N)
    echo "$(( (end - start) / 1000000 ))" > "$WORK/total-$i"
done
python3 - "$WORK" "$RUNS" <<'PY'
import re, statistics, sys
work, runs = sys.argv[1], int(sys.argv[2])
marks = [("JVM", "dev.tessera.app.cli.TesseraCli"), ("cli", "ai.djl.pytorch.engine.PtEngine"),
         ("engine", "dev.tessera.generation.modelfile.SafetensorsReader"), ("model", "ai.onnxruntime.OrtEnvironment"),
         ("encoder", "dev.tessera.generation.acdit.sampling.AcditSampler")]
phases = {name: [] for name, _ in marks + [("rest", None), ("total", None)]}
for i in range(1, runs + 1):
    first = {}
    for line in open(f"{work}/classes-{i}.log"):
        m = re.match(r"\[(\d+\.\d+)s\].* (\S+) source:", line)
        if m and m.group(2) not in first:
            first[m.group(2)] = float(m.group(1))
    total = int(open(f"{work}/total-{i}").read()) / 1000
    previous = 0.0
    for name, cls in marks:
        phases[name].append(first[cls] - previous)
        previous = first[cls]
    phases["rest"].append(total - previous)
    phases["total"].append(total)
print("| phase | median s | min s | max s |")
print("| --- | --- | --- | --- |")
for name, values in phases.items():
    print(f"| {name} | {statistics.median(values):.2f} | {min(values):.2f} | {max(values):.2f} |")
PY
