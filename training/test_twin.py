"""The twin's own tests: `python3 -m pytest training/` on any machine with PyTorch (CPU is enough).

The cross-language proof is in Java (AcditTwinParityTest reads the fixtures training/parity.py writes);
these check that the twin's pieces behave as their Java originals do and that a run resumes exactly.
"""
import glob
import gzip
import json
import os
import subprocess
import sys

import numpy as np
import pytest
import torch

from training import checkpoint, config as run_config, data, parity, safetensors_io
from training.model import AcditConfig, AcditNetwork, BlockLayout, model_state
from training.objective import (BalancedSampler, EpochSampler, alpha_bar, block_timesteps, derive_seed,
                                diffusion_loss, ema_decay, learning_rate, min_snr_weight)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHIPPED = os.path.join(ROOT, "assets", "models", "acdit-default.safetensors")
SAMPLE = os.path.join(ROOT, "generation", "src", "test", "resources", "parity", "training-set-sample.safetensors.gz")
TINY = AcditConfig(imageSize=16, patchSize=4, blockSide=2, width=16, depth=2, heads=2, mlpRatio=2, promptDim=8,
                   ropeBase=100.0, styles=("GOOGLE", "TWITTER"))


def test_the_network_has_the_shipped_model_files_tensors_and_runs_them():
    config, weights, metadata = checkpoint.load_model(SHIPPED)
    network = AcditNetwork(config)
    mine = {name: tuple(p.shape) for name, p in network.named_parameters()}
    assert mine == {name: tuple(w.shape) for name, w in weights.items()}
    network.load_state_dict(weights)
    assert all(w.dtype == torch.float32 for w in weights.values())
    layout = config.layout
    g = torch.Generator().manual_seed(0)
    clean = torch.rand(2, layout.token_count, config.patch_floats, generator=g) * 2 - 1
    t = torch.tensor([[10, 500, 900, 999], [0, 1, 2, 3]])
    prompt = torch.nn.functional.normalize(torch.randn(2, config.promptDim, generator=g), dim=1)
    with torch.no_grad():
        loss = diffusion_loss(network, clean, torch.randn(clean.shape, generator=g), t, prompt,
                              torch.tensor([0, 1]), torch.tensor([True, False]), alpha_bar())
    # A trained model predicts noise far better than the zero output's mean min-SNR weight (about 0.76).
    assert 0 < loss.item() < 0.5


def test_the_committed_parity_fixtures_are_what_the_twin_computes_now():
    folder = os.path.join(ROOT, parity.DEFAULT_OUT)
    config, weights, _ = checkpoint.load_model(os.path.join(folder, parity.MODEL_FILE))
    assert config == parity.CONFIG
    network = AcditNetwork(config)
    network.load_state_dict(weights)
    tensors, _ = safetensors_io.read(os.path.join(folder, parity.CASE_FILE))
    inputs = parity.case(config, parity.SEED)
    assert np.array_equal(tensors["clean"], inputs["clean"].numpy())
    noisy, predicted, loss = parity.expected(network, inputs)
    assert np.abs(tensors["expected_noise"] - predicted.numpy()).max() < 1e-4
    assert abs(float(tensors["expected_loss"][0]) - loss.item()) < 1e-4
    for name, value in model_state(parity.random_network(parity.CONFIG, parity.SEED)).items():
        assert np.array_equal(weights[name].numpy(), value.numpy()), name


def test_safetensors_round_trip_plain_and_gzipped(tmp_path):
    tensors = {"b": np.arange(6, dtype=np.float32).reshape(2, 3), "a": np.array([1, 2], dtype=np.int32),
               "c": np.array([7], dtype=np.uint8), "h": np.array([0.5, -2], dtype=np.float16)}
    path = tmp_path / "x.safetensors"
    safetensors_io.write(path, tensors, {"k": "v"})
    raw = path.read_bytes()
    length = int.from_bytes(raw[:8], "little")
    assert length % 8 == 0
    assert list(json.loads(raw[8:8 + length]))[:3] == ["__metadata__", "a", "b"]
    for file in (path, tmp_path / "x.gz"):
        if file.suffix == ".gz":
            file.write_bytes(gzip.compress(raw))
        read, metadata = safetensors_io.read(file)
        assert metadata == {"k": "v"}
        for name, value in tensors.items():
            assert read[name].dtype == value.dtype and np.array_equal(read[name], value)
    path.write_bytes(raw[:-3])
    with pytest.raises(safetensors_io.SafetensorsError, match="tensor"):
        safetensors_io.read(path)


