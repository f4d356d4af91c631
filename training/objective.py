"""The ACDiT training step's pieces, twins of acdit.training.AcditLoss, BlockTimesteps, the batch samplers,
LinearNoiseSchedule, LearningRateSchedule and TrainingRandom.

Randomness is counter-based as in Java: each step's generator is seeded from (seed, stream, step), so a
resumed run draws exactly what the uninterrupted run would have. The draws themselves come from torch's
generators, not Java's SplittableRandom: the same distributions, not the same numbers.
"""
import math

import numpy as np
import torch

CONDITION_DROPOUT = 0.1
MIN_SNR_GAMMA = 1.0
TRAIN_STEPS = 1000

STEP_STREAM = 1
DATA_ORDER_STREAM = 2
MASK64 = (1 << 64) - 1


def alpha_bar(train_steps=TRAIN_STEPS, beta_start=1e-4, beta_end=0.02):
    """DDPM linear-beta ᾱ_t in float64, accumulated in the Java loop's order."""
    t = np.arange(train_steps, dtype=np.float64)
    beta = beta_start + (beta_end - beta_start) * t / (train_steps - 1)
    return torch.from_numpy(np.cumprod(1.0 - beta))


def min_snr_weight(alpha_bars):
    """min(SNR, γ) / SNR for ε-prediction (AcditLoss.minSnrWeight)."""
    snr = alpha_bars / (1 - alpha_bars)
    return torch.clamp(snr, max=MIN_SNR_GAMMA) / snr


def learning_rate(config, step):
    """Warmup-stable-decay (LearningRateSchedule.at) for the update at 0-based ``step``."""
    total = config.steps
    decay_start = total - _java_round(config.decayFraction * total)
    base = config.learningRate * (step + 1) / config.warmupSteps if step < config.warmupSteps else config.learningRate
    if step >= decay_start:
        progress = (step - decay_start + 1) / (total - decay_start)
        return base + (config.minLearningRate - base) * min(1.0, progress)
    return base


def ema_decay(decay, updates_before):
    """ExponentialMovingAverage.effectiveDecay: min(decay, (1 + n) / (10 + n))."""
    return min(decay, (1.0 + updates_before) / (10.0 + updates_before))


def _java_round(x):
    return math.floor(x + 0.5)


def mix(z):
    """TrainingRandom.mix: Stafford's variant 13 of the MurmurHash3 finaliser (64-bit)."""
    z &= MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return z ^ (z >> 31)


def derive_seed(seed, stream, counter):
    """A 63-bit seed for (seed, stream, counter), mixed as TrainingRandom.derive mixes its generator's seed."""
    return mix(mix(seed ^ mix(stream)) + mix(counter + 0x632BE59BD9B4E019)) & ((1 << 63) - 1)


def block_timesteps(items, blocks, generator, device):
    """One timestep per (item, block), stratified: one uniform draw from each of items·blocks equal strata
    of [0, T), shuffled (BlockTimesteps.draw). Returns long [items, blocks]."""
    n = items * blocks
    u = (torch.arange(n, device=device, dtype=torch.float64)
         + torch.rand(n, generator=generator, device=device, dtype=torch.float64)) / n
    t = torch.clamp(torch.floor(u * TRAIN_STEPS).long(), max=TRAIN_STEPS - 1)
    return t[torch.randperm(n, generator=generator, device=device)].reshape(items, blocks)


class BalancedSampler:
    """A group uniformly, then one of its members uniformly, with replacement (GroupBalancedBatchSampler)."""

    def __init__(self, groups, device):
        groups = torch.as_tensor(groups, dtype=torch.long)
        order = torch.argsort(groups, stable=True) if _has_stable_sort() else torch.from_numpy(
            np.argsort(groups.numpy(), kind="stable"))
        _, counts = torch.unique_consecutive(groups[order], return_counts=True)
        self.members = order.to(device)
        self.starts = (torch.cumsum(counts, 0) - counts).to(device)
        self.counts = counts.to(device)

    @property
    def group_count(self):
        return self.counts.numel()

    def batch(self, step, size, generator):
        device = self.members.device
        g = torch.randint(self.group_count, (size,), generator=generator, device=device)
        pick = (torch.rand(size, generator=generator, device=device, dtype=torch.float64) * self.counts[g]).long()
        return self.members[self.starts[g] + torch.minimum(pick, self.counts[g] - 1)]


class EpochSampler:
    """Every example once per epoch in a seeded order; batches walk through it (EpochBatchSampler).
    ``offset``/``stride`` give each DDP rank its own slice of the global batch."""

    def __init__(self, size, seed, device, offset=0, stride=None):
        self.size, self.seed, self.device = size, seed, device
        self.offset, self.stride = offset, stride
        self._epoch, self._permutation = -1, None

    def batch(self, step, size, generator=None):
        stride = self.stride or size
        start = step * stride + self.offset
        positions = torch.arange(start, start + size)
        out = torch.empty(size, dtype=torch.long)
        for epoch in torch.unique(positions // self.size).tolist():
            chosen = positions // self.size == epoch
            out[chosen] = self._epoch_order(epoch)[positions[chosen] % self.size]
        return out.to(self.device)

    def _epoch_order(self, epoch):
        if epoch != self._epoch:
            g = torch.Generator().manual_seed(derive_seed(self.seed, DATA_ORDER_STREAM, epoch))
            self._epoch, self._permutation = epoch, torch.randperm(self.size, generator=g)
        return self._permutation


def _has_stable_sort():
    try:
        torch.argsort(torch.zeros(1), stable=True)
        return True
    except TypeError:
        return False


def diffusion_loss(network, clean, noise, t, prompt, style, keep, alpha_bars):
    """Min-SNR-weighted ε-MSE on the noisy half of [clean ; noisy] (AcditLoss): each (item, block) noised at
    its own timestep, no noise on the clean context, mean over every token feature. ``t`` long [B, K]."""
    noisy, weight = noised(clean, noise, t, alpha_bars)
    predicted = network(noisy, clean, t.float(), prompt, style, keep).float()
    return weighted_mse(predicted, noise, weight)


def noised(clean, noise, t, alpha_bars):
    """The noisy tokens (each (item, block) at its own timestep ``t`` [B, K]) and each block's min-SNR weight
    [B, K, 1, 1]."""
    b, length, features = clean.shape
    blocks = t.shape[1]
    ab = alpha_bars[t]
    signal = ab.sqrt().float()[..., None, None]
    sigma = (1 - ab).sqrt().float()[..., None, None]
    shape = (b, blocks, length // blocks, features)
    noisy = (signal * clean.reshape(shape) + sigma * noise.reshape(shape)).reshape(b, length, features)
    return noisy, min_snr_weight(ab).float()[..., None, None]


def weighted_mse(predicted, target, weight):
    """Mean over every token feature of the squared error, each block's tokens weighted by ``weight``."""
    b, length, features = predicted.shape
    shape = (b, weight.shape[1], length // weight.shape[1], features)
    return ((predicted - target).square().reshape(shape) * weight).mean()
