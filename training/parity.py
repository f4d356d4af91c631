"""Writes the parity fixtures the Java tests compare against (AcditTwinParityTest):

- ``acdit-twin-model.safetensors``: a small model of the real architecture (32x32, patch 4, 4 blocks of
  4x4 tokens, MiniLM's 384-float prompts, both styles) with every weight random (adaLN and output head
  included, which Tessera starts at zero), saved as an "acdit" model file;
- ``acdit-twin-case.safetensors``: one batch (clean tokens, noise, per-block timesteps, prompt vectors,
  styles, which conditions are kept), the noisy tokens, the twin's ε prediction for them and its loss;
- ``acdit-video-twin-model.safetensors`` and ``acdit-video-twin-case.safetensors``: the same for a tiny video
  model (4 frames of 16x16 in blocks of 2 frames, 3-D RoPE, frame positions);
- ``motion-twin-case.safetensors``: random sprites, one path of each motion (drawn by training/motion.py) and
  the frames the twin renders for them, which MotionRendererParityTest renders again in Java;
- ``unet-twin-model.safetensors`` and ``unet-twin-case.safetensors`` (written with ``--only unet`` into
  ``ensemble/src/test/resources/parity``, where UnetTwinParityTest reads them): a U-Net of the experts' real
  geometry (32x32, 3 levels, 2 ResBlocks a level, attention at 8 px, 384-float prompts, both styles) with every
  weight random (conv2, proj and conv_out included, which start at zero), one batch with kept and dropped
  conditions and timesteps from 0 to 999, the twin's ε and its loss;
- ``acdit-pruned-twin-model.safetensors`` and ``acdit-pruned-twin-case.safetensors`` (with ``--only pruned``): the
  image fixture's geometry at depth 4 with one part of each kind pruned away (layer 0's MLP, layer 1's attention
  and adaLN, layer 2 whole), every weight random, the same batch, the twin's ε and loss;
- ``int4-twin-case.safetensors`` (with ``--only int4``, into ``compression/src/test/resources/parity``, where
  Int4TwinParityTest reads it): a weight matrix with the groups real layers have (all zero, all positive, one
  outlier) and the values training/int4.py rounds it to, symmetric in groups of 32 and asymmetric in groups of 64
  with F16 steps, which Int4Quantizer must give exactly;
- ``afa-twin-expert-{0,1}.safetensors``, ``afa-twin-ensemble.safetensors`` and ``afa-twin-case.safetensors`` (with
  ``--only afa``, beside the U-Net's, for AfaTwinParityTest): two small U-Nets of the same geometry at 8 channels
  with every weight random, an ensemble file naming them with a random aggregator (zero-initialised logits
  included), the U-Net batch, the ensemble's ε and its loss.

    python3 -m training.parity [--out generation/src/test/resources/parity] [--only image,video,motion]
    python3 -m training.parity --only unet --out ensemble/src/test/resources/parity
    python3 -m training.parity --only afa --out ensemble/src/test/resources/parity
    python3 -m training.parity --only int4 --out compression/src/test/resources/parity

Everything is FP32 on the CPU, so the Java forward pass must match to 1e-4.
"""
import argparse
import os

import numpy as np
import torch

from training import afa, checkpoint, int4, motion, safetensors_io
from training.model import AcditConfig, AcditNetwork, model_state
from training.objective import alpha_bar, diffusion_loss
from training.unet import UnetConfig, UnetNetwork, unet_loss

DEFAULT_OUT = os.path.join("generation", "src", "test", "resources", "parity")
UNET_OUT = os.path.join("ensemble", "src", "test", "resources", "parity")
INT4_OUT = os.path.join("compression", "src", "test", "resources", "parity")
INT4_CASE_FILE = "int4-twin-case.safetensors"
PRUNED_MODEL_FILE = "acdit-pruned-twin-model.safetensors"
PRUNED_CASE_FILE = "acdit-pruned-twin-case.safetensors"
UNET_MODEL_FILE = "unet-twin-model.safetensors"
UNET_CASE_FILE = "unet-twin-case.safetensors"
AFA_EXPERT_FILES = ("afa-twin-expert-0.safetensors", "afa-twin-expert-1.safetensors")
AFA_ENSEMBLE_FILE = "afa-twin-ensemble.safetensors"
AFA_CASE_FILE = "afa-twin-case.safetensors"
MODEL_FILE = "acdit-twin-model.safetensors"
CASE_FILE = "acdit-twin-case.safetensors"
VIDEO_MODEL_FILE = "acdit-video-twin-model.safetensors"
VIDEO_CASE_FILE = "acdit-video-twin-case.safetensors"
MOTION_CASE_FILE = "motion-twin-case.safetensors"
SEED = 20261204
CONFIG = AcditConfig(imageSize=32, patchSize=4, blockSide=4, width=32, depth=2, heads=2, mlpRatio=4,
                     promptDim=384, ropeBase=100.0, styles=("GOOGLE", "TWITTER"))
