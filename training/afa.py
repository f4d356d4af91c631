"""The AFA aggregator, a twin of dev.tessera.ensemble.afa.Aggregator, and the ensemble it trains (AfaEnsemble).

One small network per aggregation point of the experts' architecture (after conv_in, after each stage, on ε):
the N experts' features concatenated [B, N·C, H, W] → GroupNorm with N groups → 1×1 conv to ``width`` → FiLM
from the experts' mean SiLU(time + condition embedding) → SiLU → 1×1 conv to N logits (zero-initialised) →
softmax over the experts per pixel → Σᵢ wᵢ·fᵢ. Module names are the Java parameter names
(``point.<k>.{norm,in,film,logits}.{weight,bias}``), so ``named_parameters()`` is the ensemble file's tensors.
The experts are frozen and not registered as submodules: the network's parameters are the aggregator's only.
docs/ensemble.md describes the model and the file.
"""
import hashlib
import json
import math
import os
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F

from training import checkpoint, safetensors_io
from training.unet import UnetConfig, UnetNetwork, forward_mixed, group_norm, point_widths

KIND = "ensemble"
MAX_WIDTH = 1024  # AggregatorConfig.MAX_WIDTH
MAX_EXPERTS = 16  # EnsembleConfig.MAX_EXPERTS


@dataclass(frozen=True)
class AfaConfig:
    """An "afa" run's model: the experts' common architecture, the expert files (as the run config names them)
    and the aggregator's width. ``to_json`` is what a checkpoint records of the run's model."""
    architecture: UnetConfig
    experts: tuple
    width: int

    KIND = KIND

    def __post_init__(self):
        if not (isinstance(self.width, int) and 1 <= self.width <= MAX_WIDTH):
            raise ValueError(f"aggregator width must be between 1 and {MAX_WIDTH}, was {self.width!r}")
        if not 1 <= len(self.experts) <= MAX_EXPERTS:
            raise ValueError(f"an ensemble names 1 to {MAX_EXPERTS} experts, named {len(self.experts)}")

    def to_json(self):
        return json.dumps({"architecture": json.loads(self.architecture.to_json()), "experts": list(self.experts),
                           "aggregator": {"width": self.width}}, separators=(",", ":"))

    # What the data loader and the training loop read of a model config: the architecture's.
    @property
    def imageSize(self):
        return self.architecture.imageSize

    @property
    def promptDim(self):
        return self.architecture.promptDim

    @property
    def styles(self):
        return self.architecture.styles

    is_video = False
    block_count = 1

    def images_to_inputs(self, images):
        return self.architecture.images_to_inputs(images)


def sha256(path):
    """Lower-case hex SHA-256 of the file's bytes (FileDigests.sha256)."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _common(path, config, first_path, first):
    if first is not None and config != first:
        raise ValueError(f"{path}: experts of different architectures: {config} differs from "
                         f"{os.path.basename(first_path)}'s {first}")
    return config


def load_architecture(paths):
    """The experts' common architecture from their files' metadata (ExpertFiles.commonArchitecture): each must
    exist and be a U-Net of one architecture."""
    if not paths:
        raise ValueError("an ensemble needs at least one expert file")
    common = None
    for path in paths:
        if not os.path.isfile(path):
            raise ValueError(f"{path}: expert file not found")
        _, metadata = safetensors_io.read(path)
        if metadata.get("tessera.model") != UnetConfig.KIND:
            raise ValueError(f"{path}: is not a U-Net model (model kind: {metadata.get('tessera.model')})")
        common = _common(path, UnetConfig.from_json(metadata["tessera.config"]), paths[0], common)
    return common


def load_experts(paths):
    """The experts' common architecture and one frozen UnetNetwork per file (F16 files widen to F32); a file of
    another architecture is refused, naming it."""
    experts = []
    for path in paths:
        config, weights, _ = checkpoint.load_model(path, UnetConfig.KIND)
        _common(path, config, paths[0], experts[0].config if experts else None)
        network = UnetNetwork(config)
        network.load_state_dict(weights, strict=True)
        experts.append(network.requires_grad_(False).eval())
    return experts[0].config, experts


class PointAggregator(nn.Module):
    """The aggregator's network at one point (PointAggregator): weights [B, N, H, W] summing to one per pixel."""

    def __init__(self, experts, channels, embed_width, width):
        super().__init__()
        self.norm = group_norm(experts * channels, experts)
        self.add_module("in", nn.Conv2d(experts * channels, width, 1))  # "in" is a Python keyword
        self.film = nn.Linear(embed_width, 2 * width)
        self.logits = nn.Conv2d(width, experts, 1)

    def weights(self, features, conditioning):
        h = self._modules["in"](self.norm(torch.cat(features, dim=1)))
        scale, shift = self.film(conditioning)[:, :, None, None].chunk(2, dim=1)
        return self.logits(F.silu(h * (1 + scale) + shift)).softmax(dim=1)

    def forward(self, features, conditioning):
        w = self.weights(features, conditioning)
        mixed = features[0] * w[:, 0:1]
        for i in range(1, len(features)):
            mixed = mixed + features[i] * w[:, i:i + 1]
        return mixed


