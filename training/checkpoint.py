"""Checkpoints in the Java Checkpoint's layout, and model files that AcditModel.load opens.

A checkpoint holds ``param/<name>``, ``ema/<name>``, ``adam.m/<name>``, ``adam.v/<name>`` and
``train/loss_history`` (F32, one entry per step), with the step, the training config and the RNG state
(counter-based: seed and step) in the metadata, written atomically. ``split``/``join`` cut one into
files by prefix and put it back, for transports that limit the size of a file.
"""
import datetime
import json
import os
import sys

import numpy as np
import torch

from training import safetensors_io
from training.model import AcditConfig
from training.unet import UnetConfig

CONFIG_KINDS = {AcditConfig.KIND: AcditConfig, UnetConfig.KIND: UnetConfig}

PARAMS = "param/"
EMA = "ema/"
FIRST_MOMENT = "adam.m/"
SECOND_MOMENT = "adam.v/"
LOSS_HISTORY = "train/loss_history"
STEP_KEY = "tessera.train.step"
CONFIG_KEY = "tessera.train.config"
RNG_KEY = "tessera.train.rng"
MODEL_CONFIG_KEY = "tessera.train.model_config"
IMAGES_KEY = "tessera.train.images_seen"
SECONDS_KEY = "tessera.train.wall_seconds"
SKIPPED_KEY = "tessera.train.skipped_steps"
PREFIXES = (PARAMS, EMA, FIRST_MOMENT, SECOND_MOMENT)
# Java's Checkpoint compares every training field but these two when a run resumes.
FREE_FIELDS = ("checkpointEverySteps", "checkpointEveryMinutes")


def write(path, *, training, model_config, step, loss_history, params, ema, first, second, images_seen,
          wall_seconds, skipped=0):
    tensors = {}
    for prefix, values in ((PARAMS, params), (EMA, ema), (FIRST_MOMENT, first), (SECOND_MOMENT, second)):
        for name, tensor in values.items():
            tensors[prefix + name] = tensor.detach().float().cpu()
    tensors[LOSS_HISTORY] = np.asarray(loss_history, dtype=np.float32)
    metadata = {
        STEP_KEY: str(step),
        CONFIG_KEY: training.to_json(),
        RNG_KEY: f"counter-based seed={training.seed} step={step}",
        MODEL_CONFIG_KEY: model_config.to_json(),
        IMAGES_KEY: str(images_seen),
        SECONDS_KEY: repr(float(wall_seconds)),
        SKIPPED_KEY: str(skipped),
    }
    safetensors_io.write(path, tensors, metadata)


class Restored:
    def __init__(self, tensors, metadata):
        self.step = int(metadata[STEP_KEY])
        self.images_seen = int(metadata.get(IMAGES_KEY, "0"))
        self.wall_seconds = float(metadata.get(SECONDS_KEY, "0"))
        self.skipped = int(metadata.get(SKIPPED_KEY, "0"))
        self.loss_history = tensors[LOSS_HISTORY].astype(np.float32).tolist()
        self.groups = {prefix: {name[len(prefix):]: torch.from_numpy(array.copy())
                                for name, array in tensors.items() if name.startswith(prefix)}
                       for prefix in PREFIXES}


def read(path, training, model_config):
    """Reads a checkpoint of this run; a different run (other than the free fields) is an error naming the fields."""
    tensors, metadata = safetensors_io.read(path)
    if STEP_KEY not in metadata or CONFIG_KEY not in metadata:
        raise ValueError(f"{path}: not a Tessera checkpoint (no '{STEP_KEY}' or '{CONFIG_KEY}')")
    saved = json.loads(metadata[CONFIG_KEY])
    now = json.loads(training.to_json())
    differing = [f"{k} (checkpoint {saved.get(k)!r}, now {v!r})" for k, v in now.items()
                 if k not in FREE_FIELDS and saved.get(k) != v]
    if MODEL_CONFIG_KEY in metadata and metadata[MODEL_CONFIG_KEY] != model_config.to_json():
        differing.append(f"model (checkpoint {metadata[MODEL_CONFIG_KEY]}, now {model_config.to_json()})")
    if differing:
        raise ValueError(f"{path}: checkpoint does not fit this run: training config differs: " + ", ".join(differing))
    restored = Restored(tensors, metadata)
    if len(restored.loss_history) != restored.step:
        raise ValueError(f"{path}: '{LOSS_HISTORY}' must have one entry per step ({restored.step})")
    return restored