# Timesteps per (item, block): both ends of the schedule, the min-SNR knee (SNR = 1 near t = 240) and between.
TIMESTEPS = [[0, 999, 240, 500], [17, 123, 640, 998], [300, 301, 5, 870], [999, 0, 999, 0]]
STYLES = [0, 1, 1, 0]
KEEP = [True, True, False, True]
VIDEO_CONFIG = CONFIG.replace(imageSize=16, frames=4, framesPerBlock=2)
PRUNED_CONFIG = CONFIG.replace(depth=4, removed=((0, "MLP"), (1, "ATTENTION"), (1, "ADALN"), (2, "LAYER")))
VIDEO_TIMESTEPS = [[999, 240], [17, 640], [300, 0]]
VIDEO_STYLES = [1, 0, 1]
VIDEO_KEEP = [True, False, True]
MOTION_FRAMES, MOTION_SIZE, SPRITE_SIDE = 6, 32, 16
# The experts' architecture (configs/unet/unet-base.json), and the fixture's: the same geometry (32x32, three
# levels, attention at 8x8, 384-float prompts, both styles) at half the channels and one ResBlock a level, so the
# fixture stays small (1.4 MB, not 7.3).
EXPERT_CONFIG = UnetConfig(imageSize=32, channels=32, channelMultipliers=(1, 2, 2), resBlocks=2,
                           attentionResolutions=(8,), groups=8, heads=4, promptDim=384, styles=("GOOGLE", "TWITTER"))
UNET_CONFIG = EXPERT_CONFIG.replace(channels=16, resBlocks=1)
UNET_TIMESTEPS = [0, 999, 240, 500, 17]
UNET_STYLES = [0, 1, 1, 0, 1]
UNET_KEEP = [True, True, False, True, False]
# The AFA fixture's experts: the parity U-Net's geometry at 8 channels (about 0.3 MB a file), and its aggregator.
AFA_EXPERT_CONFIG = UNET_CONFIG.replace(channels=8, groups=4, heads=2)
AFA_WIDTH = 8


def random_network(config, seed):
    """A network whose every parameter is random and of a size that keeps activations near unit scale."""
    torch.manual_seed(seed)
    network = (UnetNetwork if isinstance(config, UnetConfig) else AcditNetwork)(config)
    randomise(network)
    return network


def randomise(network):
    """Every parameter random, at a size that keeps activations near unit scale (the aggregator's too)."""
    with torch.no_grad():
        for name, p in network.named_parameters():
            if name.endswith(".bias"):
                p.normal_(0, 0.1)
            elif p.dim() == 2 and name != "cond.style":
                p.normal_(0, 1.0 / np.sqrt(p.shape[1]))
            elif p.dim() == 4:  # a U-Net convolution [out, in, k, k], He-normal as Conv2d.create: after the last
                # GroupNorm and SiLU (mean square 0.36) conv_out then gives ε of rms about 0.85
                p.normal_(0, np.sqrt(2.0 / (p.shape[1] * p.shape[2] * p.shape[3])))
            elif name.endswith("norm1.weight") or name.endswith("norm2.weight") or name.endswith("_norm.weight") \
                    or name.endswith("norm.weight"):
                p.normal_(1.0, 0.1)
            else:
                p.normal_(0, 1.0)


def case(config, seed, timesteps=TIMESTEPS, styles=STYLES, keep=KEEP):
    """The fixed batch: random clean tokens in [-1, 1], Gaussian noise, unit prompt vectors."""
    g = torch.Generator().manual_seed(seed + 1)
    items = len(timesteps)
    shape = (items, config.layout.token_count, config.patch_floats)
    clean = torch.rand(shape, generator=g) * 2 - 1
    noise = torch.randn(shape, generator=g)
    prompt = torch.randn(items, config.promptDim, generator=g)
    prompt = prompt / prompt.norm(dim=1, keepdim=True)
    return dict(clean=clean, noise=noise, timesteps=torch.tensor(timesteps, dtype=torch.long), prompt=prompt,
                style=torch.tensor(styles, dtype=torch.long), keep=torch.tensor(keep))


