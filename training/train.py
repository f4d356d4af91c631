"""Trains an ACDiT model or a U-Net expert on CUDA GPUs (or the CPU) from the same configs/*.json as
`./tessera train` (the config's "model" picks the network and its loss).

    python3 -m training.train --config configs/acdit-gpu.json --data training-set.safetensors.gz \\
        [--out runs/x] [--max-minutes 9] [--key.path=value ...]
    torchrun --standalone --nproc_per_node=N -m training.train ...   # every GPU of one machine (DDP)

Each step is AcditLoss's: balanced (or uniform) batches, a random prompt text per draw, 10 % condition
dropout, stratified per-block timesteps, min-SNR-weighted ε-MSE; then global-norm clipping, AdamW with
warmup-stable-decay and an EMA of the weights (Trainer). Checkpoints go to the run folder every few minutes
and when the time budget ends; the same command resumes from there. When the run is done the EMA weights
are written as a model file that AcditModel.load (UnetModel.load) opens unchanged. A U-Net's step is UnetLoss's:
the whole image is one block, and only its "dataStyles" are drawn. An "afa" run trains only an aggregator over
frozen U-Net experts (training/afa.py) with that loss and writes an ensemble file AfaEnsemble.load opens. docs/gpu-training.md has the details.
"""
import argparse
import contextlib
import csv
import functools
import os
import signal
import subprocess
import sys
import time

import torch
import torch.distributed as dist

from training import afa, checkpoint, config as run_config
from training.afa import AfaConfig
from training.data import TrainingSet
from training.motion import MotionSet
from training.model import AcditNetwork, model_state
from training.unet import UnetNetwork, unet_loss
from training.objective import (STEP_STREAM, BalancedSampler, EpochSampler, alpha_bar, block_timesteps,
                                derive_seed, diffusion_loss, ema_decay, learning_rate)

MAX_CONSECUTIVE_SKIPS = 20
CSV_FIELDS = ("step", "loss", "learning_rate", "images_seen", "wall_seconds", "steps_per_second", "images_per_second")


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", required=True, help="training config, e.g. configs/acdit-gpu.json")
    parser.add_argument("--data", required=True, help="file written by ./tessera data export-training-set "
                                                       "(export-motion-set for a video model)")
    parser.add_argument("--root", default=".", help="folder the config's relative paths start from (default: .)")
    parser.add_argument("--out", help="run folder for checkpoints and logs (default: the config's workDir)")
    parser.add_argument("--output", help="model file to write at the end (default: the config's output)")
    parser.add_argument("--resume", help="checkpoint to resume from (default: <run folder>/checkpoint.safetensors "
                                         "when it exists)")
    parser.add_argument("--max-minutes", type=float, default=0, help="stop with a checkpoint after this long (0: none)")
    parser.add_argument("--log-seconds", type=float, default=10, help="seconds between progress lines")
    parser.add_argument("--commit", help="git commit for the provenance (default: git rev-parse HEAD, if it works)")
    parser.add_argument("--device", help="cuda or cpu (default: cuda when there is one)")
    parser.add_argument("--compile", action="store_true", help="torch.compile the network (CUDA)")
    parser.add_argument("--no-autocast", action="store_true", help="train in fp32 even on CUDA")
    parser.add_argument("--export-checkpoint", action="store_true",
                        help="write the model file from the checkpoint's EMA weights instead of training "
                             "(to look at a run before it ends)")
    known, overrides = parser.parse_known_args(argv)
    for extra in overrides:
        if not extra.startswith("--") or "=" not in extra:
            parser.error(f"unrecognised argument '{extra}' (overrides look like --training.steps=40000)")
    return known, overrides


class Distributed:
    """nanoGPT-style: one process per GPU under torchrun, else a single process."""

    def __init__(self, device_name):
        self.enabled = int(os.environ.get("RANK", -1)) != -1
        if self.enabled:
            backend = "nccl" if torch.cuda.is_available() and device_name != "cpu" else "gloo"
            dist.init_process_group(backend=backend)
            self.rank, self.world = dist.get_rank(), dist.get_world_size()
            local = int(os.environ.get("LOCAL_RANK", 0))
            if backend == "nccl":
                torch.cuda.set_device(local)
                self.device = torch.device("cuda", local)
            else:
                self.device = torch.device("cpu")
        else:
            self.rank, self.world = 0, 1
            wanted = device_name or ("cuda" if torch.cuda.is_available() else "cpu")
            self.device = torch.device(wanted)
        self.main = self.rank == 0

    def barrier(self):
        if self.enabled:
            dist.barrier()

    def mean(self, tensor):
        if self.enabled:
            tensor = tensor.clone()
            dist.all_reduce(tensor)
            tensor /= self.world
        return tensor

    def close(self):
        if self.enabled:
            dist.destroy_process_group()