def test_a_whole_config_reads_back_to_its_bytes_and_a_pruned_one_keeps_its_removed_parts():
    whole = TINY.to_json()
    assert AcditConfig.from_json(whole) == TINY and "removed" not in whole
    pruned = whole[:-1] + ',"removed":[{"layer":1,"part":"MLP"}]}'
    assert AcditConfig.from_json(pruned).removed == ((1, "MLP"),)
    assert AcditConfig.from_json(pruned).to_json() == pruned
    with pytest.raises(ValueError, match="remove the whole layer"):
        TINY.replace(removed=((1, "MLP"), (1, "ATTENTION")))
    with pytest.raises(ValueError, match="layer in 0..1"):
        TINY.replace(removed=((2, "LAYER"),))


def test_skip_causal_mask_is_the_java_rule():
    layout = BlockLayout(32, 4, 4)
    mask = layout.skip_causal_mask()
    n, tpb = layout.token_count, layout.tokens_per_block
    for q in range(2 * n):
        for k in range(2 * n):
            qb, kb = (q % n) // tpb, (k % n) // tpb
            if q < n:
                allowed = k < n and kb <= qb
            else:
                allowed = kb == qb if k >= n else kb < qb
            assert bool(mask[q, k]) == allowed, (q, k)


def test_tokens_hold_patches_in_block_order():
    layout = BlockLayout(32, 4, 4)
    images = torch.randint(0, 256, (2, 32, 32, 3))
    tokens = layout.images_to_tokens(images)
    assert torch.equal(layout.tokens_to_images(tokens), images)
    for token in (0, 5, 17, 63):
        for dy, dx, c in ((0, 0, 0), (3, 1, 2), (2, 3, 1)):
            feature = (dy * 4 + dx) * 3 + c
            pixel = images[1, layout.row(token) * 4 + dy, layout.col(token) * 4 + dx, c]
            assert tokens[1, token, feature] == pixel
    assert [(layout.row(t), layout.col(t)) for t in (0, 3, 4, 16, 63)] == [(0, 0), (0, 3), (1, 0), (0, 4), (7, 7)]


def test_schedules_follow_the_java_formulas():
    bars = alpha_bar()
    assert bars[0].item() == pytest.approx(1 - 1e-4, abs=1e-15)
    assert bars[999].item() == pytest.approx(4.0358e-5, rel=1e-3)
    weights = min_snr_weight(bars)
    assert weights[0].item() == pytest.approx(1e-4, rel=1e-3)  # min(SNR, 1)/SNR = 1/SNR at low noise
    assert weights[999].item() == 1.0
    cfg = run_config.TrainingConfig(steps=100, learningRate=1e-3, minLearningRate=1e-5, warmupSteps=10,
                                    decayFraction=0.2)
    assert learning_rate(cfg, 0) == pytest.approx(1e-4)
    assert learning_rate(cfg, 9) == pytest.approx(1e-3)
    assert learning_rate(cfg, 79) == pytest.approx(1e-3)
    assert learning_rate(cfg, 80) == pytest.approx(1e-3 + (1e-5 - 1e-3) / 20)
    assert learning_rate(cfg, 99) == pytest.approx(1e-5)
    assert ema_decay(0.999, 0) == pytest.approx(0.1) and ema_decay(0.999, 10 ** 6) == 0.999
    # TrainingRandom.derive(1, 1, 0) from Java's SplittableRandom seed, masked to 63 bits.
    assert derive_seed(7, 1, 3) == derive_seed(7, 1, 3) != derive_seed(7, 1, 4)


def test_block_timesteps_are_stratified_across_the_batch():
    t = block_timesteps(8, 4, torch.Generator().manual_seed(1), "cpu")
    ordered = sorted(t.flatten().tolist())
    for s, value in enumerate(ordered):
        assert s * 1000 // 32 <= value <= (s + 1) * 1000 // 32, (s, value)
    assert t.flatten().tolist() != ordered


