"""The training set exported by `./tessera data export-training-set` (TrainingSetExport in Java).

One gzipped safetensors file: the training split's images (uint8 HWC), every prompt text's MiniLM vector as
the Java encoder makes it (F16), which prompt texts belong to which image, each image's style, its base-emoji
group (what balanced batches draw by), category and subcategory. The twin never encodes text itself.
"""
import json

import numpy as np
import torch

from training import safetensors_io
from training.objective import CONDITION_DROPOUT

FORMAT = "tessera-training-set-1"
REQUIRED = ("pixels", "style", "group", "category", "subcategory", "prompt_offsets", "prompt_ids", "prompt_vectors")


class TrainingSetError(ValueError):
    pass


def read_export(path, expected_format, required, config, error):
    """The tensors and metadata of a Java export, checked for its format, its tensors and the prompt size."""
    tensors, metadata = safetensors_io.read(path)
    if metadata.get("tessera.format") != expected_format:
        raise error(f"{path}: not a Tessera export of this kind (format {metadata.get('tessera.format')!r}, "
                    f"expected {expected_format!r})")
    missing = [name for name in required if name not in tensors]
    if missing:
        raise error(f"{path}: missing tensors {missing}")
    width = tensors["prompt_vectors"].shape[1]
    if width != config.promptDim:
        raise error(f"{path}: prompt vectors have {width} floats, the model takes {config.promptDim}")
    return tensors, metadata


class PromptDraws:
    """Conditions drawn as TrainingExamples draws them, from an export's prompt_start, prompt_count, prompt_ids,
    prompt_vectors and style (per example: an image, or a motion pair)."""

    def conditions(self, indices, generator):
        """A random one of each example's prompt vectors, its style, and whether the condition is kept
        (dropped, prompt and style together, for CONDITION_DROPOUT of the items)."""
        device = self.prompt_vectors.device
        count = self.prompt_count[indices]
        pick = (torch.rand(len(indices), generator=generator, device=device, dtype=torch.float64) * count).long()
        ids = self.prompt_ids[self.prompt_start[indices] + torch.minimum(pick, count - 1)]
        keep = torch.rand(len(indices), generator=generator, device=device) >= CONDITION_DROPOUT
        return self.prompt_vectors[ids], self.style[indices], keep


class TrainingSet(PromptDraws):
    """The export as tensors on ``device``: tokens ready for the model, conditions ready to draw."""

    def __init__(self, path, config, device="cpu", data_styles=None):
        """``data_styles``: the styles whose images to keep (all of the model's when None), as a U-Net expert
        trains on one style while knowing both."""
        tensors, metadata = read_export(path, FORMAT, REQUIRED, config, TrainingSetError)
        self.metadata = metadata
        self.styles = json.loads(metadata["tessera.styles"])
        self.categories = json.loads(metadata["tessera.categories"])
        self.subcategories = json.loads(metadata["tessera.subcategories"])
        self.prompt_texts = json.loads(metadata["tessera.prompt_texts"])
        pixels = tensors["pixels"]
        n = pixels.shape[0]
        if pixels.shape[1:] != (config.imageSize, config.imageSize, 3):
            raise TrainingSetError(f"{path}: images are {pixels.shape[1:]}, the model takes "
                                   f"{config.imageSize}x{config.imageSize}x3")
        vectors = tensors["prompt_vectors"]
        offsets = tensors["prompt_offsets"].astype(np.int64)
        if offsets.shape != (n + 1,) or offsets[0] != 0 or offsets[-1] != len(tensors["prompt_ids"]) \
                or np.any(np.diff(offsets) <= 0):
            raise TrainingSetError(f"{path}: prompt_offsets must rise from 0 to the number of prompt ids, "
                                   "with at least one prompt per image")
        wanted = [s for s in self.styles if s not in config.styles]
        style_map = np.array([config.styles.index(s) if s in config.styles else -1 for s in self.styles])
        style = style_map[tensors["style"].astype(np.int64)]
        keep = style >= 0  # images of styles the model does not know are left out
        if data_styles is not None:
            chosen = np.array([s in data_styles for s in self.styles])
            keep &= chosen[tensors["style"].astype(np.int64)]
        if not keep.any():
            raise TrainingSetError(f"{path}: holds styles {self.styles}, none of the model's {list(config.styles)}")
        self.skipped_styles = wanted
        index = np.nonzero(keep)[0]
        images = torch.from_numpy(np.ascontiguousarray(pixels[index]))
        self.tokens = config.images_to_inputs(images.float() / 127.5 - 1).contiguous().to(device)
        self.style = torch.from_numpy(style[index]).to(device)
        self.group = torch.from_numpy(tensors["group"].astype(np.int64)[index])
        self.category = tensors["category"].astype(np.int64)[index]
        self.subcategory = tensors["subcategory"].astype(np.int64)[index]
        self.prompt_start = torch.from_numpy(offsets[:-1][index]).to(device)
        self.prompt_count = torch.from_numpy((offsets[1:] - offsets[:-1])[index]).to(device)
        self.prompt_ids = torch.from_numpy(tensors["prompt_ids"].astype(np.int64)).to(device)
        self.prompt_vectors = torch.from_numpy(vectors.astype(np.float32)).to(device)

    def __len__(self):
        return self.tokens.shape[0]

    def clean_tokens(self, indices, generator):
        """The images as the network reads them: ACDiT's tokens [B, L, p*p*3], the U-Net's CHW [B, 3, S, S]
        (the generator is for MotionSet, which draws its clips)."""
        return self.tokens[indices]
