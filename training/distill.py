"""Distils a compressed ACDiT student from its whole teacher on a GPU: the twin of Tessera's Distiller
(compression.distill), run for thousands of steps instead of the CPU's dozens, optionally with the student's
layer weights on their INT4 grid (quantization-aware distillation).

    python3 -m training.distill --config configs/compress/acdit-default-p20-gpu.json \\
        --data .gpu/training-set.safetensors.gz [--out runs/x] [--output x.safetensors] [--key.path=value ...]

Each step is Distiller's: a balanced batch drawn as the training loss draws it (random prompt text, 10 %
condition dropout, stratified per-block timesteps), both networks see the same noisy tokens, and the student
moves towards the teacher by the min-SNR-weighted ε error plus ``featureWeight`` times the squared difference
of the two networks' RMS-normalised features before the output layer. AdamW (no weight decay) updates each
parameter at the learning rate times its layer's factor (LayerUpdates: positional weight preservation freezes
everything before the first pruned layer; UNIFORM, BINARY or CONTINUOUS scaling by the contribution analysis's
sensitivities), under warmup-stable-decay, with an EMA of the weights written at the end.

The student is the teacher pruned by ``removed`` (whole layers are simply left out; a pruned file made by
``./tessera compress --prune`` can be given as ``student`` instead, which also covers removed attention, MLP or
adaLN parts). With ``int4``, every Linear that ``./tessera compress --int4`` would quantize computes with its
weight rounded to the INT4 grid (training/int4.py) and the written weights are snapped onto that grid, so the
INT4 file that compress packs from them computes exactly what was trained. docs/compression.md has the recipe.

With ``fewStep`` ({"steps": 4, "teacherSteps": 32, "guidance": 4.0, "styleStrength": 1.0}) the student learns to
sample in ``steps`` DDIM steps a block what the teacher samples in ``teacherSteps`` DDIM steps with guidance
(direct multi-step distillation, as progressive distillation's step but in one stage): each block starts at a
random level of the student's trailing grid, noised from a training image; the teacher, guided as Tessera's
sampler guides it (ContrastGuidance: conditional, unconditional and the other style), takes the fine steps to the
student's next level; the student's ε target is the one whose DDIM step lands exactly there. Guidance is then
part of the student: it samples with guidance 1 (one branch a step). docs/results/sampling.md measures it.
"""
import argparse
import contextlib
import csv
import hashlib
import json
import math
import os
import statistics
import sys
import time

import torch

from training import checkpoint, int4
from training.config import TrainingConfig
from training.data import TrainingSet
from training.model import AcditConfig, AcditNetwork, rms_norm
from training.objective import (STEP_STREAM, BalancedSampler, alpha_bar, block_timesteps, derive_seed, ema_decay,
                                learning_rate, noised, weighted_mse)
from training.train import git_commit

