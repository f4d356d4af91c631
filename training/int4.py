"""Group-wise INT4 rounding as Tessera's Int4Quantizer does it, for quantization-aware distillation.

The twin never writes INT4 files: it trains weights that sit on the INT4 grid, and ``./tessera compress --int4``
packs them. For that hand-over to be lossless the rounding here is Java's, step for step: per group of G
consecutive elements of a row, symmetric s = amax / 7 (asymmetric s = (max - min) / 15 over the range widened to
include 0, zero code round(-min / s)), the step rounded *up* to F16 when the file stores F16 scales, codes
round-half-up (Math.round) of w / s in float64, clamped to the code range (Int4TwinParityTest checks the match).
On the symmetric grid a weight quantizes to itself (its group's largest element is exactly 7 steps), so packing
the snapped weights changes nothing; the asymmetric grid moves when its end codes are not used, so INT4-aware
training takes the symmetric scheme only.
"""
import torch

SYMMETRIC_ZERO = 8
SCHEMES = ("symmetric", "asymmetric")
MIN_ELEMENTS = 1024  # AcditQuantization.MIN_ELEMENTS: smaller matrices stay full precision


def f16_ceil(step):
    """The smallest half-precision value >= ``step`` (>= 0), as a float32 tensor (Float16.ceil)."""
    half = step.to(torch.float16)
    below = half.to(torch.float32) < step
    bumped = (half.view(torch.int16) + 1).view(torch.float16)  # the next half up, for positive values
    return torch.where(below, bumped, half).to(torch.float32)


def quantize_dequantize(weight, group, scheme="symmetric", f16_scales=True):
    """``weight`` [rows, columns] rounded to its INT4 grid and back (float32, same shape)."""
    if scheme not in SCHEMES:
        raise ValueError(f"INT4 scheme must be one of {SCHEMES}, was {scheme!r}")
    rows, columns = weight.shape
    if columns % group:
        raise ValueError(f"{columns} columns do not split into groups of {group}")
    w = weight.detach().float().reshape(rows, columns // group, group)
    zero_floor = torch.zeros((), device=w.device)
    low = torch.minimum(w.amin(-1, keepdim=True), zero_floor)
    high = torch.maximum(w.amax(-1, keepdim=True), zero_floor)
    if scheme == "symmetric":
        step = w.abs().amax(-1, keepdim=True) / 7
    else:
        step = (high - low) / 15
    if f16_scales:
        step = f16_ceil(step)
    safe = torch.where(step == 0, torch.ones_like(step), step).double()
    if scheme == "symmetric":
        zero = torch.full_like(step, SYMMETRIC_ZERO, dtype=torch.float64)
    else:
        zero = torch.where(step == 0, torch.zeros_like(safe), torch.floor(-low.double() / safe + 0.5).clamp(0, 15))
    codes = torch.floor(w.double() / safe + 0.5) + zero
    codes = torch.where(step == 0, zero, codes).clamp(0, 15)
    return ((codes - zero).float() * step).reshape(rows, columns)


class FakeQuant(torch.autograd.Function):
    """Forward: the INT4 grid's value; backward: the gradient passes straight through (STE)."""

    @staticmethod
    def forward(ctx, weight, group, scheme):
        return quantize_dequantize(weight, group, scheme).to(weight.dtype)

    @staticmethod
    def backward(ctx, grad):
        return grad, None, None


def quantized_weights(network, group):
    """Names of the parameters ``./tessera compress --int4`` turns into INT4 (AcditQuantization.quantizes): the
    rank-2 weights inside the transformer layers with at least MIN_ELEMENTS elements and whole groups."""
    return [name for name, p in network.named_parameters()
            if name.startswith("layers.") and name.endswith(".weight") and p.dim() == 2
            and p.numel() >= MIN_ELEMENTS and p.shape[1] % group == 0]


class QuantizedLinears:
    """While active, every chosen Linear computes with its weight on the INT4 grid (straight-through gradient);
    its parameter, the latent weight, keeps its name and trains as before."""

    def __init__(self, network, group, scheme):
        names = set(quantized_weights(network, group))
        self.modules = [module for name, module in network.named_modules()
                        if isinstance(module, torch.nn.Linear) and name + ".weight" in names]
        self.group, self.scheme = group, scheme

    def __enter__(self):
        group, scheme = self.group, self.scheme
        for module in self.modules:
            module.forward = lambda x, m=module: torch.nn.functional.linear(
                x, FakeQuant.apply(m.weight, group, scheme), m.bias)
        return self

    def __exit__(self, *_):
        for module in self.modules:
            del module.forward  # back to the class's forward

    def snap(self, network):
        """Moves every chosen weight onto its grid in place (the file then packs to exactly these values)."""
        names = set(quantized_weights(network, self.group))
        with torch.no_grad():
            for name, p in network.named_parameters():
                if name in names:
                    p.copy_(quantize_dequantize(p, self.group, self.scheme))