class Run:
    """Model, optimizer, EMA and counters of one training run."""

    def __init__(self, args, overrides, env):
        self.args, self.env = args, env
        self.spec = run_config.load(args.config, overrides, root=args.root)
        self.cfg = self.spec.training
        self.root = args.root
        self.out = args.out or os.path.join(self.root, self.spec.workDir)
        self.checkpoint_path = os.path.join(self.out, "checkpoint.safetensors")
        if self.cfg.batchSize % env.world:
            raise ValueError(f"batchSize {self.cfg.batchSize} must divide evenly over {env.world} processes")
        self.local_batch = self.cfg.batchSize // env.world
        self.device = env.device
        # A video model trains on motion clips drawn on the device from an exported sprite set (training/motion.py).
        self.afa = self.spec.kind == AfaConfig.KIND  # an aggregator over frozen U-Net experts
        self.unet = self.spec.kind == "unet" or self.afa
        if self.spec.model.is_video:
            self.data = MotionSet(args.data, self.spec.model, self.device)
        else:
            self.data = TrainingSet(args.data, self.spec.model, self.device, data_styles=self.spec.dataStyles)
        torch.manual_seed(self.cfg.seed)
        if self.afa:
            self.network = self._assemble().to(self.device)
        else:
            self.network = (UnetNetwork if self.unet else AcditNetwork)(self.spec.model).to(self.device)
        self.loss_function = unet_loss if self.unet else diffusion_loss
        self.names = [n for n, _ in self.network.named_parameters()]
        self.params = [p for _, p in self.network.named_parameters()]
        self.step, self.images_seen, self.wall_before, self.skipped = 0, 0, 0.0, 0
        self.loss_history = []
        resume = args.resume or (self.checkpoint_path if os.path.exists(self.checkpoint_path) else None)
        restored = checkpoint.read(resume, self.cfg, self.spec.model) if resume else None
        if restored is None and self.spec.initFrom:
            self._start_from(os.path.join(self.root, self.spec.initFrom))
        if restored is not None:
            self._load(restored.groups[checkpoint.PARAMS], self.params)
        self.ema = [p.detach().clone().float() for p in self.params]
        fused = self.device.type == "cuda"
        decay = [p for p in self.params if p.dim() >= 2]
        plain = [p for p in self.params if p.dim() < 2]
        groups = [{"params": decay, "weight_decay": self.cfg.weightDecay}, {"params": plain, "weight_decay": 0.0}]
        options = dict(lr=self.cfg.learningRate, betas=(self.cfg.beta1, self.cfg.beta2), eps=self.cfg.epsilon)
        self.optimizer = torch.optim.AdamW(groups, fused=True, **options) if fused else torch.optim.AdamW(groups, **options)
        self.fused = fused
        if restored is not None:
            self._load(restored.groups[checkpoint.EMA], self.ema)
            self._restore_optimizer(restored)
            self.step, self.images_seen = restored.step, restored.images_seen
            self.wall_before, self.loss_history = restored.wall_seconds, restored.loss_history
            self.skipped = restored.skipped
            self.resumed_from = resume
        else:
            self.resumed_from = None
        self.model = self.network
        if args.compile:
            if self.spec.model.is_video and self.device.type == "cuda":
                self.network.use_block_sparse_attention()
            self.model = torch.compile(self.network)
        if env.enabled:
            from torch.nn.parallel import DistributedDataParallel
            ids = [self.device.index] if self.device.type == "cuda" else None
            # static_graph: the last layer's clean_norm2 never gets a gradient (its clean output is not needed),
            # and that set of unused parameters is the same every step.
            self.model = DistributedDataParallel(self.model, device_ids=ids, static_graph=True)
        self.alpha_bars = alpha_bar().to(self.device)
        rank_seed = self.cfg.seed * env.world + env.rank
        self.rank_seed = rank_seed
        if self.cfg.sampling == "balanced":
            self.sampler = BalancedSampler(self.data.group, self.device)
        else:
            self.sampler = EpochSampler(len(self.data), self.cfg.seed, self.device, offset=env.rank * self.local_batch,
                                        stride=self.cfg.batchSize)
        self.generator = torch.Generator(device=self.device)
        self.autocast = self.device.type == "cuda" and not args.no_autocast

    def _assemble(self):
        """A fresh aggregator (zero logits) over the frozen experts, hashed as they are now (AfaEnsemble.assemble)."""
        self.expert_files = [os.path.join(self.root, e) for e in self.spec.model.experts]
        self.expert_digests = [afa.sha256(path) for path in self.expert_files]
        architecture, experts = afa.load_experts(self.expert_files)
        return afa.AfaNetwork(architecture, experts, self.spec.model.width)

    def _start_from(self, path):
        config, weights, _ = checkpoint.load_model(path, self.spec.kind)
        mine = self.spec.model
        if self.unet:
            if config != mine:
                raise ValueError(f"initFrom {path}: cannot start from architecture {config}: the model is {mine} "
                                 "(the architecture must be the same)")
        elif config != mine:
            deeper = config.depth < mine.depth and config.replace(depth=mine.depth) == mine
            # An image model, or a video model of other clip lengths, starts a video model of its network
            # (AcditModel.copyWeightsFrom): every weight fits.
            video_of = mine.is_video and mine.replace(frames=config.frames, framesPerBlock=config.framesPerBlock,
                                                      blockSide=config.blockSide) == config
            if not (deeper or video_of):
                raise ValueError(f"initFrom {path}: cannot start from architecture {config}: the model is {mine} "
                                 "(only the depth may differ, and only upwards; or the model may be a video model "
                                 "of the same network)")
        state = dict(self.network.named_parameters())
        with torch.no_grad():
            for name, value in weights.items():
                if name not in state or tuple(state[name].shape) != tuple(value.shape):
                    raise ValueError(f"initFrom {path}: parameter '{name}' {tuple(value.shape)} does not fit the model")
                state[name].copy_(value)

    def _load(self, values, targets):
        missing = [n for n in self.names if n not in values]
        if missing:
            raise ValueError(f"checkpoint lacks tensors {missing[:5]}...")
        with torch.no_grad():
            for name, target in zip(self.names, targets):
                target.copy_(values[name])

    def _restore_optimizer(self, restored):
        first, second = restored.groups[checkpoint.FIRST_MOMENT], restored.groups[checkpoint.SECOND_MOMENT]
        updates = float(restored.step - restored.skipped)  # torch counts the updates made, Java the steps
        for name, p in zip(self.names, self.params):
            step = torch.tensor(updates, dtype=torch.float32, device=p.device if self.fused else "cpu")
            self.optimizer.state[p] = {"step": step, "exp_avg": first[name].to(p.device).clone(),
                                       "exp_avg_sq": second[name].to(p.device).clone()}

    def moments(self):
        first, second = {}, {}
        for name, p in zip(self.names, self.params):
            state = self.optimizer.state.get(p, {})
            first[name] = state["exp_avg"] if "exp_avg" in state else torch.zeros_like(p)
            second[name] = state["exp_avg_sq"] if "exp_avg_sq" in state else torch.zeros_like(p)
        return first, second

    def train_step(self):
        """One update; returns the (device) loss and whether the gradient was finite, without a host sync on CUDA."""
        step = self.step
        lr = learning_rate(self.cfg, step)
        for group in self.optimizer.param_groups:
            group["lr"] = lr
        g = self.generator
        g.manual_seed(derive_seed(self.rank_seed, STEP_STREAM, step))
        indices = self.sampler.batch(step, self.local_batch, g)
        prompt, style, keep = self.data.conditions(indices, g)
        t = block_timesteps(self.local_batch, self.spec.model.block_count, g, self.device)
        clean = self.data.clean_tokens(indices, g)
        noise = torch.randn(clean.shape, generator=g, device=self.device)
        context = torch.autocast("cuda", dtype=torch.bfloat16) if self.autocast else contextlib.nullcontext()
        with context:
            loss = self.loss_function(self.model, clean, noise, t, prompt, style, keep, self.alpha_bars)
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(self.params, self.cfg.gradientClip)
        finite = torch.isfinite(norm)
        d = ema_decay(self.cfg.emaDecay, step)
        if self.fused:
            # The fused kernel skips the update (moments and step count too) where found_inf is 1.
            self.optimizer.found_inf = (~finite).float()
            self.optimizer.step()
            with torch.no_grad():
                keep_share = finite.float() * (d - 1) + 1  # d, or 1 (no change) for a skipped step
                torch._foreach_mul_(self.ema, keep_share)
                torch._foreach_add_(self.ema, torch._foreach_mul(self.params, 1 - keep_share))
        elif bool(finite):
            self.optimizer.step()
            with torch.no_grad():
                for average, weight in zip(self.ema, self.params):
                    average.mul_(d).add_(weight.detach() * (1 - d))
        self.optimizer.zero_grad(set_to_none=True)
        self.step += 1
        self.images_seen += self.cfg.batchSize
        return loss.detach(), finite

    def save_checkpoint(self, wall_seconds):
        if not self.env.main:
            return
        first, second = self.moments()
        checkpoint.write(self.checkpoint_path, training=self.cfg, model_config=self.spec.model, step=self.step,
                         loss_history=self.loss_history, params=dict(zip(self.names, self.params)),
                         ema=dict(zip(self.names, self.ema)), first=first, second=second,
                         images_seen=self.images_seen, wall_seconds=wall_seconds, skipped=self.skipped)

    def save_model(self, path, wall_seconds, commit):
        device = torch.cuda.get_device_name(self.device) if self.device.type == "cuda" else "cpu"
        styles = ", ".join(s.lower() for s in (self.spec.dataStyles or self.spec.model.styles))
        dataset = (f"emoji [{styles}] {self.spec.model.imageSize}px (emoji-datasource-*@16.0.0), training split, "
                   f"random prompt text per draw"
                   + (f"; motion clips of {self.spec.model.frames} frames drawn on the device from the exported sprite "
                      f"set, sprites of {self.data.sprites.shape[1]} texels (training/motion.py)"
                      if self.spec.model.is_video else "")
                   + (f"; {'fine-tuned' if self.unet else 'continued'} from {os.path.basename(self.spec.initFrom)}"
                      if self.spec.initFrom else "")
                   + f"; trained by training/train.py on {self.env.world} x {device}")
        if self.afa:
            experts = "[" + ", ".join(os.path.basename(e) for e in self.spec.model.experts) + "]"
            dataset = (f"emoji [{styles}] (emoji-datasource-*@16.0.0), training split, random prompt text per "
                       f"draw; aggregator over frozen experts {experts}; trained by training/train.py on "
                       f"{self.env.world} x {device}")
        save = (functools.partial(afa.save_ensemble, architecture=self.spec.model.architecture,
                                  expert_files=self.expert_files, width=self.spec.model.width,
                                  digests=self.expert_digests)
                if self.afa else functools.partial(checkpoint.save_model, config=self.spec.model))
        save(path, dict(zip(self.names, self.ema)), dataset=dataset, steps=self.step, seed=self.cfg.seed,
             git_commit=commit, extra={
                 "tessera.train.device": f"{self.env.world} x {device}",
                 "tessera.train.trainer": f"training/train.py, PyTorch {torch.__version__}"
                                          + (", bf16 autocast" if self.autocast else ", fp32"),
                 "tessera.train.images_seen": str(self.images_seen),
                 "tessera.train.wall_seconds": f"{wall_seconds:.1f}",
             })