SCALINGS = ("UNIFORM", "BINARY", "CONTINUOUS")
# How a few-step student is meant to be sampled (GenerationDefaults in Java reads it).
SAMPLING_KEY = "tessera.sampling.recommended"
# A time budget becomes a step count from the pace of these steps (the first ones pay for start-up).
TIMED_FROM, TIMED_TO = 10, 40


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", required=True, help="distillation config, e.g. configs/compress/*.json")
    parser.add_argument("--data", required=True, help="file written by ./tessera data export-training-set")
    parser.add_argument("--root", default=".", help="folder the config's relative paths start from (default: .)")
    parser.add_argument("--out", help="run folder for the log (default: the config's workDir)")
    parser.add_argument("--output", help="model file to write (default: the config's output)")
    parser.add_argument("--commit", help="git commit for the provenance (default: git rev-parse HEAD, if it works)")
    parser.add_argument("--device", help="cuda or cpu (default: cuda when there is one)")
    parser.add_argument("--log-seconds", type=float, default=10, help="seconds between progress lines")
    known, overrides = parser.parse_known_args(argv)
    for extra in overrides:
        if not extra.startswith("--") or "=" not in extra:
            parser.error(f"unrecognised argument '{extra}' (overrides look like --training.steps=4000)")
    return known, overrides


def load_spec(path, overrides):
    """The config JSON with ``--a.b=value`` overrides applied (values parse as JSON, else as strings)."""
    with open(path) as f:
        spec = json.load(f)
    for item in overrides:
        key, value = item[2:].split("=", 1)
        try:
            value = json.loads(value)
        except ValueError:
            pass
        target = spec
        *parents, last = key.split(".")
        for parent in parents:
            target = target.setdefault(parent, {})
        target[last] = value
    scaling = spec.get("scaling", "UNIFORM")
    if scaling not in SCALINGS:
        raise ValueError(f"{path}: scaling must be one of {SCALINGS}, was {scaling!r}")
    if spec.get("int4") and spec["int4"].get("scheme", "symmetric") != "symmetric":
        raise ValueError(f"{path}: INT4-aware distillation takes the symmetric scheme only (an asymmetric group's "
                         "grid moves when ./tessera compress quantizes the trained weights again)")
    return spec


# What `./tessera inspect` shows of a narrowed student (ModelCompressor.NARROWED_KEY): its config alone cannot say.
NARROWED_KEY = "tessera.compression.narrowed"


def narrowed_text(teacher_config, student_config):
    """ModelCompressor.narrowed: "768 → 384 hidden units in every layer's MLP"."""
    return (f"{teacher_config.width * teacher_config.mlpRatio} → {student_config.width * student_config.mlpRatio}"
            " hidden units in every layer's MLP")


def layer_factors(config, preserve, scaling, sensitivity, narrowed=False):
    """LayerUpdates.of: the learning-rate factor of each layer, and of the embeddings. A narrowed student (every
    MLP narrower than the teacher's) is changed from layer 0 on."""
    first_pruned = 0 if narrowed else min((layer for layer, _ in config.removed), default=config.depth)
    first_trained = first_pruned if preserve else 0
    trainable = {}
    for layer in config.kept_layers:
        if layer >= first_trained:
            s = sensitivity.get(str(layer), sensitivity.get(layer))
            if s is None and scaling == "UNIFORM":
                s = 1.0  # uniform updates need no sensitivities
            if s is None or not (s >= 0) or math.isinf(s):
                raise ValueError(f"layer {layer} needs a finite sensitivity >= 0, has {s}")
            trainable[layer] = float(s)
    positive = [s for s in trainable.values() if s > 0]
    least = min(positive) if positive else 1.0
    median = statistics.median(trainable.values()) if trainable else 0.0
    factors = {}
    for layer in range(config.depth):
        s = trainable.get(layer)
        if s is None:
            factors[layer] = 0.0
        elif scaling == "UNIFORM":
            factors[layer] = 1.0
        elif scaling == "BINARY":
            factors[layer] = 1.0 if s <= median else 0.0
        else:
            factors[layer] = 1.0 if s <= least else least / s
    return factors, (0.0 if preserve else 1.0)


def trailing_grid(steps, train_steps=1000):
    """TimestepSpacing.Trailing: t_i = round(T - i T / steps) - 1 for i < steps (half up, as Math.round), then the
    minimum level t = 0 that the last step lands on. Long [steps + 1]."""
    return torch.tensor([math.floor(train_steps - i * train_steps / steps + 0.5) - 1 for i in range(steps)] + [0])


class FewStepTarget:
    """The ε a few-step student should predict: the one whose DDIM step from its level lands where the guided
    teacher's ``teacherSteps / steps`` DDIM steps land."""

    def __init__(self, few, alpha_bars, device):
        self.steps, teacher_steps = int(few["steps"]), int(few["teacherSteps"])
        if self.steps < 1 or teacher_steps % self.steps:
            raise ValueError(f"fewStep: teacherSteps {teacher_steps} must be a whole multiple of steps {self.steps}")
        self.sub = teacher_steps // self.steps
        self.fine = trailing_grid(teacher_steps).to(device)  # the coarse grid is every sub-th level of it
        self.alpha = alpha_bars.sqrt().to(device)
        self.sigma = (1 - alpha_bars).sqrt().to(device)
        self.guidance, self.style_strength = float(few["guidance"]), float(few.get("styleStrength", 0.0))

    def start(self, items, blocks, generator, device):
        """Each (item, block) at a random level of the student's grid: the fine grid's index of it."""
        return torch.randint(self.steps, (items, blocks), generator=generator, device=device) * self.sub

    def guided(self, teacher, x, clean, t, prompt, style, style_count):
        """ContrastGuidance over the teacher's three branches in one batch."""
        b = x.shape[0]
        other = (style + 1) % style_count
        keep = torch.tensor([True, False, True], device=x.device).repeat_interleave(b)
        eps = teacher(x.repeat(3, 1, 1), clean.repeat(3, 1, 1), t.float().repeat(3, 1), prompt.repeat(3, 1),
                      torch.cat([style, style, other]), keep).float()
        conditional, unconditional, contrast = eps.chunk(3)
        return (unconditional + self.guidance * (conditional - unconditional)
                + self.style_strength * (conditional - contrast))

    def coefficients(self, t):
        return self.alpha[t].float()[..., None, None], self.sigma[t].float()[..., None, None]

    def epsilon(self, teacher, x_start, clean, index, prompt, style, style_count):
        """x_start [B, L, F] at the fine levels ``index`` [B, K] -> the student's ε target [B, L, F]."""
        b, length, features = x_start.shape
        shape = (b, index.shape[1], length // index.shape[1], features)
        x = x_start
        with torch.no_grad():
            for s in range(self.sub):
                t_from, t_to = self.fine[index + s], self.fine[index + s + 1]
                eps = self.guided(teacher, x, clean, t_from, prompt, style, style_count).reshape(shape)
                a_from, s_from = self.coefficients(t_from)
                a_to, s_to = self.coefficients(t_to)
                x = ((a_to / a_from) * x.reshape(shape) + (s_to - a_to * s_from / a_from) * eps).reshape(x.shape)
            a, sig = self.coefficients(self.fine[index])
            a_end, s_end = self.coefficients(self.fine[index + self.sub])
            ratio = s_end / sig
            x0 = (x.reshape(shape) - ratio * x_start.reshape(shape)) / (a_end - ratio * a)
            return ((x_start.reshape(shape) - a * x0) / sig).reshape(x_start.shape)


def factor(name, factors, embedding):
    if name.startswith("layers."):
        return factors.get(int(name.split(".")[1]), 0.0)
    return 1.0 if name.startswith("final.") else embedding


def build_student(spec, root, teacher_config, teacher_weights):
    """The student's config, starting weights and the provenance it carries: a pruned or narrowed (or earlier
    distilled) file, or the teacher without its removed layers (None: the teacher's provenance)."""
    if spec.get("student"):
        config, weights, metadata = checkpoint.load_model(os.path.join(root, spec["student"]))
        if (config.replace(removed=(), mlpRatio=teacher_config.mlpRatio) != teacher_config
                or config.mlpRatio > teacher_config.mlpRatio):
            raise ValueError(f"student {spec['student']} was not pruned or narrowed from the teacher's architecture")
        return config, weights, metadata.get("tessera.provenance.dataset")
    config = teacher_config.replace(removed=tuple(spec.get("removed", ())))
    if any(part != "LAYER" for _, part in config.removed):
        raise ValueError("removed attention, MLP or adaLN parts need the pruned file from ./tessera compress "
                         "(its constant modulation comes from the calibration set): give it as \"student\"")
    names = {name for name, _ in AcditNetwork(config).named_parameters()}
    return config, {name: value for name, value in teacher_weights.items() if name in names}, None


def sha10(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()[:10]


def main(argv=None):
    args, overrides = parse(sys.argv[1:] if argv is None else argv)
    spec = load_spec(args.config, overrides)
    root = args.root
    device = torch.device(args.device or ("cuda" if torch.cuda.is_available() else "cpu"))
    cfg = TrainingConfig(**spec["training"])
    teacher_path = os.path.join(root, spec["teacher"])
    teacher_config, teacher_weights, teacher_metadata = checkpoint.load_model(teacher_path)
    student_config, student_weights, student_dataset = build_student(spec, root, teacher_config, teacher_weights)

    teacher = AcditNetwork(teacher_config).to(device)
    teacher.load_state_dict(teacher_weights, strict=True)
    teacher.requires_grad_(False).eval()
    student = AcditNetwork(student_config).to(device)
    student.load_state_dict(student_weights, strict=True)

    factors, embedding = layer_factors(student_config, spec.get("preserve", False), spec.get("scaling", "UNIFORM"),
                                       spec.get("sensitivity", {}), student_config.mlpRatio < teacher_config.mlpRatio)
    groups = {}
    for name, p in student.named_parameters():
        f = factor(name, factors, embedding)
        p.requires_grad_(f > 0)
        if f > 0:
            groups.setdefault(f, []).append(p)
    if not groups:
        raise ValueError("every parameter is frozen: nothing to distil")
    fused = device.type == "cuda"
    optimizer = torch.optim.AdamW([{"params": ps, "factor": f} for f, ps in groups.items()], lr=cfg.learningRate,
                                  betas=(cfg.beta1, cfg.beta2), eps=cfg.epsilon, weight_decay=0.0, fused=fused)
    trained = [p for ps in groups.values() for p in ps]
    ema = [p.detach().clone() for p in trained]
    quant = spec.get("int4")
    quantized = int4.QuantizedLinears(student, quant["group"], quant.get("scheme", "symmetric")) if quant else None

    data = TrainingSet(args.data, student_config, device)
    sampler = BalancedSampler(data.group, device)
    alpha_bars = alpha_bar().to(device)
    generator = torch.Generator(device=device)
    feature_weight = float(spec.get("featureWeight", 0.1))
    few = FewStepTarget(spec["fewStep"], alpha_bars, device) if spec.get("fewStep") else None
    autocast = torch.autocast("cuda", dtype=torch.bfloat16) if fused else contextlib.nullcontext()
    out = args.out or os.path.join(root, spec["workDir"])
    os.makedirs(out, exist_ok=True)
    minutes = float(spec.get("minutes", 0))
    steps = cfg.steps

    def step_once(step, total):
        schedule = TrainingConfig(**{**spec["training"], "steps": total})
        lr = learning_rate(schedule, step)
        for group in optimizer.param_groups:
            group["lr"] = lr * group["factor"]
        generator.manual_seed(derive_seed(cfg.seed, STEP_STREAM, step))
        indices = sampler.batch(step, cfg.batchSize, generator)
        prompt, style, keep = data.conditions(indices, generator)
        if few:  # guidance becomes part of the student, which always sees its condition
            index = few.start(cfg.batchSize, student_config.block_count, generator, device)
            t, keep = few.fine[index], torch.ones_like(keep)
        else:
            t = block_timesteps(cfg.batchSize, student_config.block_count, generator, device)
        clean = data.clean_tokens(indices, generator)
        noise = torch.randn(clean.shape, generator=generator, device=device)
        noisy, weight = noised(clean, noise, t, alpha_bars)
        with autocast:
            if few:
                target = few.epsilon(teacher, noisy, clean, index, prompt, style, len(student_config.styles))
            else:
                with torch.no_grad():
                    target, target_features = teacher(noisy, clean, t.float(), prompt, style, keep, features=True)
            with quantized if quantized else contextlib.nullcontext():
                predicted, features = student(noisy, clean, t.float(), prompt, style, keep, features=True)
        loss = weighted_mse(predicted.float(), target.float(), weight)
        if not few:
            loss = loss + feature_weight * (rms_norm(features.float())
                                            - rms_norm(target_features.float())).square().mean()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trained, cfg.gradientClip)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        d = ema_decay(cfg.emaDecay, step)
        with torch.no_grad():
            torch._foreach_mul_(ema, d)
            torch._foreach_add_(ema, torch._foreach_mul(trained, 1 - d))
        return loss.detach(), lr

    print(f"distilling {sum(p.numel() for p in student.parameters()):,} of the teacher's "
          f"{sum(p.numel() for p in teacher.parameters()):,} parameters (removed {list(student_config.removed)}), "
          f"layer factors {factors}, embeddings {embedding}, int4 {quant}, batch {cfg.batchSize} on {device}",
          flush=True)
    started = time.time()
    last_log, log_rows, pending = started, [], []
    step = 0
    while step < steps:
        loss, lr = step_once(step, steps)
        pending.append(loss)
        step += 1
        if minutes and step in (TIMED_FROM, TIMED_TO):  # a time budget becomes a step count, as in Distiller
            if device.type == "cuda":
                torch.cuda.synchronize()
            if step == TIMED_FROM:
                timed_from = time.time()
            else:
                per_step = (time.time() - timed_from) / (TIMED_TO - TIMED_FROM)
                budget = minutes * 60 - (time.time() - started)
                steps = max(TIMED_TO, min(cfg.steps, TIMED_TO + int(budget / per_step)))
                print(f"{per_step * 1000:.1f} ms a step: {steps} steps in {minutes:g} min", flush=True)
        now = time.time()
        if now - last_log >= args.log_seconds or step == steps:
            mean = torch.stack(pending).float().mean().item()
            if not math.isfinite(mean):
                raise FloatingPointError(f"the distillation loss became {mean} near step {step}")
            pending = []
            log_rows.append((step, f"{mean:.6f}", f"{lr:.6g}", step * cfg.batchSize, f"{now - started:.1f}"))
            print(f"distill {step:>6}/{steps}  loss {mean:.5f}  lr {lr:.2e}  {now - started:6.0f} s", flush=True)
            last_log = now
    wall = time.time() - started
    with torch.no_grad():
        for p, average in zip(trained, ema):
            p.copy_(average)
    if quantized:
        quantized.snap(student)
    with open(os.path.join(out, "log.csv"), "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(("step", "loss", "learning_rate", "images_seen", "wall_seconds"))
        writer.writerows(log_rows)
    output = args.output or os.path.join(root, spec["output"])
    device_name = torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu"
    source = f"{os.path.basename(teacher_path)} ({sha10(teacher_path)})"
    recipe = (f"distilled by training/distill.py from {source}"
              + (f"; pruned {', '.join(f'layer {l}' + ('' if p == 'LAYER' else ' ' + p) for l, p in student_config.removed)}"
                 if student_config.removed else "")
              + (f"; every MLP narrowed to {student_config.width * student_config.mlpRatio} hidden units"
                 if student_config.mlpRatio < teacher_config.mlpRatio else "")
              + f"; {spec.get('scaling', 'UNIFORM').lower()} update scaling"
              + ("; positional weight preservation" if spec.get("preserve") else "")
              + (f"; INT4-aware (groups of {quant['group']}, {quant.get('scheme', 'symmetric')}): weights on the INT4 grid"
                 if quant else "")
              + (f"; few-step: {few.steps} DDIM steps a block (trailing) for the teacher's {few.steps * few.sub} at "
                 f"guidance {few.guidance:g}, style strength {few.style_strength:g}; sample with guidance 1"
                 if few else "")
              + f"; {step} steps of {cfg.batchSize} in {wall / 60:.1f} min on {device_name}")
    # A student that was distilled before keeps that history: its own provenance already names the teacher's.
    dataset = (student_dataset or teacher_metadata.get("tessera.provenance.dataset", "unknown")) + f"; {recipe}"
    checkpoint.save_model(output, {n: p for n, p in student.named_parameters()}, student_config, dataset=dataset,
                          steps=step, seed=cfg.seed, git_commit=args.commit or git_commit(root), extra={
                              "tessera.compression.source": source,
                              "tessera.compression.recipe": recipe,
                              "tessera.train.device": f"1 x {device_name}",
                              "tessera.train.trainer": f"training/distill.py, PyTorch {torch.__version__}"
                                                       + (", bf16 autocast" if fused else ", fp32"),
                              "tessera.train.images_seen": str(step * cfg.batchSize),
                              "tessera.train.wall_seconds": f"{wall:.1f}",
                              **({SAMPLING_KEY: json.dumps({"sampler": "ddim", "steps": few.steps, "guidance": 1.0,
                                                            "styleStrength": 0.0}, separators=(",", ":"))}
                                 if few else {}),
                              **({NARROWED_KEY: narrowed_text(teacher_config, student_config)}
                                 if student_config.mlpRatio < teacher_config.mlpRatio else {}),
                          })
    print(f"distilled {step} steps ({step * cfg.batchSize:,} images) in {wall / 60:.1f} min; wrote {output}",
          flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