def test_balanced_batches_give_every_group_the_same_share():
    groups = [0] * 90 + [1] * 9 + [2]
    sampler = BalancedSampler(groups, "cpu")
    picks = torch.cat([sampler.batch(s, 300, torch.Generator().manual_seed(s)) for s in range(10)])
    shares = torch.bincount(torch.tensor(groups)[picks], minlength=3).float() / len(picks)
    assert torch.allclose(shares, torch.full((3,), 1 / 3), atol=0.03), shares
    assert (picks == 99).float().mean().item() == pytest.approx(1 / 3, abs=0.03)


def test_epoch_batches_visit_every_example_once_per_epoch():
    sampler = EpochSampler(10, seed=3, device="cpu")
    first = torch.cat([sampler.batch(s, 5) for s in range(2)])
    assert sorted(first.tolist()) == list(range(10))
    assert torch.cat([sampler.batch(s, 5) for s in range(2, 4)]).tolist() != first.tolist()


def test_every_acdit_config_parses_and_overrides_apply():
    paths = [p for p in glob.glob(os.path.join(ROOT, "configs", "**", "*.json"), recursive=True)
             if json.load(open(p)).get("model") == "acdit"]
    assert paths
    for path in paths:
        spec = run_config.load(path)
        assert spec.model.styles == ("GOOGLE", "TWITTER")
    spec = run_config.load(paths[0], ["--training.steps=700", "--acdit.depth=3", "--output=x.safetensors"])
    assert (spec.training.steps, spec.model.depth, spec.output) == (700, 3, "x.safetensors")
    with pytest.raises(ValueError, match="no field 'acdit.widht'"):
        run_config.load(paths[0], ["--acdit.widht=3"])
    with pytest.raises(ValueError, match="unknown fields"):
        run_config.TrainingConfig.from_dict({"steps": 3, "stepz": 4})
    with pytest.raises(ValueError, match="batchSize must be > 0"):
        run_config.TrainingConfig.from_dict({"steps": 3, "batchSize": 0})