def unet_case(seed, config=UNET_CONFIG):
    """The fixed U-Net batch: random CHW images in [-1, 1], Gaussian noise, unit prompt vectors."""
    g = torch.Generator().manual_seed(seed + 3)
    items = len(UNET_TIMESTEPS)
    shape = (items, 3, config.imageSize, config.imageSize)
    clean = torch.rand(shape, generator=g) * 2 - 1
    noise = torch.randn(shape, generator=g)
    prompt = torch.randn(items, config.promptDim, generator=g)
    prompt = prompt / prompt.norm(dim=1, keepdim=True)
    return dict(clean=clean, noise=noise, timesteps=torch.tensor(UNET_TIMESTEPS, dtype=torch.long), prompt=prompt,
                style=torch.tensor(UNET_STYLES, dtype=torch.long), keep=torch.tensor(UNET_KEEP))


def unet_expected(network, inputs):
    """The noisy images, the twin's ε for them and its loss, in FP32 (UnetLoss noises as LinearNoiseSchedule.addNoise)."""
    ab = alpha_bar()[inputs["timesteps"]]
    noisy = (ab.sqrt().float()[:, None, None, None] * inputs["clean"]
             + (1 - ab).sqrt().float()[:, None, None, None] * inputs["noise"])
    with torch.no_grad():
        predicted = network(noisy, inputs["timesteps"].float(), inputs["prompt"], inputs["style"], inputs["keep"])
        loss = unet_loss(network, inputs["clean"], inputs["noise"], inputs["timesteps"], inputs["prompt"],
                         inputs["style"], inputs["keep"], alpha_bar())
    return noisy, predicted, loss


def video_case(seed):
    return case(VIDEO_CONFIG, seed, VIDEO_TIMESTEPS, VIDEO_STYLES, VIDEO_KEEP)


def motion_case(seed):
    """Two random premultiplied sprites, one path of each motion (float64) and the frames rendered from them."""
    g = torch.Generator().manual_seed(seed + 2)
    alpha = (torch.rand(2, SPRITE_SIDE, SPRITE_SIDE, 1, generator=g) * 1.4 - 0.2).clamp(0, 1)
    colour = torch.rand(2, SPRITE_SIDE, SPRITE_SIDE, 3, generator=g) * alpha
    sprites = torch.round(torch.cat([colour, alpha], dim=3) * 255).to(torch.uint8)
    motions = torch.arange(len(motion.MOTIONS))
    u = torch.rand(len(motions), 16, generator=g, dtype=torch.float64)
    # Starts and phases that show the torus within the clip's frames: moving right from the right edge and left
    # from the left one (the sprite on both sides), a zoom in that restarts at frame 2 and a zoom out at frame 3.
    for name, index, value in (("RIGHT", 12, 0.97), ("LEFT", 12, 0.02), ("ZOOM_IN", 15, 0.9), ("ZOOM_OUT", 15, 0.88)):
        u[motion.MOTIONS.index(name), index] = value
    paths = motion.draw_paths(motions, u, MOTION_FRAMES, MOTION_SIZE, SPRITE_SIDE)
    which = motions % 2
    frames = motion.render(sprites[which].double() / 255, paths, MOTION_FRAMES, MOTION_SIZE)
    return dict(sprites=sprites, sprite_of_path=which.int(), motion=motions.int(), uniform=u, paths=paths,
                frames=frames.permute(0, 1, 4, 2, 3).contiguous().float())


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


def write_model_case(out, config, inputs, model_file, case_file, compute=expected,
                     note="the Java forward pass and loss must match to 1e-4"):
    """Writes a random network of ``config`` as a model file and ``inputs`` with what ``compute`` makes of them."""
    network = random_network(config, SEED)
    noisy, predicted, loss = compute(network, inputs)
    checkpoint.save_model(os.path.join(out, model_file), model_state(network), config,
                          dataset="random weights for the twin parity test (training/parity.py)", steps=0, seed=SEED,
                          git_commit="none")
    write_case(os.path.join(out, case_file), inputs, noisy, predicted, loss, note)
    return predicted, loss


def write_case(path, inputs, noisy, predicted, loss, note):
    """The batch, the noisy input, the twin's ε and loss, and a note for the Java test's reader."""
    tensors = {
        "clean": inputs["clean"], "noise": inputs["noise"], "noisy": noisy,
        "timesteps": inputs["timesteps"].int(), "prompt": inputs["prompt"], "style": inputs["style"].int(),
        "keep": inputs["keep"].to(torch.uint8), "expected_noise": predicted, "expected_loss": loss.reshape(1),
    }
    safetensors_io.write(path, tensors, {
        "tessera.parity.torch": torch.__version__,
        "tessera.parity.note": "written by training/parity.py; " + note,
    })


