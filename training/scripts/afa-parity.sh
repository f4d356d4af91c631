#!/usr/bin/env bash
# On a machine with PyTorch (the GPU machine; CPU is enough): runs the twin's tests, then writes the AFA parity
# fixtures that AfaTwinParityTest (Java) compares against, and checks them with the twin once more.
#
#   OUT=out training/scripts/afa-parity.sh     # from the repository root; fixtures go to $OUT (default: out/)
#
# It copies $OUT/afa-twin-*.safetensors into ensemble/src/test/resources/parity/; commit the four files, then run
#   mvn -B -o test -pl ensemble -am -Dtest=AfaTwinParityTest -Dsurefire.failIfNoSpecifiedTests=false
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
OUT="${OUT:-out}"
mkdir -p "$OUT"
python3 -c "import torch, numpy; print('torch', torch.__version__, 'numpy', numpy.__version__)"
# The twin's tests (the committed AFA fixtures' check skips until they exist). A failure is reported at the end
# but does not stop the fixtures from being written.
status=0
python3 -m pytest -q training/test_unet.py training/test_afa.py 2>&1 | tee "$OUT/pytest-before.txt" || status=1
python3 -m training.parity --only afa --out "$OUT" | tee "$OUT/parity.txt"
# The fixtures in place, as the Java test will read them (the ensemble names its experts relative to itself, so
# the four files travel together), then the twin's own check of them.
mkdir -p ensemble/src/test/resources/parity
cp "$OUT"/afa-twin-*.safetensors ensemble/src/test/resources/parity/
python3 -m pytest -q training/test_afa.py 2>&1 | tee "$OUT/pytest-after.txt" || status=1
ls -l "$OUT"
exit $status
