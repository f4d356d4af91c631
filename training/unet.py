"""The U-Net expert, a twin of dev.tessera.ensemble.unet.UnetNetwork, and its loss (UnetLoss).

Module names give Tessera's parameter names directly (``down.0.res.1.film.weight``, ``mid.attn.qkv.bias``,
``up.2.res.0.skip.weight``), convolutions are [out, in, k, k] and Linear weights [out, in] as in the Java
Conv2d and Dense, so ``state_dict()`` is the model file's tensors. The time and condition embeddings are
ACDiT's (training/model.py). docs/ensemble.md describes the model.
"""
import json
import math
from dataclasses import dataclass, fields
from types import SimpleNamespace

import torch
import torch.nn as nn
import torch.nn.functional as F

from training.model import KNOWN_STYLES, ConditionEmbedding, TimestepEmbedding
from training.objective import min_snr_weight

CHANNELS = 3
EMBED_MULTIPLIER = 4
GROUP_NORM_EPSILON = 1e-5


@dataclass(frozen=True)
class UnetConfig:
    """The "unet" keys of a training config, plus the styles; stored as ``tessera.config`` (UnetConfig)."""
    imageSize: int
    channels: int
    channelMultipliers: tuple
    resBlocks: int
    attentionResolutions: tuple
    groups: int
    heads: int
    promptDim: int
    styles: tuple

    KIND = "unet"

    def __post_init__(self):
        for name in ("imageSize", "channels", "resBlocks", "groups", "heads", "promptDim"):
            value = getattr(self, name)
            if not _positive_int(value):
                raise ValueError(f"unet.{name} must be a positive integer, was {value!r}")
        multipliers = tuple(self.channelMultipliers)
        if not multipliers or not all(_positive_int(m) for m in multipliers):
            raise ValueError(f"channelMultipliers must be positive, one per level, were {list(multipliers)}")
        attention = tuple(self.attentionResolutions)
        if not all(_positive_int(r) for r in attention):
            raise ValueError(f"attentionResolutions must be positive integers, were {list(attention)}")
        object.__setattr__(self, "channelMultipliers", multipliers)
        object.__setattr__(self, "attentionResolutions", attention)
        levels = len(multipliers)
        if self.imageSize % (1 << (levels - 1)):
            raise ValueError(f"image size {self.imageSize} does not halve {levels - 1} times for {levels} levels")
        resolutions = [self.resolution(level) for level in range(levels)]
        for level in range(levels):
            if self.width(level) % self.groups:
                raise ValueError(f"{self.groups} groups do not divide level {level}'s {self.width(level)} channels")
        for resolution in attention:
            if resolution not in resolutions:
                raise ValueError(f"attention resolution {resolution} is none of the levels' {resolutions}")
        for level in range(levels):
            if (self.attends(level) or level == levels - 1) and self.width(level) % self.heads:
                raise ValueError(f"{self.heads} heads do not divide level {level}'s {self.width(level)} channels, "
                                 "which attend")
        styles = tuple(str(s).upper() for s in self.styles)
        unknown = [s for s in styles if s not in KNOWN_STYLES]
        if not styles or unknown or len(set(styles)) != len(styles):
            raise ValueError(f"styles must be non-empty, distinct and among {list(KNOWN_STYLES)}, were {list(self.styles)}")
        object.__setattr__(self, "styles", styles)

    @staticmethod
    def from_run_config(unet, styles):
        """From a training config's "unet" object and "styles" list; unknown and missing keys are errors."""
        names = [f.name for f in fields(UnetConfig) if f.name != "styles"]
        unknown = sorted(set(unet) - set(names))
        missing = [n for n in names if n not in unet]
        if unknown or missing:
            raise ValueError(f"unet: unknown keys {unknown}, missing keys {missing}")
        return UnetConfig(styles=tuple(styles), **{n: unet[n] for n in names})

    @staticmethod
    def from_json(text):
        """From a model file's ``tessera.config``."""
        values = json.loads(text)
        styles = values.pop("styles", None)
        if styles is None:
            raise ValueError("tessera.config has no 'styles'")
        return UnetConfig.from_run_config(values, styles)

    def to_json(self):
        """As the Java record serialises: fields in declaration order, compact."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        for name in ("channelMultipliers", "attentionResolutions", "styles"):
            values[name] = list(values[name])
        return json.dumps(values, separators=(",", ":"))

    @property
    def levels(self):
        return len(self.channelMultipliers)

    def width(self, level):
        return self.channels * self.channelMultipliers[level]

    def resolution(self, level):
        return self.imageSize >> level

    def attends(self, level):
        return self.resolution(level) in self.attentionResolutions

    @property
    def embed_width(self):
        return EMBED_MULTIPLIER * self.channels

    @property
    def is_video(self):
        return False

    @property
    def block_count(self):
        """One timestep per image: the whole image is one block of ACDiT's objective."""
        return 1

    def images_to_inputs(self, images):
        """HWC images [N, S, S, 3] -> the network's CHW input [N, 3, S, S]."""
        return images.permute(0, 3, 1, 2)

    def replace(self, **changes):
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return UnetConfig(**values)