def write_training_set(path, config, count=12, seed=0):
    """A synthetic export in the format TrainingSetExport writes."""
    rng = np.random.default_rng(seed)
    prompts = rng.normal(size=(count * 2, config.promptDim))
    prompts /= np.linalg.norm(prompts, axis=1, keepdims=True)
    offsets = np.arange(0, 2 * count + 1, 2, dtype=np.int32)
    tensors = {
        "pixels": rng.integers(0, 256, (count, config.imageSize, config.imageSize, 3), dtype=np.uint8),
        "style": (np.arange(count) % 2).astype(np.int32), "group": (np.arange(count) // 3).astype(np.int32),
        "category": np.zeros(count, np.int32), "subcategory": np.zeros(count, np.int32),
        "prompt_offsets": offsets, "prompt_ids": np.arange(2 * count, dtype=np.int32),
        "prompt_vectors": prompts.astype(np.float16),
    }
    metadata = {"tessera.format": data.FORMAT, "tessera.styles": json.dumps(["GOOGLE", "TWITTER"]),
                "tessera.categories": "[\"c\"]", "tessera.subcategories": "[\"s\"]",
                "tessera.prompt_texts": json.dumps([f"text {i}" for i in range(2 * count)])}
    raw = safetensors_io.encode(tensors, metadata)
    with open(path, "wb") as f:
        f.write(gzip.compress(raw))


def tiny_run_config(tmp_path, steps):
    spec = {"model": "acdit", "styles": ["google", "twitter"], "output": "model.safetensors", "workDir": "run",
            "acdit": {k: getattr(TINY, k) for k in ("imageSize", "patchSize", "blockSide", "width", "depth", "heads",
                                                    "mlpRatio", "promptDim", "ropeBase")},
            "training": {"steps": steps, "batchSize": 4, "learningRate": 1e-3, "warmupSteps": 2,
                         "checkpointEverySteps": 0, "checkpointEveryMinutes": 0, "seed": 5, "sampling": "balanced"}}
    path = tmp_path / "config.json"
    path.write_text(json.dumps(spec))
    return str(path)


def run_train(tmp_path, *extra):
    from training import train
    args = ["--config", tiny_run_config(tmp_path, 6), "--data", str(tmp_path / "set.gz"), "--root", str(tmp_path),
            "--device", "cpu", "--log-seconds", "0", "--commit", "abc123", *extra]
    assert train.main(args) == 0


def test_a_resumed_run_ends_exactly_where_an_uninterrupted_one_does(tmp_path):
    write_training_set(tmp_path / "set.gz", TINY)
    run_train(tmp_path, "--out", str(tmp_path / "straight"), "--output", str(tmp_path / "straight.safetensors"))
    run_train(tmp_path, "--out", str(tmp_path / "split"), "--training.steps=6", "--max-minutes=1e-9")
    stopped, _ = safetensors_io.read(tmp_path / "split" / "checkpoint.safetensors")
    assert stopped["train/loss_history"].shape == (0,)  # a budget spent at once stops before the first step
    run_train(tmp_path, "--out", str(tmp_path / "split"), "--training.checkpointEverySteps=3",
              "--output", str(tmp_path / "split.safetensors"))
    straight, _ = safetensors_io.read(tmp_path / "straight" / "checkpoint.safetensors")
    split, metadata = safetensors_io.read(tmp_path / "split" / "checkpoint.safetensors")
    assert metadata[checkpoint.STEP_KEY] == "6" and len(split) == 4 * len(list(AcditNetwork(TINY).parameters())) + 1
    for name, value in straight.items():
        assert np.array_equal(value, split[name]), name
    config, weights, model_metadata = checkpoint.load_model(tmp_path / "split.safetensors")
    assert config == TINY and model_metadata["tessera.provenance.steps"] == "6"
    assert model_metadata["tessera.provenance.git_commit"] == "abc123"
    assert model_metadata["tessera.train.images_seen"] == "24"
    assert all(np.array_equal(weights[n].numpy(), straight["ema/" + n]) for n in weights)
    with open(tmp_path / "split" / "log.csv") as f:
        assert f.readline().strip().split(",")[:3] == ["step", "loss", "learning_rate"]


def test_resuming_a_different_run_is_refused(tmp_path):
    write_training_set(tmp_path / "set.gz", TINY)
    run_train(tmp_path, "--out", str(tmp_path / "run"))
    with pytest.raises(ValueError, match=r"learningRate \(checkpoint 0.001, now 0.002\)"):
        run_train(tmp_path, "--out", str(tmp_path / "run"), "--training.learningRate=0.002")


def test_a_checkpoint_splits_into_small_files_and_joins_back(tmp_path):
    write_training_set(tmp_path / "set.gz", TINY)
    run_train(tmp_path, "--out", str(tmp_path / "run"))
    original = tmp_path / "run" / "checkpoint.safetensors"
    parts = checkpoint.split(original, str(tmp_path / "parts" / "ckpt"))
    assert len(parts) == 4
    checkpoint.join(str(tmp_path / "parts" / "ckpt"), tmp_path / "joined.safetensors")
    assert safetensors_io.read(original)[1] == safetensors_io.read(tmp_path / "joined.safetensors")[1]
    a, b = safetensors_io.read(original)[0], safetensors_io.read(tmp_path / "joined.safetensors")[0]
    assert a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)


