"""Motion clips for a video model, drawn on the device: the twin of dev.tessera.generation.video.MotionPath and
MotionRenderer, fed by the sprite set `./tessera data export-motion-set` writes (MotionSetExport in Java).

The clips are not exported (16 frames of 32x32 RGB are 48 KB each, and a run draws millions): the sprites are
(3,646 of 16x16 RGBA, 3.7 MB; with the 21,944 prompt vectors as I8 rows and a scale each, about 12 MB before
gzip), and every training step draws fresh paths from its generator and renders them here. The formulas are the Java ones; test_twin checks the renderer against the
fixture MotionRendererParityTest reads, and the paths' ranges against MotionPath.draw's.
"""
import json
import math

import numpy as np
import torch

from training.data import PromptDraws, read_export

FORMAT = "tessera-motion-set-2"
MOTIONS = ("LEFT", "RIGHT", "UP", "DOWN", "ZOOM_IN", "ZOOM_OUT", "SPIN", "BOUNCE")
SOFT, SOFT_RANGE = 0.72, 0.26
REQUIRED = ("sprites", "sprite_style", "sprite_group", "pair_sprite", "pair_motion", "pair_held_out",
            "prompt_offsets", "prompt_ids", "prompt_vectors", "prompt_vector_scales")
# MotionPath.TRAVEL_FRAMES and ZOOM_CYCLE: straight motions go 10-14 px per 15 frames whatever the clip's length, and
# a zoom runs from one end of its range to the other in 20 frames, then starts again.
TRAVEL_FRAMES, ZOOM_CYCLE = 15.0, 20.0
# Path parameters in MotionPath's record order (colours and gradient direction after the motion terms).
PATH_FIELDS = ("x0", "y0", "vx", "vy", "hop", "period", "phase", "scale0", "growth", "spin", "cycle", "shift",
               "from_r", "from_g", "from_b", "to_r", "to_g", "to_b", "gx", "gy")


class MotionSetError(ValueError):
    pass


def draw_paths(motion, u, frames, size, side):
    """MotionPath.draw for a batch: ``motion`` long [B] (index into MOTIONS), ``u`` uniform [B, 16] (float64).
    Returns [B, len(PATH_FIELDS)] in u's dtype. ``frames`` is checked, not used: paths go on for ever (straight
    motions wrap around the frame, zooms restart their cycle, spin and bounce are periodic), so a 48-frame clip
    continues the 16-frame one drawn from the same numbers."""
    if frames <= 0:
        raise ValueError(f"a clip needs at least one frame, got {frames}")
    motion = motion.to(u.device)

    def pick(*names):
        return torch.isin(motion, torch.tensor([MOTIONS.index(n) for n in names], device=u.device))

    def pastel(first):
        return SOFT + SOFT_RANGE * u[:, first:first + 3]

    source = pastel(1)
    target = torch.where((u[:, 0] < 0.5)[:, None], source, pastel(5))
    direction = 2 * math.pi * u[:, 4]
    centre = size / 2.0
    zero = torch.zeros_like(u[:, 0])
    scale0 = 0.85 + 0.25 * u[:, 8]
    half = scale0 * side / 2
    lo, hi = half + 1, size - half - 1
    x0 = centre + (u[:, 10] - 0.5) * 6
    y0 = centre + (u[:, 11] - 0.5) * 6
    vx, vy, hop, period, phase, growth, spin, cycle, shift = zero, zero, zero, zero + 1, zero, zero, zero, zero, zero

    straight = pick("LEFT", "RIGHT", "UP", "DOWN")
    travel = torch.minimum(hi - lo, size * 0.3 + size * 0.12 * u[:, 9])
    first = size * u[:, 12]  # anywhere along the way: the frame wraps around
    across = centre + (u[:, 13] - 0.5) * size / 4
    sign = torch.where(pick("RIGHT", "DOWN"), zero + 1, zero - 1)
    horizontal = pick("LEFT", "RIGHT")
    x0 = torch.where(straight, torch.where(horizontal, first, across), x0)
    y0 = torch.where(straight, torch.where(horizontal, across, first), y0)
    vx = torch.where(straight & horizontal, sign * travel / TRAVEL_FRAMES, vx)
    vy = torch.where(straight & ~horizontal, sign * travel / TRAVEL_FRAMES, vy)

    zoom = pick("ZOOM_IN", "ZOOM_OUT")
    small, large = 0.5 + 0.15 * u[:, 9], 1.2 + 0.2 * u[:, 12]
    zoom_in = pick("ZOOM_IN")
    scale0 = torch.where(zoom, torch.where(zoom_in, small, large), scale0)
    growth = torch.where(zoom, torch.where(zoom_in, zero + 1, zero - 1) * torch.log(large / small) / ZOOM_CYCLE, growth)
    cycle = torch.where(zoom, zero + ZOOM_CYCLE, cycle)
    shift = torch.where(zoom, ZOOM_CYCLE * u[:, 15], shift)

    spinning = pick("SPIN")
    spin = torch.where(spinning, torch.deg2rad(16 + 10 * u[:, 9]), spin)
    x0 = torch.where(spinning, centre + (u[:, 10] - 0.5) * 2, x0)
    y0 = torch.where(spinning, centre + (u[:, 11] - 0.5) * 2, y0)

    bounce = pick("BOUNCE")
    hop = torch.where(bounce, 0.22 * size + 0.09 * size * u[:, 9], hop)
    period = torch.where(bounce, 7 + 2 * u[:, 12], period)
    phase = torch.where(bounce, math.pi * u[:, 13], phase)
    y0 = torch.where(bounce, hi - u[:, 14] * 2, y0)
    x0 = torch.where(bounce, centre + (u[:, 10] - 0.5) * size * 0.4, x0)
    return torch.stack([x0, y0, vx, vy, hop, period, phase, scale0, growth, spin, cycle, shift,
                        source[:, 0], source[:, 1], source[:, 2], target[:, 0], target[:, 1], target[:, 2],
                        torch.cos(direction), torch.sin(direction)], dim=1)