def _positive_int(value):
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def group_norm(channels, groups):
    return nn.GroupNorm(groups, channels, eps=GROUP_NORM_EPSILON)


def conv(in_channels, out_channels, kernel, stride=1):
    """Same padding for odd kernels (Conv2d)."""
    return nn.Conv2d(in_channels, out_channels, kernel, stride=stride, padding=kernel // 2)


class ResBlock(nn.Module):
    """GroupNorm, SiLU, conv; FiLM (scale, shift) of the embedding on the second norm; SiLU, conv; plus the
    input (a 1x1 conv when the channels change)."""

    def __init__(self, in_channels, out_channels, embed_width, groups):
        super().__init__()
        self.norm1 = group_norm(in_channels, groups)
        self.conv1 = conv(in_channels, out_channels, 3)
        self.film = nn.Linear(embed_width, 2 * out_channels)
        self.norm2 = group_norm(out_channels, groups)
        self.conv2 = conv(out_channels, out_channels, 3)
        self.skip = conv(in_channels, out_channels, 1) if in_channels != out_channels else None

    def forward(self, x, embedding_silu):
        h = self.conv1(F.silu(self.norm1(x)))
        scale, shift = self.film(embedding_silu)[:, :, None, None].chunk(2, dim=1)
        h = self.conv2(F.silu(self.norm2(h) * (1 + scale) + shift))
        return (x if self.skip is None else self.skip(x)) + h


class SelfAttention(nn.Module):
    """x + proj(attention(qkv(norm(x)))) over the pixels, qkv and proj on each pixel's channels."""

    def __init__(self, channels, groups, heads):
        super().__init__()
        self.heads = heads
        self.norm = group_norm(channels, groups)
        self.qkv = nn.Linear(channels, 3 * channels)
        self.proj = nn.Linear(channels, channels)

    def forward(self, x):
        b, c, height, width = x.shape
        pixels = height * width
        tokens = self.norm(x).reshape(b, c, pixels).transpose(1, 2)
        q, k, v = self.qkv(tokens).reshape(b, pixels, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        if hasattr(F, "scaled_dot_product_attention"):
            out = F.scaled_dot_product_attention(q, k, v)
        else:
            out = (q @ k.transpose(-2, -1) * (1.0 / math.sqrt(c // self.heads))).softmax(dim=-1) @ v
        out = self.proj(out.transpose(1, 2).reshape(b, pixels, c))
        return x + out.transpose(1, 2).reshape(b, c, height, width)


class DownLevel(nn.Module):
    def __init__(self, res, attn, downsample):
        super().__init__()
        self.res = nn.ModuleList(res)
        self.attn = nn.ModuleList(attn)
        self.downsample = downsample


class UpLevel(nn.Module):
    def __init__(self, res, attn, upsample):
        super().__init__()
        self.res = nn.ModuleList(res)
        self.attn = nn.ModuleList(attn)
        self.upsample = upsample


class Middle(nn.Module):
    def __init__(self, width, embed_width, groups, heads):
        super().__init__()
        self.res1 = ResBlock(width, width, embed_width, groups)
        self.attn = SelfAttention(width, groups, heads)
        self.res2 = ResBlock(width, width, embed_width, groups)


class UnetNetwork(nn.Module):
    """ε for noisy CHW images at one timestep each, under a condition each (UnetNetwork.forward)."""

    def __init__(self, config):
        super().__init__()
        self.config = config
        embed, groups, heads = config.embed_width, config.groups, config.heads
        self.time = TimestepEmbedding(embed)
        self.cond = ConditionEmbedding(SimpleNamespace(promptDim=config.promptDim, width=embed, styles=config.styles))
        self.conv_in = conv(CHANNELS, config.channels, 3)
        skip_widths = [config.channels]
        width = config.channels
        down = []
        for level in range(config.levels):
            res, attn = [], []
            for _ in range(config.resBlocks):
                res.append(ResBlock(width, config.width(level), embed, groups))
                width = config.width(level)
                if config.attends(level):
                    attn.append(SelfAttention(width, groups, heads))
                skip_widths.append(width)
            downsample = None
            if level < config.levels - 1:
                downsample = conv(width, width, 3, stride=2)
                skip_widths.append(width)
            down.append(DownLevel(res, attn, downsample))
        self.down = nn.ModuleList(down)
        self.mid = Middle(width, embed, groups, heads)
        up = [None] * config.levels
        for level in reversed(range(config.levels)):
            res, attn = [], []
            for _ in range(config.resBlocks + 1):
                res.append(ResBlock(width + skip_widths.pop(), config.width(level), embed, groups))
                width = config.width(level)
                if config.attends(level):
                    attn.append(SelfAttention(width, groups, heads))
            up[level] = UpLevel(res, attn, conv(width, width, 3) if level > 0 else None)
        self.up = nn.ModuleList(up)
        self.out_norm = group_norm(width, groups)
        self.conv_out = conv(width, CHANNELS, 3)
        initialise(self)

    def forward(self, x, t, prompt, style, keep):
        """x [B, 3, S, S]; t [B] (float); prompt [B, promptDim]; style [B]; keep [B] bool -> ε [B, 3, S, S]."""
        embedding_silu = F.silu(self.time(t.reshape(-1)) + self.cond(prompt, style, keep))
        h = self.conv_in(x)
        skips = [h]
        for level in self.down:
            for index, res in enumerate(level.res):
                h = res(h, embedding_silu)
                if len(level.attn):
                    h = level.attn[index](h)
                skips.append(h)
            if level.downsample is not None:
                h = level.downsample(h)
                skips.append(h)
        h = self.mid.res2(self.mid.attn(self.mid.res1(h, embedding_silu)), embedding_silu)
        for level in reversed(self.up):
            for index, res in enumerate(level.res):
                h = res(torch.cat([h, skips.pop()], dim=1), embedding_silu)
                if len(level.attn):
                    h = level.attn[index](h)
            if level.upsample is not None:
                h = level.upsample(F.interpolate(h, scale_factor=2, mode="nearest"))
        return self.conv_out(F.silu(self.out_norm(h)))


class Stage:
    """One stage of the U-Net's pass (UnetStage): ``run(h, skip, embedding_silu)``; a down stage's output is kept
    as a skip (``stores_skip``), an up stage reads the latest one concatenated to its input (``reads_skip``)."""

    def __init__(self, run, stores_skip=False, reads_skip=False):
        self.run, self.stores_skip, self.reads_skip = run, stores_skip, reads_skip


def _attended(res, attn):
    return lambda h, skip, e: attn(res(h, e)) if attn is not None else res(h, e)


def stages(network):
    """The network's stages in the order of UnetNetwork's stage list: per level its down ResBlocks (each with its
    attention) and downsample, the middle, then per level from the lowest its up ResBlocks and upsample."""
    out = []
    for level in network.down:
        for index, res in enumerate(level.res):
            out.append(Stage(_attended(res, level.attn[index] if len(level.attn) else None), stores_skip=True))
        if level.downsample is not None:
            out.append(Stage(lambda h, skip, e, conv=level.downsample: conv(h), stores_skip=True))
    mid = network.mid
    out.append(Stage(lambda h, skip, e: mid.res2(mid.attn(mid.res1(h, e)), e)))
    for level in reversed(network.up):
        for index, res in enumerate(level.res):
            attended = _attended(res, level.attn[index] if len(level.attn) else None)
            out.append(Stage(lambda h, skip, e, f=attended: f(torch.cat([h, skip], dim=1), skip, e), reads_skip=True))
        if level.upsample is not None:
            out.append(Stage(lambda h, skip, e, conv=level.upsample: conv(F.interpolate(h, scale_factor=2,
                                                                                        mode="nearest"))))
    return out


def feature_mean(features, point=None, conditioning=None):
    """The plain mean of the experts' features (FeatureMixer.average): feature averaging."""
    if len(features) == 1:
        return features[0]
    total = features[0]
    for feature in features[1:]:
        total = total + feature
    return total / len(features)


def forward_mixed(experts, mixer, x, t, prompt, style, keep):
    """ε of experts of one architecture run side by side (UnetNetwork.forwardMixed): at every aggregation point
    (after conv_in, after each stage, on ε) ``mixer(features, point, conditioning)`` turns the experts' features
    into the one feature every expert's next stage reads, and the skip stack holds mixed features.
    ``conditioning`` is the experts' mean SiLU(time + condition embedding)."""
    if any(e.config != experts[0].config for e in experts):
        raise ValueError("experts of different architectures: " + ", ".join(str(e.config) for e in experts))
    embeddings = [F.silu(e.time(t.reshape(-1)) + e.cond(prompt, style, keep)) for e in experts]
    conditioning = feature_mean(embeddings)
    h = mixer([e.conv_in(x) for e in experts], 0, conditioning)
    skips = [h]
    per_expert = [stages(e) for e in experts]
    for s, stage in enumerate(per_expert[0]):
        skip = skips.pop() if stage.reads_skip else None
        h = mixer([own[s].run(h, skip, emb) for own, emb in zip(per_expert, embeddings)], s + 1, conditioning)
        if stage.stores_skip:
            skips.append(h)
    return mixer([e.conv_out(F.silu(e.out_norm(h))) for e in experts], len(per_expert[0]) + 1, conditioning)


def point_widths(config):
    """Channels at each aggregation point (UnetConfig.pointWidths): conv_in, each stage, then ε's 3."""
    widths = [config.channels]
    for level in range(config.levels):
        widths += [config.width(level)] * (config.resBlocks + (1 if level < config.levels - 1 else 0))
    widths.append(widths[-1])
    for level in reversed(range(config.levels)):
        widths += [config.width(level)] * (config.resBlocks + 1 + (1 if level > 0 else 0))
    return widths + [CHANNELS]


def initialise(network):
    """Tessera's initial weights (Conv2d.create/zeros, Dense.create/zeros, GroupNorm, ConditionEmbedding) from
    torch's generator: convolutions He-normal, Linear N(0, 1/in), zero biases; zero for every ResBlock's conv2,
    every attention's proj and conv_out, so a fresh network predicts ε = 0."""
    for module in network.modules():
        if isinstance(module, nn.Conv2d):
            fan_in = module.in_channels * module.kernel_size[0] * module.kernel_size[1]
            nn.init.normal_(module.weight, std=math.sqrt(2.0 / fan_in))
            nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, std=1.0 / math.sqrt(module.in_features))
            nn.init.zeros_(module.bias)
        elif isinstance(module, nn.GroupNorm):
            nn.init.ones_(module.weight)
            nn.init.zeros_(module.bias)
    for module in network.modules():
        if isinstance(module, ResBlock):
            nn.init.zeros_(module.conv2.weight)
            nn.init.zeros_(module.conv2.bias)
        elif isinstance(module, SelfAttention):
            nn.init.zeros_(module.proj.weight)
            nn.init.zeros_(module.proj.bias)
    nn.init.zeros_(network.conv_out.weight)
    nn.init.zeros_(network.conv_out.bias)
    nn.init.normal_(network.cond.style, std=1.0)
    nn.init.normal_(network.cond.null, std=0.02)


def unet_loss(network, clean, noise, t, prompt, style, keep, alpha_bars):
    """Min-SNR-weighted ε-MSE (UnetLoss): each image [B, 3, S, S] noised at its own timestep ``t`` (long [B] or
    [B, 1]), the mean over every pixel and channel."""
    t = t.reshape(-1)
    ab = alpha_bars[t]
    signal = ab.sqrt().float()[:, None, None, None]
    sigma = (1 - ab).sqrt().float()[:, None, None, None]
    noisy = signal * clean + sigma * noise
    predicted = network(noisy, t.float(), prompt, style, keep).float()
    weight = min_snr_weight(ab).float()[:, None, None, None]
    return ((predicted - noise).square() * weight).mean()
