"""The ACDiT network, a twin of dev.tessera.generation.acdit.model.AcditNetwork.

Module names give Tessera's parameter names directly (``layers.0.attn.qkv.weight``, ``final.adaln.bias``)
and Linear weights are [out, in] as in the Java Dense, so ``state_dict()`` is the model file's tensors.
The Java network splits attention by query stream; here both streams go through the layer side by side
([clean ; noisy] in one sequence under the Skip-Causal mask), which is the same arithmetic in fewer
kernels. docs/acdit.md describes the model.
"""
import json
import math
from dataclasses import dataclass, fields

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

CHANNELS = 3
TIME_FREQUENCIES = 256
NORM_EPSILON = 1e-6
KNOWN_STYLES = ("GOOGLE", "TWITTER")
# What pruning can take from a layer (LayerPart in Java, in its order): a pruned config lists them under "removed".
LAYER_PARTS = ("LAYER", "ATTENTION", "MLP", "ADALN")


@dataclass(frozen=True)
class AcditConfig:
    """The "acdit" keys of a training config, plus the styles; stored as ``tessera.config``."""
    imageSize: int
    patchSize: int
    blockSide: int
    width: int
    depth: int
    heads: int
    mlpRatio: int
    promptDim: int
    ropeBase: float
    styles: tuple
    frames: int = 1
    framesPerBlock: int = 1
    removed: tuple = ()

    KIND = "acdit"

    def __post_init__(self):
        for name in ("imageSize", "patchSize", "blockSide", "width", "depth", "heads", "mlpRatio", "promptDim",
                     "frames", "framesPerBlock"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"acdit.{name} must be a positive integer, was {value!r}")
        if self.imageSize % self.patchSize:
            raise ValueError(f"patch size {self.patchSize} does not divide the image size {self.imageSize}")
        if (self.imageSize // self.patchSize) % self.blockSide:
            raise ValueError(f"block side {self.blockSide} tokens does not divide the token grid side "
                             f"{self.imageSize // self.patchSize}")
        if self.frames % self.framesPerBlock:
            raise ValueError(f"framesPerBlock {self.framesPerBlock} does not divide the {self.frames} frames")
        if self.frames > 1 and self.blockSide != self.imageSize // self.patchSize:
            raise ValueError(f"a video block is whole frames: blockSide must be the token grid side "
                             f"{self.imageSize // self.patchSize}, was {self.blockSide}")
        multiple = 16 if self.frames > 1 else 4
        if self.width % self.heads or (self.width // self.heads) % multiple:
            raise ValueError(f"width {self.width} / heads {self.heads} must give a head dimension divisible by "
                             + ("16 (3-D RoPE)" if self.frames > 1 else "4 (2-D RoPE)"))
        if self.width % 4:
            raise ValueError(f"width {self.width} must be a multiple of 4 for 2-D position embeddings")
        if not (isinstance(self.ropeBase, (int, float)) and math.isfinite(self.ropeBase) and self.ropeBase > 1):
            raise ValueError(f"acdit.ropeBase must be a finite number > 1, was {self.ropeBase!r}")
        styles = tuple(str(s).upper() for s in self.styles)
        unknown = [s for s in styles if s not in KNOWN_STYLES]
        if not styles or unknown or len(set(styles)) != len(styles):
            raise ValueError(f"styles must be non-empty, distinct and among {list(KNOWN_STYLES)}, were {list(self.styles)}")
        object.__setattr__(self, "styles", styles)
        object.__setattr__(self, "ropeBase", float(self.ropeBase))
        object.__setattr__(self, "removed", canonical_removed(self.removed, self.depth))

    @staticmethod
    def from_run_config(acdit, styles):
        """From a training config's "acdit" object and "styles" list; unknown keys are errors, and the frame
        keys default to 1 (an image model)."""
        names = [f.name for f in fields(AcditConfig) if f.name != "styles"]
        optional = ("frames", "framesPerBlock", "removed")
        unknown = sorted(set(acdit) - set(names))
        missing = [n for n in names if n not in acdit and n not in optional]
        if unknown or missing:
            raise ValueError(f"acdit: unknown keys {unknown}, missing keys {missing}")
        return AcditConfig(styles=tuple(styles), **{n: acdit[n] for n in names if n in acdit})

    @staticmethod
    def from_json(text):
        """From a model file's ``tessera.config``."""
        values = json.loads(text)
        styles = values.pop("styles", None)
        if styles is None:
            raise ValueError("tessera.config has no 'styles'")
        return AcditConfig.from_run_config(values, styles)

    def to_json(self):
        """As the Java record serialises: fields in declaration order, compact, the frame fields only for video,
        ``removed`` only for a pruned model."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values["styles"] = list(self.styles)
        for name in ("frames", "framesPerBlock"):
            if values[name] == 1:
                del values[name]
        if self.removed:
            values["removed"] = [{"layer": layer, "part": part} for layer, part in self.removed]
        else:
            del values["removed"]
        return json.dumps(values, separators=(",", ":"))

    def keeps(self, layer, part):
        """Whether layer ``layer`` still has ``part`` (a removed layer has none of its parts)."""
        return (layer, "LAYER") not in self.removed and (layer, part) not in self.removed

    @property
    def kept_layers(self):
        return [layer for layer in range(self.depth) if self.keeps(layer, "LAYER")]

    @property
    def is_video(self):
        return self.frames > 1

    @property
    def head_dim(self):
        return self.width // self.heads

    @property
    def patch_floats(self):
        return self.patchSize * self.patchSize * CHANNELS

    @property
    def layout(self):
        return BlockLayout(self.imageSize, self.patchSize, self.blockSide, self.frames, self.framesPerBlock)

    @property
    def block_count(self):
        """Timesteps per training example: one per block."""
        return self.layout.block_count

    def images_to_inputs(self, images):
        """HWC images (clips) -> the network's input: patch tokens in block order."""
        return self.layout.images_to_tokens(images)

    def replace(self, **changes):
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return AcditConfig(**values)


def canonical_removed(parts, depth):
    """``removed`` as sorted (layer, part) pairs, checked as AcditConfig.canonical checks it in Java: layers in
    range, each part once, a removed layer listed alone, attention and MLP of one layer not both removed."""
    pairs = []
    for part in parts:
        layer, name = (part["layer"], part["part"]) if isinstance(part, dict) else part
        if not isinstance(layer, int) or isinstance(layer, bool) or not 0 <= layer < depth or name not in LAYER_PARTS:
            raise ValueError(f"removed part {part!r}: needs a layer in 0..{depth - 1} and a part among {LAYER_PARTS}")
        if (layer, name) in pairs:
            raise ValueError(f"layer {layer} {name} is listed as removed twice")
        pairs.append((layer, name))
    for layer in {layer for layer, _ in pairs}:
        names = {name for l, name in pairs if l == layer}
        if "LAYER" in names and len(names) > 1:
            raise ValueError(f"layer {layer} is removed whole, so none of its parts can be listed too: {sorted(names)}")
        if {"ATTENTION", "MLP"} <= names:
            raise ValueError(f"layer {layer} loses both attention and MLP: remove the whole layer instead")
    return tuple(sorted(pairs, key=lambda p: (p[0], LAYER_PARTS.index(p[1]))))


@dataclass(frozen=True)
class BlockLayout:
    """Tokens in block order: blocks in raster order, tokens inside a block in raster order; a clip's blocks are
    framesPerBlock whole frames, each frame in raster order (BlockLayout)."""
    imageSize: int
    patchSize: int
    blockSide: int
    frames: int = 1
    framesPerBlock: int = 1

    @property
    def is_video(self):
        return self.frames > 1

    @property
    def grid(self):
        return self.imageSize // self.patchSize

    @property
    def blocks_per_side(self):
        return self.grid // self.blockSide

    @property
    def block_count(self):
        return self.frames // self.framesPerBlock * self.blocks_per_side ** 2

    @property
    def tokens_per_block(self):
        return self.blockSide ** 2 * self.framesPerBlock

    @property
    def tokens_per_frame(self):
        return self.grid ** 2

    @property
    def token_count(self):
        return self.grid ** 2 * self.frames

    def frame(self, token):
        block, inside = divmod(token, self.tokens_per_block)
        return block // self.blocks_per_side ** 2 * self.framesPerBlock + inside // self.blockSide ** 2

    def row(self, token):
        block, inside = divmod(token, self.tokens_per_block)
        square = inside % self.blockSide ** 2
        return (block % self.blocks_per_side ** 2 // self.blocks_per_side) * self.blockSide + square // self.blockSide

    def col(self, token):
        block, inside = divmod(token, self.tokens_per_block)
        square = inside % self.blockSide ** 2
        return (block % self.blocks_per_side ** 2 % self.blocks_per_side) * self.blockSide + square % self.blockSide

    def images_to_tokens(self, images):
        """HWC images [N, S, S, 3] (clips: [N, F, S, S, 3]), any dtype -> tokens [N, L, p*p*3] in block order,
        as PatchTokens."""
        n = images.shape[0]
        if self.is_video:
            g, p = self.grid, self.patchSize
            x = images.reshape(n, self.frames, g, p, g, p, CHANNELS).permute(0, 1, 2, 4, 3, 5, 6)
            return x.reshape(n, self.token_count, p * p * CHANNELS)
        p, bs, bps = self.patchSize, self.blockSide, self.blocks_per_side
        x = images.reshape(n, bps, bs, p, bps, bs, p, CHANNELS)
        # (block row, block col, row in block, col in block, dy, dx, channel)
        x = x.permute(0, 1, 4, 2, 5, 3, 6, 7)
        return x.reshape(n, self.token_count, p * p * CHANNELS)

    def tokens_to_images(self, tokens):
        """The inverse of images_to_tokens."""
        n = tokens.shape[0]
        if self.is_video:
            g, p = self.grid, self.patchSize
            x = tokens.reshape(n, self.frames, g, g, p, p, CHANNELS).permute(0, 1, 2, 4, 3, 5, 6)
            return x.reshape(n, self.frames, self.imageSize, self.imageSize, CHANNELS)
        p, bs, bps = self.patchSize, self.blockSide, self.blocks_per_side
        x = tokens.reshape(n, bps, bps, bs, bs, p, p, CHANNELS).permute(0, 1, 3, 5, 2, 4, 6, 7)
        return x.reshape(n, self.imageSize, self.imageSize, CHANNELS)

    def skip_causal_mask(self):
        """[2L, 2L] bool, True where query may attend key, over [clean ; noisy] (SkipCausalMask)."""
        n = self.token_count
        block = torch.arange(n) // self.tokens_per_block
        q, k = block[:, None], block[None, :]
        clean_rows = torch.cat([k <= q, torch.zeros(n, n, dtype=torch.bool)], dim=1)
        noisy_rows = torch.cat([k < q, k == q], dim=1)
        return torch.cat([clean_rows, noisy_rows], dim=0)


def absolute_positions(layout, width):
    """DiT's fixed 2-D sine-cosine embedding [L, width]: sin, cos of the row, then of the column; a clip's tokens
    also get sin, cos of the frame over the whole width, added (AbsolutePositions)."""
    quarter = width // 4
    omega = np.power(10000.0, -np.arange(quarter, dtype=np.float64) / quarter)
    table = np.zeros((layout.token_count, width), dtype=np.float64)
    for i in range(layout.token_count):
        for offset, position in ((0, layout.row(i)), (2 * quarter, layout.col(i))):
            table[i, offset:offset + quarter] = np.sin(position * omega)
            table[i, offset + quarter:offset + 2 * quarter] = np.cos(position * omega)
    table = table.astype(np.float32)
    if layout.is_video:
        half = width // 2
        frame_omega = np.power(10000.0, -np.arange(half, dtype=np.float64) / half)
        for i in range(layout.token_count):
            angle = layout.frame(i) * frame_omega
            table[i, :half] += np.sin(angle).astype(np.float32)
            table[i, half:] += np.cos(angle).astype(np.float32)
    return torch.from_numpy(table)


def rope_sections(head_dim, video):
    """Head dimensions per RoPE axis (RopeNd.sections): halves for (row, col); 1/4, 3/8, 3/8 for (frame, row, col)."""
    return [head_dim // 4, 3 * head_dim // 8, 3 * head_dim // 8] if video else [head_dim // 2, head_dim // 2]


def rope_tables(layout, head_dim, base):
    """cos, sin [L, head_dim] of RoPE (RopeNd): one section of the head per axis, each turning with its position;
    (row, col) for an image, (frame, row, col) for a clip."""
    sections = rope_sections(head_dim, layout.is_video)
    cos = np.zeros((layout.token_count, head_dim), dtype=np.float64)
    sin = np.zeros_like(cos)
    for i in range(layout.token_count):
        positions = (layout.frame(i), layout.row(i), layout.col(i)) if layout.is_video else (layout.row(i), layout.col(i))
        start = 0
        for size, position in zip(sections, positions):
            pairs = size // 2
            angle = position * np.power(base, -np.arange(pairs, dtype=np.float64) / pairs)
            for first in (start, start + pairs):
                cos[i, first:first + pairs] = np.cos(angle)
                sin[i, first:first + pairs] = np.sin(angle)
            start += size
    return torch.from_numpy(cos.astype(np.float32)), torch.from_numpy(sin.astype(np.float32))


def rotate_half(x, sections):
    """Within each section of the head dimension, (a, b) -> (-b, a): RopeNd's rotation matrix."""
    parts = []
    for section in x.split(sections, dim=-1):
        a, b = section.chunk(2, dim=-1)
        parts += [-b, a]
    return torch.cat(parts, dim=-1)


def rms_norm(x, weight=None):
    """x / sqrt(mean(x^2) + 1e-6) over the last axis, in fp32 whatever the autocast dtype."""
    dtype = x.dtype
    x = x.float()
    x = x / torch.sqrt(x.square().mean(dim=-1, keepdim=True) + NORM_EPSILON)
    if weight is not None:
        x = x * weight
    return x.to(dtype)


class RmsNorm(nn.Module):
    """RMSNorm with a learned scale (RmsNorm.create); the plain one is rms_norm(x)."""

    def __init__(self, dim):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        return rms_norm(x, self.weight)


def modulate(x, shift, scale, tokens_per_block):
    """x * (1 + scale) + shift per block: x [B, K*T, D], shift/scale [B, K, 1, D]."""
    b, length, d = x.shape
    x = x.reshape(b, length // tokens_per_block, tokens_per_block, d)
    return (x * (scale + 1) + shift).reshape(b, length, d)


def gate(x, g, tokens_per_block):
    b, length, d = x.shape
    return (x.reshape(b, length // tokens_per_block, tokens_per_block, d) * g).reshape(b, length, d)


def skip_causal_block_mask(token_count, tokens_per_block, device):
    """The Skip-Causal rule of BlockLayout.skip_causal_mask as a FlexAttention block mask: key blocks a query block
    may not see are skipped, not computed and masked. Needs torch.nn.attention.flex_attention (PyTorch 2.5+)."""
    from torch.nn.attention.flex_attention import create_block_mask

    def allowed(_b, _h, q, k):
        qb, kb = (q % token_count) // tokens_per_block, (k % token_count) // tokens_per_block
        q_noisy, k_noisy = q >= token_count, k >= token_count
        clean_row = ~q_noisy & ~k_noisy & (kb <= qb)
        noisy_row = q_noisy & ((~k_noisy & (kb < qb)) | (k_noisy & (kb == qb)))
        return clean_row | noisy_row

    length = 2 * token_count
    return create_block_mask(allowed, B=None, H=None, Q_LEN=length, KV_LEN=length, device=device)


def attention(q, k, v, mask):
    """softmax(q k^T / sqrt(d) + bias) v with bias -inf where mask is False; mask is a bool tensor or a
    FlexAttention block mask (the same rule, for long sequences on CUDA)."""
    if not isinstance(mask, torch.Tensor):
        from torch.nn.attention.flex_attention import flex_attention
        return flex_attention(q, k, v, block_mask=mask)
    if hasattr(F, "scaled_dot_product_attention"):
        return F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
    scores = q @ k.transpose(-2, -1) * (1.0 / math.sqrt(q.shape[-1]))
    scores = scores.masked_fill(~mask, float("-inf"))
    return scores.softmax(dim=-1) @ v


class TimestepEmbedding(nn.Module):
    """256 sinusoids (cos, sin; max period 10000) then Linear-SiLU-Linear."""

    def __init__(self, width):
        super().__init__()
        self.fc1 = nn.Linear(TIME_FREQUENCIES, width)
        self.fc2 = nn.Linear(width, width)
        half = TIME_FREQUENCIES // 2
        frequencies = np.exp(-math.log(10000) * np.arange(half, dtype=np.float64) / half).astype(np.float32)
        self.register_buffer("frequencies", torch.from_numpy(frequencies), persistent=False)

    def forward(self, t):
        angles = t.float().unsqueeze(-1) * self.frequencies
        return self.fc2(F.silu(self.fc1(torch.cat([angles.cos(), angles.sin()], dim=-1))))


class ConditionEmbedding(nn.Module):
    """Linear(prompt * sqrt(dim)) + style embedding, or the learned null vector where the condition is dropped."""

    def __init__(self, config):
        super().__init__()
        self.prompt = nn.Linear(config.promptDim, config.width)
        self.style = nn.Parameter(torch.zeros(len(config.styles), config.width))
        self.null = nn.Parameter(torch.zeros(config.width))
        self.gain = float(np.float32(math.sqrt(config.promptDim)))

    def forward(self, prompt, style, keep):
        """prompt [B, promptDim] unit vectors, style [B] indices, keep [B] bool -> [B, width]."""
        prompted = self.prompt(prompt * self.gain) + self.style[style]
        return torch.where(keep[:, None], prompted, self.null.to(prompted.dtype).expand_as(prompted))


class Attention(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.qkv = nn.Linear(config.width, 3 * config.width)
        self.q_norm = RmsNorm(config.head_dim)
        self.k_norm = RmsNorm(config.head_dim)
        self.proj = nn.Linear(config.width, config.width)


class Mlp(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.fc1 = nn.Linear(config.width, config.width * config.mlpRatio)
        self.fc2 = nn.Linear(config.width * config.mlpRatio, config.width)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))


class ConstantModulation(nn.Module):
    """A pruned layer's adaLN: the shift/scale/gate vector without the condition (only ``adaln.bias``)."""

    def __init__(self, size):
        super().__init__()
        self.bias = nn.Parameter(torch.zeros(size))

    def forward(self, condition):
        return self.bias.to(condition.dtype).reshape(1, 1, -1)


class AcditLayer(nn.Module):
    """One layer over [clean ; noisy]: clean tokens get learned-scale norms and plain residuals, noisy
    tokens a plain norm with adaLN-Zero shift/scale/gate from their block's condition (AcditLayer). A pruned
    layer lacks its attention or its MLP branch, or takes its modulation as a constant; the branches it has
    work as in the whole layer, their shift/scale/gate rows in branch order."""

    def __init__(self, config, index=0):
        super().__init__()
        self.width, self.heads, self.head_dim = config.width, config.heads, config.head_dim
        self.rope_sections = rope_sections(config.head_dim, config.is_video)
        self.has_attention = config.keeps(index, "ATTENTION")
        self.has_mlp = config.keeps(index, "MLP")
        # Registered in the whole layer's order, so a seeded random initialisation draws the same numbers.
        if self.has_attention:
            self.clean_norm1 = RmsNorm(config.width)
        if self.has_mlp:
            self.clean_norm2 = RmsNorm(config.width)
        if self.has_attention:
            self.attn = Attention(config)
        if self.has_mlp:
            self.mlp = Mlp(config)
        size = 3 * config.width * (int(self.has_attention) + int(self.has_mlp))
        self.adaln = nn.Linear(config.width, size) if config.keeps(index, "ADALN") else ConstantModulation(size)

    def forward(self, clean, noisy, condition, cos, sin, mask, tokens_per_block, clean_output):
        b, n, d = noisy.shape
        mods = self.adaln(condition)
        mods = mods.reshape(mods.shape[0], mods.shape[1], 1, -1).chunk(mods.shape[-1] // d, dim=-1)
        if self.has_attention:
            x = torch.cat([self.clean_norm1(clean), modulate(rms_norm(noisy), mods[0], mods[1], tokens_per_block)], 1)
            qkv = self.attn.qkv(x).reshape(b, 2 * n, 3, self.heads, self.head_dim).permute(2, 0, 3, 1, 4)
            q = self.attn.q_norm(qkv[0])
            k = self.attn.k_norm(qkv[1])
            cos, sin = cos.to(q.dtype), sin.to(q.dtype)
            q = q * cos + rotate_half(q, self.rope_sections) * sin
            k = k * cos + rotate_half(k, self.rope_sections) * sin
            out = attention(q, k, qkv[2], mask)
            out = self.attn.proj(out.transpose(1, 2).reshape(b, 2 * n, d))
            noisy = noisy + gate(out[:, n:], mods[2], tokens_per_block)
            clean = clean + out[:, :n]
            mods = mods[3:]
        if not self.has_mlp:
            return (clean if clean_output else None), noisy
        noisy_in = modulate(rms_norm(noisy), mods[0], mods[1], tokens_per_block)
        if not clean_output:
            return None, noisy + gate(self.mlp(noisy_in), mods[2], tokens_per_block)
        both = self.mlp(torch.cat([self.clean_norm2(clean), noisy_in], 1))
        return clean + both[:, :n], noisy + gate(both[:, n:], mods[2], tokens_per_block)


class FinalLayer(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.adaln = nn.Linear(config.width, 2 * config.width)
        self.out = nn.Linear(config.width, config.patch_floats)


class AcditNetwork(nn.Module):
    """Training forward pass: [clean ; noisy] over every token of the image, Skip-Causal mask, ε for the noisy half."""

    def __init__(self, config):
        super().__init__()
        self.config = config
        layout = config.layout
        self.tokens_per_block = layout.tokens_per_block
        self.patch_embed = nn.Linear(config.patch_floats, config.width)
        self.time = TimestepEmbedding(config.width)
        self.cond = ConditionEmbedding(config)
        # Keyed by layer index, so a pruned network's parameters keep their names (layers.5.*, no layers.6.*).
        self.layers = nn.ModuleDict({str(i): AcditLayer(config, i) for i in config.kept_layers})
        self.final = FinalLayer(config)
        cos, sin = rope_tables(layout, config.head_dim, config.ropeBase)
        self.register_buffer("positions", absolute_positions(layout, config.width), persistent=False)
        self.register_buffer("rope_cos", torch.cat([cos, cos]), persistent=False)
        self.register_buffer("rope_sin", torch.cat([sin, sin]), persistent=False)
        # uint8, not bool: DDP broadcasts buffers and gloo has no bool.
        self.register_buffer("mask", layout.skip_causal_mask().to(torch.uint8), persistent=False)
        self.block_mask = None
        initialise(self)

    def use_block_sparse_attention(self):
        """Attend through FlexAttention's block mask, which skips the key blocks the Skip-Causal rule hides
        (about half of them): worth it for long sequences (a clip's 2,048 tokens), and only compiled on CUDA."""
        layout = self.config.layout
        self.block_mask = skip_causal_block_mask(layout.token_count, layout.tokens_per_block, self.mask.device)

    def forward(self, noisy, clean, block_times, prompt, style, keep, features=False):
        """noisy, clean [B, L, p*p*3]; block_times [B, K]; prompt [B, promptDim]; style [B]; keep [B] bool.

        Returns ε [B, L, p*p*3] for the noisy tokens; with ``features``, also the noisy tokens' features after
        the last layer, before the output layer (what distillation compares).
        """
        t = self.tokens_per_block
        condition = F.silu(self.time(block_times) + self.cond(prompt, style, keep).unsqueeze(1))
        h = self.patch_embed(noisy) + self.positions
        c = self.patch_embed(clean) + self.positions
        mask = self.block_mask if self.block_mask is not None else self.mask.bool()
        for index, layer in enumerate(self.layers.values()):
            c, h = layer(c, h, condition, self.rope_cos, self.rope_sin, mask, t,
                         clean_output=index < len(self.layers) - 1)
        b, n, d = h.shape
        shift, scale = self.final.adaln(condition).reshape(b, n // t, 1, 2 * d).chunk(2, dim=-1)
        epsilon = self.final.out(modulate(rms_norm(h), shift, scale, t))
        return (epsilon, h) if features else epsilon


def initialise(network):
    """Tessera's initial weights (Dense.create, Dense.zeros, RmsNorm, ConditionEmbedding) from torch's generator."""
    zero_prefixes = ("final.", )
    for name, module in network.named_modules():
        if isinstance(module, nn.Linear):
            nn.init.zeros_(module.bias)
            if name.startswith(zero_prefixes) or name.endswith("adaln"):
                nn.init.zeros_(module.weight)
            else:
                nn.init.normal_(module.weight, std=1.0 / math.sqrt(module.in_features))
        elif isinstance(module, RmsNorm):
            nn.init.ones_(module.weight)
    nn.init.normal_(network.cond.style, std=1.0)
    nn.init.normal_(network.cond.null, std=0.02)


def model_state(network):
    """Name -> fp32 CPU tensor of every parameter: exactly the model file's tensors."""
    return {name: p.detach().float().cpu().contiguous() for name, p in network.named_parameters()}