def wrap(d, size):
    """MotionPath.wrap: ``d`` modulo ``size`` into [-size/2, size/2), an offset on the torus the shorter way round."""
    return d - size * torch.floor((d + size / 2) / size)


def render(sprites, paths, frames, size):
    """MotionRenderer.render for a batch: ``sprites`` [B, s, s, 4] premultiplied RGBA in [0, 1], ``paths``
    [B, len(PATH_FIELDS)]. Returns HWC frames [B, F, S, S, 3] in [-1, 1], in the paths' dtype. The frame is a torus
    (MotionPath.wrap): a pixel's offset from the sprite's centre is taken modulo S into [-S/2, S/2), so a sprite
    crossing an edge shows on both sides; a zoom's scale is scale0 * exp(growth * ((f + shift) mod cycle))."""
    b, side = sprites.shape[0], sprites.shape[1]
    dtype, device = paths.dtype, paths.device
    p = {name: paths[:, i][:, None] for i, name in enumerate(PATH_FIELDS)}
    f = torch.arange(frames, dtype=dtype, device=device)[None, :]
    cx = p["x0"] + p["vx"] * f
    bounce = p["hop"] * torch.abs(torch.sin(math.pi * f / p["period"] + p["phase"]))
    cy = p["y0"] + p["vy"] * f - torch.where(p["hop"] == 0, torch.zeros_like(bounce), bounce)
    cycles = p["cycle"].clamp(min=1)
    scale = p["scale0"] * torch.exp(p["growth"] * torch.where(
        p["cycle"] > 0, (f + p["shift"]) - cycles * torch.floor((f + p["shift"]) / cycles), f))
    angle = p["spin"] * f
    cos, sin = torch.cos(angle)[..., None, None], torch.sin(angle)[..., None, None]
    centres = torch.arange(size, dtype=dtype, device=device) + 0.5
    dx = wrap(centres[None, None, None, :] - cx[..., None, None], size)  # [B, F, 1, S]
    dy = wrap(centres[None, None, :, None] - cy[..., None, None], size)  # [B, F, S, 1]
    half = side / 2.0
    u = (cos * dx + sin * dy) / scale[..., None, None] + half - 0.5
    v = (-sin * dx + cos * dy) / scale[..., None, None] + half - 0.5
    i0, j0 = torch.floor(u), torch.floor(v)
    fu, fv = u - i0, v - j0
    flat = sprites.to(dtype).reshape(b, side * side, 4)
    texel = torch.zeros(b, frames, size, size, 4, dtype=dtype, device=device)
    for dj in (0, 1):
        for di in (0, 1):
            i, j = i0 + di, j0 + dj
            inside = (i >= 0) & (j >= 0) & (i < side) & (j < side)
            weight = (fu if di else 1 - fu) * (fv if dj else 1 - fv) * inside
            index = (j.clamp(0, side - 1) * side + i.clamp(0, side - 1)).long().reshape(b, -1, 1).expand(-1, -1, 4)
            texel += weight[..., None] * torch.gather(flat, 1, index).reshape(b, frames, size, size, 4)
    t = (((centres[None, None, :] - size / 2.0) * p["gx"][..., None]
          + (centres[None, :, None] - size / 2.0) * p["gy"][..., None]) / size + 0.5).clamp(0, 1)  # [B, S, S]
    colour = PATH_FIELDS.index("from_r")
    source = paths[:, colour:colour + 3][:, None, None, :]
    target = paths[:, colour + 3:colour + 6][:, None, None, :]
    background = source + (target - source) * t[..., None]  # [B, S, S, 3]
    value = texel[..., :3] + (1 - texel[..., 3:]) * background[:, None]
    return value * 2 - 1


