#!/usr/bin/env bash
# On a machine with PyTorch (the GPU machine; CPU is enough): runs the twin's tests, then writes the U-Net parity
# fixtures that UnetTwinParityTest (Java) compares against, and checks them with the twin once more.
#
#   training/scripts/unet-parity.sh            # from the repository root; fixtures go to $OUT (default: out/)
#
# Afterwards copy $OUT/unet-twin-*.safetensors into ensemble/src/test/resources/parity/ and run
#   mvn -B -o test -pl ensemble -am -Dtest=UnetTwinParityTest -Dsurefire.failIfNoSpecifiedTests=false
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
OUT="${OUT:-out}"
mkdir -p "$OUT"
python3 -c "import torch, numpy; print('torch', torch.__version__, 'numpy', numpy.__version__)"
# The ACDiT twin's tests and the U-Net's (the U-Net fixtures' check skips until they exist). A failure is
# reported at the end but does not stop the fixtures from being written.
status=0
python3 -m pytest -q training/ 2>&1 | tee "$OUT/pytest-before.txt" || status=1
python3 -m training.parity --only unet --out "$OUT" | tee "$OUT/parity.txt"
# The fixtures in place, as the Java test will read them, then the twin's own check of them.
mkdir -p ensemble/src/test/resources/parity
cp "$OUT"/unet-twin-model.safetensors "$OUT"/unet-twin-case.safetensors ensemble/src/test/resources/parity/
python3 -m pytest -q training/test_unet.py 2>&1 | tee "$OUT/pytest-after.txt" || status=1
ls -l "$OUT"
exit $status