def test_two_processes_train_one_model_with_torchruns_environment(tmp_path):
    """Two processes started as torchrun starts them (RANK, WORLD_SIZE, ... in the environment; torchrun itself
    is broken in some distributions' PyTorch builds), on the CPU over gloo."""
    write_training_set(tmp_path / "set.gz", TINY)
    command = [sys.executable, "-m", "training.train", "--config", tiny_run_config(tmp_path, 4),
               "--data", str(tmp_path / "set.gz"), "--root", str(tmp_path), "--device", "cpu", "--commit", "x"]
    port = str(29500 + os.getpid() % 1000)
    processes = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                  env=dict(os.environ, OMP_NUM_THREADS="1", RANK=str(rank), LOCAL_RANK=str(rank),
                                           WORLD_SIZE="2", MASTER_ADDR="127.0.0.1", MASTER_PORT=port))
                 for rank in range(2)]
    outputs = [p.communicate(timeout=300)[0] for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    assert "2 process(es)" in outputs[0] and outputs[1].strip() == ""  # rank 0 alone logs
    assert checkpoint.load_model(tmp_path / "model.safetensors")[2]["tessera.train.device"] == "2 x cpu"


def test_ddp_averages_the_gradient_of_the_whole_batch(tmp_path):
    """Two gloo processes, each with half of one batch, end with the gradient one process gets from the whole."""
    from training.scripts import ddp_gradients
    port = str(30500 + os.getpid() % 1000)
    out = tmp_path / "grads.pt"
    processes = [subprocess.Popen([sys.executable, "-m", "training.scripts.ddp_gradients", str(out)], cwd=ROOT,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                  env=dict(os.environ, OMP_NUM_THREADS="1", RANK=str(rank), LOCAL_RANK=str(rank),
                                           WORLD_SIZE="2", MASTER_ADDR="127.0.0.1", MASTER_PORT=port))
                 for rank in range(2)]
    outputs = [p.communicate(timeout=300)[0] for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    averaged = torch.load(out)
    whole = ddp_gradients.gradients(ddp_gradients.network(), ddp_gradients.batch())
    assert averaged.keys() == whole.keys() and len(whole) > 10
    for name, value in whole.items():
        assert torch.allclose(averaged[name], value, rtol=1e-4, atol=1e-7), name
    # Not the gradient of one half alone: the check can fail.
    half = ddp_gradients.gradients(ddp_gradients.network(), [x[:4] for x in ddp_gradients.batch()])
    assert any(not torch.allclose(half[n], whole[n], rtol=1e-4, atol=1e-7) for n in whole)


def test_the_training_set_sample_written_by_java_reads():
    if not os.path.exists(SAMPLE):
        pytest.skip("no committed training-set sample")
    config = AcditConfig(imageSize=32, patchSize=4, blockSide=4, width=32, depth=1, heads=2, mlpRatio=1,
                         promptDim=384, ropeBase=100.0, styles=("GOOGLE", "TWITTER"))
    sample = data.TrainingSet(SAMPLE, config)
    assert len(sample) > 0 and sample.tokens.min() >= -1 and sample.tokens.max() <= 1
    norms = sample.prompt_vectors.norm(dim=1)
    assert torch.allclose(norms, torch.ones_like(norms), atol=2e-3)  # MiniLM vectors are unit-norm; F16 rounds
    assert len(sample.prompt_texts) == sample.prompt_vectors.shape[0]
    vectors, styles, keep = sample.conditions(torch.arange(len(sample)), torch.Generator().manual_seed(0))
    assert vectors.shape == (len(sample), 384) and set(styles.tolist()) <= {0, 1}


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_fused_adamw_skips_an_update_flagged_not_finite():
    p = torch.nn.Parameter(torch.ones(4, device="cuda"))
    optimizer = torch.optim.AdamW([p], lr=0.1, fused=True)
    p.grad = torch.ones_like(p)
    optimizer.found_inf = torch.ones((), device="cuda")
    optimizer.step()
    assert torch.equal(p.detach(), torch.ones_like(p))
    optimizer.found_inf = torch.zeros((), device="cuda")
    optimizer.step()
    assert (p.detach() < 1).all()


def test_the_committed_video_and_motion_fixtures_are_what_the_twin_computes_now():
    folder = os.path.join(ROOT, parity.DEFAULT_OUT)
    config, weights, _ = checkpoint.load_model(os.path.join(folder, parity.VIDEO_MODEL_FILE))
    assert config == parity.VIDEO_CONFIG and config.is_video
    network = AcditNetwork(config)
    network.load_state_dict(weights)
    tensors, _ = safetensors_io.read(os.path.join(folder, parity.VIDEO_CASE_FILE))
    noisy, predicted, loss = parity.expected(network, parity.video_case(parity.SEED))
    assert np.abs(tensors["expected_noise"] - predicted.numpy()).max() < 1e-4
    assert abs(float(tensors["expected_loss"][0]) - loss.item()) < 1e-4
    clips, _ = safetensors_io.read(os.path.join(folder, parity.MOTION_CASE_FILE))
    again = parity.motion_case(parity.SEED)
    # float64 sines and cosines may differ in the last bit from one processor to another (seen: 1 of 144 by 1.1e-16)
    assert np.abs(clips["paths"] - again["paths"].numpy()).max() < 1e-12
    assert np.abs(clips["frames"] - again["frames"].numpy()).max() < 1e-6


def test_a_video_config_keeps_image_json_and_validates_its_geometry():
    image = TINY
    assert "frames" not in image.to_json()
    video = TINY.replace(imageSize=16, blockSide=4, width=32, frames=4, framesPerBlock=2)
    assert video.to_json().endswith('"frames":4,"framesPerBlock":2}')
    assert AcditConfig.from_json(video.to_json()) == video
    with pytest.raises(ValueError, match="whole frames"):
        video.replace(blockSide=2)
    with pytest.raises(ValueError, match="does not divide the 5 frames"):
        video.replace(frames=5)
    with pytest.raises(ValueError, match="16 \\(3-D RoPE\\)"):
        video.replace(width=16)
    layout = video.layout
    tokens = torch.arange(2 * 4 * 16 * 16 * 3).reshape(2, 4, 16, 16, 3)
    assert torch.equal(layout.tokens_to_images(layout.images_to_tokens(tokens)), tokens)
    # token 21 = block 1 (tokens 16-31)... of 4x4-token frames: frame 1, row 1, col 1
    assert (layout.frame(21), layout.row(21), layout.col(21)) == (1, 1, 1)


def test_drawn_paths_go_on_and_keep_the_sprite_inside_the_frame_or_wrap_it_around():
    from training import motion
    count = 4000
    motions = torch.arange(count) % len(motion.MOTIONS)
    u = torch.rand(count, 16, generator=torch.Generator().manual_seed(3), dtype=torch.float64)
    paths = motion.draw_paths(motions, u, 48, 32, 16)
    assert torch.equal(paths, motion.draw_paths(motions, u, 16, 32, 16)), "a path does not depend on the clip's length"
    p = {name: paths[:, i] for i, name in enumerate(motion.PATH_FIELDS)}
    straight = motions < 4
    # Straight motions: 10-14 px per 15 frames (at most the room the sprite had between the edges), from anywhere.
    speed = (p["vx"].abs() + p["vy"].abs())[straight]
    assert (speed >= 9.6 / 15 - 1e-9).all() and (speed <= 13.44 / 15 + 1e-9).all()
    along = torch.where(p["vx"] != 0, p["x0"], p["y0"])[straight]
    assert along.min() < 1 and along.max() > 31
    zoom = (motions == 4) | (motions == 5)
    small, large = 0.5 + 0.15 * u[:, 9], 1.2 + 0.2 * u[:, 12]
    resets = torch.zeros(count, dtype=torch.long)
    previous = None
    for f in range(48):
        cy = p["y0"] + p["vy"] * f - p["hop"] * torch.abs(torch.sin(np.pi * f / p["period"] + p["phase"]))
        s = torch.where(p["cycle"] > 0, torch.remainder(f + p["shift"], p["cycle"].clamp(min=1)), torch.tensor(float(f)))
        scale = p["scale0"] * torch.exp(p["growth"] * s)
        # Zooms stay within their range and restart once they reach its end.
        assert (scale[zoom] >= small[zoom] - 1e-9).all() and (scale[zoom] <= large[zoom] + 1e-9).all()
        if previous is not None:
            resets += (zoom & ((scale / previous).log().abs() > 0.3)).long()
        previous = scale
        # Every motion but the straight ones keeps the sprite inside the frame, at any length.
        cx = p["x0"] + p["vx"] * f
        half = scale * 8
        inside = (cx - half >= 0) & (cx + half <= 32) & (cy - half >= 0) & (cy + half <= 32)
        assert inside[~straight].all()
    # 48 frames hold two or three resets of a 20-frame cycle; 16 frames (15 steps) at most one, most of them one.
    assert set(resets[zoom].tolist()) <= {2, 3}
    alpha = torch.rand(8, 16, 16, 1)
    sprites = torch.cat([torch.rand(8, 16, 16, 3) * alpha, alpha], dim=3)  # premultiplied
    frames = motion.render(sprites, paths[:8].float(), 48, 32)
    assert frames.shape == (8, 48, 32, 32, 3) and frames.min() >= -1 and frames.max() <= 1.0001
    # The frame is a torus: a path shifted by a whole frame draws the same clip.
    shifted = paths[:8].clone()
    shifted[:, 0] += 32
    shifted[:, 1] -= 64
    assert (motion.render(sprites, shifted.float(), 48, 32) - frames).abs().max() < 1e-4


def test_a_sprite_moving_right_re_enters_on_the_left_and_a_zoom_restarts():
    from training import motion
    u = torch.full((2, 16), 0.5, dtype=torch.float64)
    u[:, 0] = 0.2  # a plain background
    u[0, 12] = 0.6  # RIGHT from x = 19.2, 0.77 px a frame: crosses x = 32 at frame 17
    u[1, 15] = 0.5  # ZOOM_IN 10 frames into its cycle: back to the smallest at frames 10 and 30
    paths = motion.draw_paths(torch.tensor([1, 4]), u, 48, 32, 16)
    sprites = torch.zeros(2, 16, 16, 4, dtype=torch.float64)
    sprites[:, 2:14, 2:14] = torch.tensor([0.0, 0.0, 0.0, 1.0], dtype=torch.float64)  # a black square of 12 texels
    frames = motion.render(sprites, paths, 48, 32)
    dark = (frames[..., 0] < 0).double()  # [B, F, H, W]: the square's pixels
    columns = dark[0].sum(dim=1) > 0  # [F, W]
    assert columns[0, 16] and not columns[0, 0]
    assert columns[17, 0] and columns[17, 31], "crossing: on both sides"
    assert columns[30, 5] and not columns[30, 28], "past the edge: back on the left only"
    area = dark[1].sum(dim=(1, 2))
    grows = area[1:] >= area[:-1]
    assert not grows[9] and not grows[29] and area[10] < 0.5 * area[9], "the zoom restarts at frames 10 and 30"
    assert grows[[f for f in range(47) if f not in (9, 29)]].all()


def write_motion_set(path, config, sprites=6):
    """A synthetic export in the format MotionSetExport writes."""
    from training import motion
    rng = np.random.default_rng(1)
    pairs = sprites * len(motion.MOTIONS)
    alpha = rng.integers(0, 256, (sprites, 16, 16, 1))
    rgb = (rng.integers(0, 256, (sprites, 16, 16, 3)) * alpha // 255)
    prompts = rng.normal(size=(pairs, config.promptDim))
    prompts /= np.linalg.norm(prompts, axis=1, keepdims=True)
    scales = np.abs(prompts).max(axis=1) / 127  # I8 rows with a scale each, as MotionSetExport writes them
    tensors = {
        "sprites": np.concatenate([rgb, alpha], axis=3).astype(np.uint8),
        "sprite_style": (np.arange(sprites) % 2).astype(np.int32), "sprite_group": (np.arange(sprites) // 2).astype(np.int32),
        "pair_sprite": np.repeat(np.arange(sprites), len(motion.MOTIONS)).astype(np.int32),
        "pair_motion": np.tile(np.arange(len(motion.MOTIONS)), sprites).astype(np.int32),
        "pair_held_out": (np.arange(pairs) % 8 == np.repeat(np.arange(sprites), 8) % 8).astype(np.uint8),
        "prompt_offsets": np.arange(pairs + 1, dtype=np.int32), "prompt_ids": np.arange(pairs, dtype=np.int32),
        "prompt_vectors": np.round(prompts / scales[:, None]).astype(np.int8),
        "prompt_vector_scales": scales.astype(np.float32),
    }
    metadata = {"tessera.format": motion.FORMAT, "tessera.styles": json.dumps(["GOOGLE", "TWITTER"]),
                "tessera.motions": json.dumps(list(motion.MOTIONS)), "tessera.image_size": str(config.imageSize),
                "tessera.prompt_texts": json.dumps([f"text {i}" for i in range(pairs)])}
    with open(path, "wb") as f:
        f.write(gzip.compress(safetensors_io.encode(tensors, metadata)))


def test_a_video_model_trains_on_clips_drawn_from_a_motion_set(tmp_path):
    from training import motion
    video = TINY.replace(imageSize=16, blockSide=4, width=32, frames=4, framesPerBlock=2)
    write_motion_set(tmp_path / "motion.gz", video)
    moves = motion.MotionSet(tmp_path / "motion.gz", video)
    assert len(moves) == 6 * 7  # one held-out motion per sprite
    norms = moves.prompt_vectors.norm(dim=1)  # code x scale: unit vectors back to well under a step of 1/127
    assert torch.allclose(norms, torch.ones_like(norms), atol=2e-2) and moves.prompt_vectors.abs().max() > 0.05
    tokens = moves.clean_tokens(torch.arange(3), torch.Generator().manual_seed(0))
    assert tokens.shape == (3, video.layout.token_count, video.patch_floats)
    spec = json.loads(open(tiny_run_config(tmp_path, 3)).read())
    spec["acdit"].update(imageSize=16, blockSide=4, width=32, frames=4, framesPerBlock=2)
    (tmp_path / "video.json").write_text(json.dumps(spec))
    from training import train
    assert train.main(["--config", str(tmp_path / "video.json"), "--data", str(tmp_path / "motion.gz"), "--root",
                       str(tmp_path), "--device", "cpu", "--log-seconds", "0", "--commit", "v1"]) == 0
    config, _, metadata = checkpoint.load_model(tmp_path / "model.safetensors")
    assert config == video and "motion clips of 4 frames" in metadata["tessera.provenance.dataset"]
    with pytest.raises(motion.MotionSetError, match="video model"):
        motion.MotionSet(tmp_path / "motion.gz", TINY)


def test_an_image_or_short_clip_model_starts_a_video_run_of_its_network_with_every_weight(tmp_path):
    image = TINY.replace(width=32)
    video = image.replace(blockSide=4, frames=4, framesPerBlock=2)
    write_motion_set(tmp_path / "motion.gz", video)
    torch.manual_seed(0)
    weights = {name: torch.randn_like(p) for name, p in AcditNetwork(image).named_parameters()}
    checkpoint.save_model(tmp_path / "image.safetensors", weights, image, dataset="d", steps=1, seed=1, git_commit="x")
    spec = json.loads(open(tiny_run_config(tmp_path, 3)).read())
    spec["acdit"].update(width=32, blockSide=4, frames=4, framesPerBlock=2)
    spec["initFrom"] = "image.safetensors"
    (tmp_path / "video.json").write_text(json.dumps(spec))
    from training import train
    args = ["--config", str(tmp_path / "video.json"), "--data", str(tmp_path / "motion.gz"), "--root", str(tmp_path),
            "--device", "cpu", "--log-seconds", "0", "--commit", "v1"]
    assert train.main(args + ["--max-minutes=1e-9"]) == 0  # stops before the first step, with a checkpoint
    saved, _ = safetensors_io.read(tmp_path / "run" / "checkpoint.safetensors")
    for name, value in weights.items():
        assert np.array_equal(saved[checkpoint.PARAMS + name], value.numpy()), name
    # A short-clip model starts a longer one the same way.
    checkpoint.save_model(tmp_path / "short.safetensors", weights, video, dataset="d", steps=1, seed=1, git_commit="x")
    spec["initFrom"], spec["acdit"]["frames"] = "short.safetensors", 8
    (tmp_path / "video.json").write_text(json.dumps(spec))
    assert train.main(args + ["--out", str(tmp_path / "long"), "--max-minutes=1e-9"]) == 0
    saved, _ = safetensors_io.read(tmp_path / "long" / "checkpoint.safetensors")
    for name, value in weights.items():
        assert np.array_equal(saved[checkpoint.PARAMS + name], value.numpy()), name
    spec["acdit"].update(width=64, heads=4)  # another network: refused
    (tmp_path / "video.json").write_text(json.dumps(spec))
    with pytest.raises(ValueError, match="video model of the same network"):
        train.main(args + ["--out", str(tmp_path / "other")])


@pytest.mark.skipif(not torch.cuda.is_available(), reason="FlexAttention's block mask runs compiled, on CUDA")
def test_block_sparse_attention_gives_what_the_dense_mask_gives():
    # 4 frames of 32x32 in blocks of 2: blocks of 128 tokens, FlexAttention's own block size, as in the video model.
    video = AcditConfig(imageSize=32, patchSize=4, blockSide=8, width=32, depth=2, heads=2, mlpRatio=2, promptDim=8,
                        ropeBase=100.0, styles=("GOOGLE", "TWITTER"), frames=4, framesPerBlock=2)
    torch.manual_seed(3)
    network = AcditNetwork(video).cuda()
    for p in network.parameters():  # every weight random, so the zero-initialised gates do not hide attention
        torch.nn.init.normal_(p, std=0.2)
    g = torch.Generator().manual_seed(4)
    b, n, blocks = 3, video.layout.token_count, video.layout.token_count // video.layout.tokens_per_block
    noisy, clean = (torch.randn(b, n, video.patch_floats, generator=g).cuda() for _ in range(2))
    times = torch.randint(0, 1000, (b, blocks), generator=g).float().cuda()
    prompt = torch.randn(b, 8, generator=g).cuda()
    style, keep = torch.tensor([0, 1, 0]).cuda(), torch.tensor([True, False, True]).cuda()
    with torch.no_grad():
        dense = network(noisy, clean, times, prompt, style, keep)
        network.use_block_sparse_attention()
        sparse = torch.compile(network)(noisy, clean, times, prompt, style, keep)
    assert (dense - sparse).abs().max().item() < 2e-4