def save_model(path, weights, config, *, dataset, steps, seed, git_commit, metrics=None, extra=None):
    """A model file of the config's kind ("acdit" or "unet"): the weights (F32), tessera.config, tessera.model and
    the provenance."""
    metadata = {
        "tessera.config": config.to_json(),
        "tessera.model": config.KIND,
        "tessera.provenance.dataset": dataset,
        "tessera.provenance.steps": str(int(steps)),
        "tessera.provenance.seed": str(int(seed)),
        "tessera.provenance.date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "tessera.provenance.git_commit": git_commit,
    }
    for name, value in (metrics or {}).items():
        metadata["tessera.metric." + name] = repr(float(value))
    for key, value in (extra or {}).items():
        if key in metadata or key.startswith(("tessera.provenance.", "tessera.metric.")):
            raise ValueError(f"extra metadata must not use the reserved key '{key}'")
        metadata[key] = str(value)
    safetensors_io.write(path, {name: t.detach().float().cpu() for name, t in weights.items()}, metadata)


def load_model(path, kind=AcditConfig.KIND):
    """(config, weights by name, metadata) of a model file of ``kind`` ("acdit" or "unet")."""
    tensors, metadata = safetensors_io.read(path)
    if metadata.get("tessera.model") != kind:
        name = "an ACDiT" if kind == AcditConfig.KIND else "a U-Net"
        raise ValueError(f"{path}: is not {name} model (model kind: {metadata.get('tessera.model')})")
    config = CONFIG_KINDS[kind].from_json(metadata["tessera.config"])
    # Half-precision files (./tessera convert --to f16) widen to F32 here, as the Java loaders widen them.
    return config, {name: torch.from_numpy(array.astype("<f4") if array.dtype.kind == "f" and array.itemsize == 2
                                           else array.copy()) for name, array in tensors.items()}, metadata


def split(path, out_stem):
    """Writes <out_stem>.<part>.safetensors per prefix (param, ema, adam.m, adam.v; the loss history and the
    metadata go with param) so each file stays small."""
    tensors, metadata = safetensors_io.read(path)
    written = []
    for prefix in PREFIXES:
        part = {k: v for k, v in tensors.items() if k.startswith(prefix)}
        if prefix == PARAMS:
            part[LOSS_HISTORY] = tensors[LOSS_HISTORY]
        target = f"{out_stem}.{prefix.rstrip('/')}.safetensors"
        safetensors_io.write(target, part, metadata if prefix == PARAMS else {})
        written.append(target)
    return written


def join(out_stem, path):
    """The inverse of split."""
    tensors, metadata = {}, None
    for prefix in PREFIXES:
        part, meta = safetensors_io.read(f"{out_stem}.{prefix.rstrip('/')}.safetensors")
        tensors.update(part)
        if prefix == PARAMS:
            metadata = meta
    safetensors_io.write(path, tensors, metadata)


if __name__ == "__main__":
    usage = "usage: python3 -m training.checkpoint split <checkpoint> <out-stem> | join <stem> <checkpoint>"
    if len(sys.argv) != 4 or sys.argv[1] not in ("split", "join"):
        sys.exit(usage)
    if sys.argv[1] == "split":
        for f in split(sys.argv[2], sys.argv[3]):
            print(f, os.path.getsize(f))
    else:
        join(sys.argv[2], sys.argv[3])
        print(sys.argv[3], os.path.getsize(sys.argv[3]))