def git_commit(root):
    try:
        return subprocess.run(["git", "-C", root, "rev-parse", "HEAD"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv=None):
    args, overrides = parse(sys.argv[1:] if argv is None else argv)
    env = Distributed(args.device)
    try:
        return train(args, overrides, env)
    finally:
        env.close()


def train(args, overrides, env):
    stop = {"signal": None}

    def on_signal(number, _frame):
        stop["signal"] = number

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        run = Run(args, overrides, env)
        if args.export_checkpoint:
            if run.resumed_from is None:
                raise ValueError(f"no checkpoint at {run.checkpoint_path} to export")
            output = args.output or os.path.join(run.root, run.spec.output)
            if env.main:
                run.save_model(output, run.wall_before, args.commit or git_commit(run.root))
                print(f"wrote {output} from the EMA weights of the checkpoint at step {run.step} of "
                      f"{run.cfg.steps}", flush=True)
            return 0
        return loop(run, args, env, stop)
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def loop(run, args, env, stop):
    cfg = run.cfg
    log = print if env.main else (lambda *a, **k: None)
    os.makedirs(run.out, exist_ok=True)
    log(f"{run.spec.kind}: {sum(p.numel() for p in run.params):,} parameters, {len(run.data):,} training images, "
        f"{env.world} process(es) on {run.device}, batch {cfg.batchSize}, "
        f"{'resuming ' + run.resumed_from + ' at step ' + str(run.step) if run.resumed_from else 'fresh start'}, "
        f"{cfg.steps:,} steps", flush=True)
    csv_path = os.path.join(run.out, "log.csv")
    if env.main and not os.path.exists(csv_path):
        with open(csv_path, "w", newline="") as f:
            csv.writer(f).writerow(CSV_FIELDS)
    started = time.time()
    last_log, last_checkpoint = started, started
    logged_step, pending, consecutive_skips = run.step, [], 0
    budget = args.max_minutes * 60

    def wall():
        return run.wall_before + time.time() - started

    def flush_progress(now):
        nonlocal last_log, logged_step, pending, consecutive_skips
        if not pending:
            return
        losses = env.mean(torch.stack([p[0].float() for p in pending]))
        finite = torch.stack([p[1] for p in pending]).cpu().tolist()
        values = losses.cpu().tolist()
        for v, ok in zip(values, finite):
            if v != v or v in (float("inf"), float("-inf")):
                raise FloatingPointError(f"loss became {v} near step {run.step}")
            consecutive_skips = 0 if ok else consecutive_skips + 1
            if consecutive_skips > MAX_CONSECUTIVE_SKIPS:
                raise FloatingPointError(f"gradient norm was not finite for {consecutive_skips} steps in a row, "
                                         f"near step {run.step}")
        run.skipped += finite.count(False)
        run.loss_history.extend(values)
        pending = []
        seconds = now - last_log
        steps = run.step - logged_step
        if env.main and steps > 0:
            rate = steps / seconds
            images = rate * cfg.batchSize
            eta = (cfg.steps - run.step) / rate if rate > 0 else float("inf")
            mean_loss = sum(values[-steps:]) / steps
            lr = learning_rate(cfg, run.step - 1)
            print(f"{run.spec.kind} {run.step:>7}/{cfg.steps} steps  {rate:6.1f} steps/s  {images:8.0f} images/s  "
                  f"loss {mean_loss:.4f}  lr {lr:.2e}  ETA {_clock(eta)}", flush=True)
            with open(csv_path, "a", newline="") as f:
                csv.writer(f).writerow([run.step, f"{mean_loss:.6f}", f"{lr:.6g}", run.images_seen, f"{wall():.1f}",
                                        f"{rate:.2f}", f"{images:.0f}"])
        last_log, logged_step = now, run.step

    interrupted = False
    while run.step < cfg.steps:
        if stop["signal"] is not None or (budget and time.time() - started >= budget):
            interrupted = True
            break
        pending.append(run.train_step())
        now = time.time()
        if now - last_log >= args.log_seconds:
            flush_progress(now)
        by_steps = cfg.checkpointEverySteps and run.step % cfg.checkpointEverySteps == 0
        by_time = cfg.checkpointEveryMinutes and now - last_checkpoint >= cfg.checkpointEveryMinutes * 60
        if by_steps or by_time:
            flush_progress(time.time())
            run.save_checkpoint(wall())
            env.barrier()
            last_checkpoint = time.time()
    flush_progress(time.time())
    run.save_checkpoint(wall())
    env.barrier()
    if interrupted:
        reason = "signal" if stop["signal"] is not None else f"time budget of {args.max_minutes:g} min"
        log(f"stopped at step {run.step} of {cfg.steps} ({reason}); checkpoint {run.checkpoint_path}; "
            "run the same command to resume", flush=True)
        return 0
    output = args.output or os.path.join(run.root, run.spec.output)
    if env.main:
        run.save_model(output, wall(), args.commit or git_commit(run.root))
    log(f"trained {run.step} steps ({run.images_seen:,} images, {run.skipped} skipped) in {_clock(wall())}; "
        f"wrote {output}", flush=True)
    return 0


def _clock(seconds):
    if seconds == float("inf"):
        return "--:--:--"
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


if __name__ == "__main__":
    sys.exit(main())