class AfaNetwork(nn.Module):
    """ε of the AFA ensemble (EnsembleNetwork with an Aggregator): the experts' features mixed at every point.
    Its parameters are the aggregator's; the experts ride along (moved with ``.to``) but never take gradients."""

    def __init__(self, architecture, experts, width):
        super().__init__()
        if not experts:
            raise ValueError("an aggregator needs at least one expert")
        object.__setattr__(self, "experts", list(experts))  # not submodules: not the aggregator's parameters
        for expert in self.experts:
            expert.requires_grad_(False)
        self.config = architecture
        self.point = nn.ModuleList(PointAggregator(len(experts), c, architecture.embed_width, width)
                                   for c in point_widths(architecture))
        initialise(self)

    def _apply(self, fn, *args, **kwargs):
        for expert in self.experts:
            expert._apply(fn, *args, **kwargs)
        return super()._apply(fn, *args, **kwargs)

    def mix(self, features, point, conditioning):
        return self.point[point](features, conditioning)

    def forward(self, x, t, prompt, style, keep):
        return forward_mixed(self.experts, self.mix, x, t, prompt, style, keep)


def initialise(network):
    """The Java initial distributions: GroupNorm 1 and 0, ``in`` He-normal (Conv2d.create), ``film`` N(0, 1/in)
    with a zero bias (Dense.create), ``logits`` zero (Conv2d.zeros): a fresh aggregator is feature averaging."""
    for point in network.point:
        nn.init.ones_(point.norm.weight)
        nn.init.zeros_(point.norm.bias)
        conv_in = point._modules["in"]
        nn.init.normal_(conv_in.weight, std=math.sqrt(2.0 / conv_in.in_channels))
        nn.init.zeros_(conv_in.bias)
        nn.init.normal_(point.film.weight, std=1.0 / math.sqrt(point.film.in_features))
        nn.init.zeros_(point.film.bias)
        nn.init.zeros_(point.logits.weight)
        nn.init.zeros_(point.logits.bias)


def ensemble_config_json(architecture, references, width):
    """EnsembleConfig as Jackson writes the record: architecture, experts [{file, sha256}], aggregator {width},
    in declaration order, compact."""
    return json.dumps({"architecture": json.loads(architecture.to_json()),
                       "experts": [{"file": file, "sha256": digest} for file, digest in references],
                       "aggregator": {"width": width}}, separators=(",", ":"))


def references(ensemble_file, expert_files, digests=None):
    """How an ensemble written to ``ensemble_file`` names its experts (ExpertFiles.references): each path relative
    to the ensemble file's folder, with '/', and its SHA-256 (given, as when the ensemble was assembled, or now)."""
    folder = os.path.dirname(os.path.abspath(ensemble_file))
    digests = digests or [sha256(path) for path in expert_files]
    return [(os.path.relpath(os.path.abspath(path), folder).replace(os.sep, "/"), digest)
            for path, digest in zip(expert_files, digests)]


def save_ensemble(path, weights, architecture, expert_files, width, digests=None, **provenance):
    """An ensemble file AfaEnsemble.load opens: the aggregator's tensors (F32), tessera.model "ensemble", the
    EnsembleConfig and provenance as checkpoint.save_model writes them (``provenance``: its keyword arguments)."""
    config = EnsembleFileConfig(ensemble_config_json(architecture, references(path, expert_files, digests), width))
    checkpoint.save_model(path, weights, config, **provenance)


@dataclass(frozen=True)
class EnsembleFileConfig:
    """A config that is already JSON, for checkpoint.save_model."""
    json_text: str

    KIND = KIND

    def to_json(self):
        return self.json_text


def load_ensemble(path):
    """(AfaNetwork with the file's aggregator weights, its config dict, metadata) of an ensemble file, its experts
    found relative to the file's folder and checked against their recorded SHA-256 (AfaEnsemble.load)."""
    tensors, metadata = safetensors_io.read(path)
    if metadata.get("tessera.model") != KIND:
        raise ValueError(f"{path}: is not an ensemble model (model kind: {metadata.get('tessera.model')})")
    config = json.loads(metadata["tessera.config"])
    folder = os.path.dirname(os.path.abspath(path))
    files = [os.path.join(folder, expert["file"]) for expert in config["experts"]]
    for expert, file in zip(config["experts"], files):
        found = sha256(file)
        if found != expert["sha256"]:
            raise ValueError(f"{path}: expert '{expert['file']}' has changed since the ensemble was made: expected "
                             f"SHA-256 {expert['sha256']}, found {found}")
    architecture, experts = load_experts(files)
    if architecture != UnetConfig.from_json(json.dumps(config["architecture"])):
        raise ValueError(f"{path}: the experts are not of the ensemble's architecture")
    network = AfaNetwork(architecture, experts, config["aggregator"]["width"])
    network.load_state_dict({name: torch.from_numpy(array.copy()) for name, array in tensors.items()}, strict=True)
    return network, config, metadata
