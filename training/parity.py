"""Writes the parity fixtures the Java tests compare against (AcditTwinParityTest):

- ``acdit-twin-model.safetensors``: a small model of the real architecture (32x32, patch 4, 4 blocks of
  4x4 tokens, MiniLM's 384-float prompts, both styles) with every weight random (adaLN and output head
  included, which Tessera starts at zero), saved as an "acdit" model file;
- ``acdit-twin-case.safetensors``: one batch (clean tokens, noise, per-block timesteps, prompt vectors,
  styles, which conditions are kept), the noisy tokens, the twin's ε prediction for them and its loss.

    python3 -m training.parity [--out generation/src/test/resources/parity]

Everything is FP32 on the CPU, so the Java forward pass must match to 1e-4.
"""
import argparse
import os

import numpy as np
import torch

from training import checkpoint, safetensors_io
from training.model import AcditConfig, AcditNetwork, model_state
from training.objective import alpha_bar, diffusion_loss

DEFAULT_OUT = os.path.join("generation", "src", "test", "resources", "parity")
MODEL_FILE = "acdit-twin-model.safetensors"
CASE_FILE = "acdit-twin-case.safetensors"
SEED = 20261204
CONFIG = AcditConfig(imageSize=32, patchSize=4, blockSide=4, width=32, depth=2, heads=2, mlpRatio=4,
                     promptDim=384, ropeBase=100.0, styles=("GOOGLE", "TWITTER"))
# Timesteps per (item, block): both ends of the schedule, the min-SNR knee (SNR = 1 near t = 240) and between.
TIMESTEPS = [[0, 999, 240, 500], [17, 123, 640, 998], [300, 301, 5, 870], [999, 0, 999, 0]]
STYLES = [0, 1, 1, 0]
KEEP = [True, True, False, True]


def random_network(config, seed):
    """A network whose every parameter is random and of a size that keeps activations near unit scale."""
    torch.manual_seed(seed)
    network = AcditNetwork(config)
    with torch.no_grad():
        for name, p in network.named_parameters():
            if name.endswith(".bias"):
                p.normal_(0, 0.1)
            elif p.dim() == 2 and name != "cond.style":
                p.normal_(0, 1.0 / np.sqrt(p.shape[1]))
            elif name.endswith("norm1.weight") or name.endswith("norm2.weight") or name.endswith("_norm.weight"):
                p.normal_(1.0, 0.1)
            else:
                p.normal_(0, 1.0)
    return network


def case(config, seed):
    """The fixed batch: random clean tokens in [-1, 1], Gaussian noise, unit prompt vectors."""
    g = torch.Generator().manual_seed(seed + 1)
    items = len(TIMESTEPS)
    shape = (items, config.layout.token_count, config.patch_floats)
    clean = torch.rand(shape, generator=g) * 2 - 1
    noise = torch.randn(shape, generator=g)
    prompt = torch.randn(items, config.promptDim, generator=g)
    prompt = prompt / prompt.norm(dim=1, keepdim=True)
    return dict(clean=clean, noise=noise, timesteps=torch.tensor(TIMESTEPS, dtype=torch.long), prompt=prompt,
                style=torch.tensor(STYLES, dtype=torch.long), keep=torch.tensor(KEEP))


def expected(network, inputs):
    """The noisy tokens, the twin's ε for them and its loss, in FP32."""
    bars = alpha_bar()
    t = inputs["timesteps"]
    items, blocks = t.shape
    shape = (items, blocks, -1, inputs["clean"].shape[-1])
    ab = bars[t]
    noisy = (ab.sqrt().float()[..., None, None] * inputs["clean"].reshape(shape)
             + (1 - ab).sqrt().float()[..., None, None] * inputs["noise"].reshape(shape)).reshape(inputs["clean"].shape)
    with torch.no_grad():
        predicted = network(noisy, inputs["clean"], t.float(), inputs["prompt"], inputs["style"], inputs["keep"])
        loss = diffusion_loss(network, inputs["clean"], inputs["noise"], t, inputs["prompt"], inputs["style"],
                              inputs["keep"], bars)
    return noisy, predicted, loss


def write(out):
    network = random_network(CONFIG, SEED)
    inputs = case(CONFIG, SEED)
    noisy, predicted, loss = expected(network, inputs)
    os.makedirs(out, exist_ok=True)
    checkpoint.save_model(os.path.join(out, MODEL_FILE), model_state(network), CONFIG,
                          dataset="random weights for the twin parity test (training/parity.py)", steps=0, seed=SEED,
                          git_commit="none")
    tensors = {
        "clean": inputs["clean"], "noise": inputs["noise"], "noisy": noisy,
        "timesteps": inputs["timesteps"].int(), "prompt": inputs["prompt"], "style": inputs["style"].int(),
        "keep": inputs["keep"].to(torch.uint8), "expected_noise": predicted, "expected_loss": loss.reshape(1),
    }
    safetensors_io.write(os.path.join(out, CASE_FILE), tensors, {
        "tessera.parity.torch": torch.__version__,
        "tessera.parity.note": "written by training/parity.py; the Java forward pass and loss must match to 1e-4",
    })
    return predicted, loss


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=DEFAULT_OUT)
    args = parser.parse_args()
    predicted, loss = write(args.out)
    print(f"wrote {args.out}/{MODEL_FILE} and {CASE_FILE}: ε rms {predicted.square().mean().sqrt():.4f}, "
          f"loss {loss.item():.6f}")


if __name__ == "__main__":
    main()