class MotionSet(PromptDraws):
    """The sprite export as tensors on ``device``, with training pairs to draw clips and conditions from; the
    same interface as data.TrainingSet (len, group, conditions, clean_tokens), a pair for an image."""

    def __init__(self, path, config, device="cpu"):
        tensors, metadata = read_export(path, FORMAT, REQUIRED, config, MotionSetError)
        if not config.is_video:
            raise MotionSetError(f"{path}: a motion set trains a video model; this config has one frame")
        if int(metadata.get("tessera.image_size", "0")) != config.imageSize:
            raise MotionSetError(f"{path}: clips are {metadata.get('tessera.image_size')} px, the model takes "
                                 f"{config.imageSize}")
        if json.loads(metadata["tessera.motions"]) != list(MOTIONS):
            raise MotionSetError(f"{path}: motions {metadata['tessera.motions']} are not the twin's {list(MOTIONS)}")
        codes, scales = tensors["prompt_vectors"], tensors["prompt_vector_scales"]
        if codes.dtype != np.int8 or scales.shape != (codes.shape[0],):
            raise MotionSetError(f"{path}: prompt_vectors must be I8 rows with one F32 scale each in "
                                 "prompt_vector_scales")
        vectors = codes.astype(np.float32) * scales.astype(np.float32)[:, None]  # MotionSetExport: code x scale
        self.config, self.layout = config, config.layout
        styles = json.loads(metadata["tessera.styles"])
        style_map = np.array([config.styles.index(s) if s in config.styles else -1 for s in styles])
        sprite_style = style_map[tensors["sprite_style"].astype(np.int64)]
        pair_sprite = tensors["pair_sprite"].astype(np.int64)
        keep = (tensors["pair_held_out"] == 0) & (sprite_style[pair_sprite] >= 0)
        if not keep.any():
            raise MotionSetError(f"{path}: no training pairs of the model's styles {list(config.styles)}")
        index = np.nonzero(keep)[0]
        offsets = tensors["prompt_offsets"].astype(np.int64)
        self.sprites = torch.from_numpy(tensors["sprites"].astype(np.float32) / 255).to(device)
        self.pair_sprite = torch.from_numpy(pair_sprite[index]).to(device)
        self.pair_motion = torch.from_numpy(tensors["pair_motion"].astype(np.int64)[index]).to(device)
        self.style = torch.from_numpy(sprite_style[pair_sprite[index]]).to(device)
        self.group = torch.from_numpy(tensors["sprite_group"].astype(np.int64)[pair_sprite[index]])
        self.prompt_start = torch.from_numpy(offsets[:-1][index]).to(device)
        self.prompt_count = torch.from_numpy((offsets[1:] - offsets[:-1])[index]).to(device)
        self.prompt_ids = torch.from_numpy(tensors["prompt_ids"].astype(np.int64)).to(device)
        self.prompt_vectors = torch.from_numpy(vectors.astype(np.float32)).to(device)
        self.prompt_texts = json.loads(metadata["tessera.prompt_texts"])

    def __len__(self):
        return self.pair_sprite.shape[0]

    def clean_tokens(self, indices, generator):
        """A fresh clip of each pair, drawn and rendered on the device, as tokens [B, L, p*p*3]."""
        device = self.sprites.device
        u = torch.rand(len(indices), 16, generator=generator, device=device, dtype=torch.float64)
        side = self.sprites.shape[1]
        paths = draw_paths(self.pair_motion[indices], u, self.config.frames, self.config.imageSize, side)
        clips = render(self.sprites[self.pair_sprite[indices]], paths.float(), self.config.frames, self.config.imageSize)
        return self.layout.images_to_tokens(clips).contiguous()