def write_afa(out):
    """Two random experts, an ensemble file over them with a random aggregator, and the U-Net batch with the
    ensemble's ε and loss (AfaTwinParityTest)."""
    provenance = dict(dataset="random weights for the twin parity test (training/parity.py)", steps=0, seed=SEED,
                      git_commit="none")
    expert_files = [os.path.join(out, name) for name in AFA_EXPERT_FILES]
    experts = []
    for index, path in enumerate(expert_files):
        expert = random_network(AFA_EXPERT_CONFIG, SEED + 10 + index)
        checkpoint.save_model(path, model_state(expert), AFA_EXPERT_CONFIG, **provenance)
        experts.append(expert)
    torch.manual_seed(SEED + 20)
    ensemble = afa.AfaNetwork(AFA_EXPERT_CONFIG, experts, AFA_WIDTH)
    randomise(ensemble)
    afa.save_ensemble(os.path.join(out, AFA_ENSEMBLE_FILE), dict(ensemble.named_parameters()), AFA_EXPERT_CONFIG,
                      expert_files, AFA_WIDTH, **provenance)
    inputs = unet_case(SEED, AFA_EXPERT_CONFIG)
    noisy, predicted, loss = unet_expected(ensemble, inputs)
    write_case(os.path.join(out, AFA_CASE_FILE), inputs, noisy, predicted, loss,
               "the Java AFA ensemble's forward pass and UnetLoss must match to 1e-4")
    return predicted, loss


def int4_case(seed):
    """A [48, 256] matrix of Gaussian weights with an all-zero stretch, an all-positive row half and an outlier, and
    what training/int4.py rounds it to."""
    g = torch.Generator().manual_seed(seed + 4)
    w = torch.randn(48, 256, generator=g) * 0.05
    w[0, :128] = 0
    w[1, :128] = 0.3 + w[1, :128].abs()
    w[3, 17] = 4.5
    return {"weight": w, "symmetric_g32": int4.quantize_dequantize(w, 32, "symmetric"),
            "asymmetric_g64": int4.quantize_dequantize(w, 64, "asymmetric")}


FIXTURES = ("image", "video", "motion", "pruned", "unet", "afa", "int4")
DEFAULT_FIXTURES = ("image", "video", "motion", "pruned")


def write(out, which=DEFAULT_FIXTURES):
    """Writes the chosen fixtures; returns the image (else the U-Net) case's ε and loss when it is among them."""
    os.makedirs(out, exist_ok=True)
    result = None
    if "unet" in which:
        result = write_model_case(out, UNET_CONFIG, unet_case(SEED), UNET_MODEL_FILE, UNET_CASE_FILE, unet_expected,
                                  "UnetNetwork.forward and UnetLoss must match to 1e-4")
    if "afa" in which:
        result = write_afa(out)
    if "int4" in which:
        safetensors_io.write(os.path.join(out, INT4_CASE_FILE), int4_case(SEED), {
            "tessera.parity.note": "written by training/parity.py; Int4Quantizer with F16 steps must dequantize "
                                   "'weight' to exactly these values"})
    if "image" in which:
        result = write_model_case(out, CONFIG, case(CONFIG, SEED), MODEL_FILE, CASE_FILE)
    if "pruned" in which:
        write_model_case(out, PRUNED_CONFIG, case(CONFIG, SEED), PRUNED_MODEL_FILE, PRUNED_CASE_FILE)
    if "video" in which:
        write_model_case(out, VIDEO_CONFIG, video_case(SEED), VIDEO_MODEL_FILE, VIDEO_CASE_FILE)
    if "motion" in which:
        clips = motion_case(SEED)
        safetensors_io.write(os.path.join(out, MOTION_CASE_FILE), clips, {
            "tessera.parity.path_fields": ",".join(motion.PATH_FIELDS),
            "tessera.parity.motions": ",".join(motion.MOTIONS),
            "tessera.parity.note": "written by training/parity.py; MotionPath.draw must make these paths from these "
                                   "uniforms, and MotionRenderer draw these frames, to 1e-4",
        })
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", help=f"folder (default: {DEFAULT_OUT}; with --only unet or afa: {UNET_OUT})")
    parser.add_argument("--only", default=",".join(DEFAULT_FIXTURES),
                        help="comma-separated fixtures to write: image, video, motion, pruned, unet, afa, int4 "
                             "(default: the ACDiT ones, image, video, motion, pruned; the U-Net's, AFA's and INT4's "
                             "live in other modules)")
    args = parser.parse_args()
    which = args.only.split(",")
    unknown = [w for w in which if w not in FIXTURES]
    if unknown:
        parser.error(f"unknown fixtures {unknown}; known: {', '.join(FIXTURES)}")
    out = args.out or (INT4_OUT if which == ["int4"] else UNET_OUT if set(which) <= {"unet", "afa"} else DEFAULT_OUT)
    result = write(out, which)
    print(f"wrote {', '.join(which)} fixtures to {out}"
          + (f": ε rms {result[0].square().mean().sqrt():.4f}, loss {result[1].item():.6f}" if result else ""))


if __name__ == "__main__":
    main()
