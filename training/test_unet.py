"""The U-Net twin's tests: `python3 -m pytest training/test_unet.py` (CPU is enough).

The cross-language proof is in Java (UnetTwinParityTest reads the fixtures `python3 -m training.parity --only unet`
writes into ensemble/src/test/resources/parity); these check that the twin's U-Net is built, initialised, trained
and saved as the Java one is.
"""
import glob
import json
import os

import numpy as np
import pytest
import torch

from training import checkpoint, config as run_config, parity, safetensors_io
from training.model import model_state
from training.objective import alpha_bar, min_snr_weight
from training.test_twin import write_training_set
from training.unet import UnetConfig, UnetNetwork, unet_loss

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
UNET_FIXTURES = os.path.join(ROOT, parity.UNET_OUT)
# UnetFixtures.tiny() in Java.
TINY = UnetConfig(imageSize=16, channels=16, channelMultipliers=(1, 2), resBlocks=1, attentionResolutions=(8,),
                  groups=4, heads=2, promptDim=8, styles=("GOOGLE", "TWITTER"))


def inputs(config, items, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(items, 3, config.imageSize, config.imageSize, generator=g)
    prompt = torch.nn.functional.normalize(torch.randn(items, config.promptDim, generator=g), dim=1)
    t = torch.linspace(0, 999, items)
    style = torch.arange(items) % 2
    keep = torch.arange(items) % 3 != 2
    return x, t, prompt, style, keep


def test_the_config_is_stored_as_the_java_record_writes_it():
    # UnetModelTest.aSavedModelLoadsToTheSamePredictionsAndItsConfigReadsBackStrictly asserts the same string.
    text = ('{"imageSize":16,"channels":16,"channelMultipliers":[1,2],"resBlocks":1,"attentionResolutions":[8],'
            '"groups":4,"heads":2,"promptDim":8,"styles":["GOOGLE","TWITTER"]}')
    assert TINY.to_json() == text
    assert UnetConfig.from_json(text) == TINY
    with pytest.raises(ValueError, match="8 groups do not divide level 0's 12 channels"):
        TINY.replace(channels=12, groups=8)
    with pytest.raises(ValueError, match=r"attention resolution 4 is none of the levels' \[16, 8\]"):
        TINY.replace(attentionResolutions=(4,))
    with pytest.raises(ValueError, match="unknown keys"):
        UnetConfig.from_run_config(dict(json.loads(text), depth=3), ["google"])


def test_the_expert_network_has_the_java_parameter_names_and_fits_in_ten_megabytes():
    network = UnetNetwork(parity.EXPERT_CONFIG)
    shapes = {name: tuple(p.shape) for name, p in network.named_parameters()}
    for name in ("time.fc1.weight", "cond.prompt.weight", "cond.style", "cond.null", "conv_in.weight",
                 "down.0.res.0.film.weight", "down.0.downsample.weight", "down.1.res.0.skip.weight",
                 "down.2.attn.1.qkv.weight", "mid.attn.proj.weight", "mid.res2.conv2.weight", "up.2.res.2.skip.weight",
                 "up.2.attn.2.proj.bias", "up.1.upsample.weight", "out_norm.weight", "conv_out.weight"):
        assert name in shapes, name
    assert not any(n.startswith(("down.0.attn", "up.0.upsample", "down.2.downsample")) for n in shapes)
    assert shapes["conv_in.weight"] == (32, 3, 3, 3)
    assert shapes["up.2.res.0.conv1.weight"] == (64, 128, 3, 3)
    assert shapes["up.0.res.2.conv1.weight"] == (32, 64, 3, 3)
    assert not any(name.startswith("time.frequencies") for name in network.state_dict())
    count = sum(p.numel() for p in network.parameters())
    assert 5_000_000 < 4 * count <= 10_000_000, count


def test_a_fresh_network_predicts_zero_and_its_loss_is_the_mean_min_snr_weighted_noise():
    torch.manual_seed(1)
    network = UnetNetwork(TINY)
    x, t, prompt, style, keep = inputs(TINY, 4)
    with torch.no_grad():
        assert torch.equal(network(x, t, prompt, style, keep), torch.zeros_like(x))
        steps = torch.tensor([0, 240, 500, 999])
        noise = torch.randn(x.shape, generator=torch.Generator().manual_seed(3))
        loss = unet_loss(network, x.clamp(-1, 1), noise, steps, prompt, style, keep, alpha_bar())
    expected = (noise.square() * min_snr_weight(alpha_bar()[steps]).float()[:, None, None, None]).mean()
    assert loss.item() == pytest.approx(expected.item(), rel=1e-6)


def test_each_images_noise_depends_only_on_its_own_inputs_and_the_condition_matters():
    network = parity.random_network(TINY, 5)
    x, t, prompt, style, keep = inputs(TINY, 3)
    keep = torch.tensor([True, True, True])
    with torch.no_grad():
        together = network(x, t, prompt, style, keep)
        alone = network(x[1:2], t[1:2], prompt[1:2], style[1:2], keep[1:2])
        dropped = network(x[1:2], t[1:2], prompt[1:2], style[1:2], torch.tensor([False]))
    assert torch.allclose(together[1:2], alone, atol=1e-5)
    assert not torch.allclose(alone, dropped, atol=1e-3)


def test_every_unet_config_parses_and_each_expert_starts_from_the_base():
    paths = sorted(p for p in glob.glob(os.path.join(ROOT, "configs", "**", "*.json"), recursive=True)
                   if json.load(open(p)).get("model") == "unet")
    specs = {os.path.basename(p): run_config.load(p) for p in paths}
    assert {"unet-base.json", "unet-expert-google.json", "unet-expert-twitter.json", "unet-tiny-cpu.json"} <= set(specs)
    base = specs["unet-base.json"]
    assert base.model == parity.EXPERT_CONFIG and base.dataStyles == ("GOOGLE", "TWITTER") and base.initFrom is None
    for style in ("google", "twitter"):
        expert = specs[f"unet-expert-{style}.json"]
        assert expert.model == base.model
        assert expert.initFrom == base.output
        assert expert.dataStyles == (style.upper(),)
    with pytest.raises(ValueError, match="dataStyles must be distinct styles"):
        run_config.load(paths[0], ['--dataStyles=["openmoji"]'])


def test_the_committed_unet_fixtures_are_what_the_twin_computes_now():
    model_file = os.path.join(UNET_FIXTURES, parity.UNET_MODEL_FILE)
    if not os.path.exists(model_file):
        pytest.skip(f"no U-Net fixtures yet: write them with python3 -m training.parity --only unet")
    config, weights, _ = checkpoint.load_model(model_file, UnetConfig.KIND)
    assert config == parity.UNET_CONFIG
    network = UnetNetwork(config)
    network.load_state_dict(weights)
    tensors, _ = safetensors_io.read(os.path.join(UNET_FIXTURES, parity.UNET_CASE_FILE))
    case = parity.unet_case(parity.SEED)
    assert np.array_equal(tensors["clean"], case["clean"].numpy())
    noisy, predicted, loss = parity.unet_expected(network, case)
    assert np.abs(tensors["noisy"] - noisy.numpy()).max() < 1e-6
    assert np.abs(tensors["expected_noise"] - predicted.numpy()).max() < 1e-4
    assert abs(float(tensors["expected_loss"][0]) - loss.item()) < 1e-4
    assert predicted.square().mean().sqrt().item() > 0.5, "the fixture's ε must be far from zero to prove anything"
    for name, value in model_state(parity.random_network(parity.UNET_CONFIG, parity.SEED)).items():
        assert np.array_equal(weights[name].numpy(), value.numpy()), name


def tiny_unet_run_config(tmp_path, steps, **extra):
    spec = {"model": "unet", "styles": ["google", "twitter"], "output": "model.safetensors", "workDir": "run",
            "unet": json.loads(TINY.to_json()),
            "training": {"steps": steps, "batchSize": 4, "learningRate": 1e-3, "warmupSteps": min(2, steps),
                         "checkpointEverySteps": 0, "checkpointEveryMinutes": 0, "seed": 5, "sampling": "balanced"}}
    del spec["unet"]["styles"]
    spec.update(extra)
    path = tmp_path / "unet-config.json"
    path.write_text(json.dumps(spec))
    return str(path)


def run_unet_train(tmp_path, config, *extra):
    from training import train
    args = ["--config", config, "--data", str(tmp_path / "set.gz"), "--root", str(tmp_path), "--device", "cpu",
            "--log-seconds", "0", "--commit", "abc123", *extra]
    assert train.main(args) == 0


def test_a_unet_run_resumes_exactly_and_writes_a_unet_model_file(tmp_path):
    write_training_set(tmp_path / "set.gz", TINY)
    config = tiny_unet_run_config(tmp_path, 6)
    run_unet_train(tmp_path, config, "--out", str(tmp_path / "straight"),
                   "--output", str(tmp_path / "straight.safetensors"))
    run_unet_train(tmp_path, config, "--out", str(tmp_path / "split"), "--max-minutes=1e-9")
    run_unet_train(tmp_path, config, "--out", str(tmp_path / "split"), "--training.checkpointEverySteps=3",
                   "--output", str(tmp_path / "split.safetensors"))
    straight, _ = safetensors_io.read(tmp_path / "straight" / "checkpoint.safetensors")
    split, _ = safetensors_io.read(tmp_path / "split" / "checkpoint.safetensors")
    for name, value in straight.items():
        assert np.array_equal(value, split[name]), name
    loaded, weights, metadata = checkpoint.load_model(tmp_path / "split.safetensors", UnetConfig.KIND)
    assert loaded == TINY and metadata["tessera.model"] == "unet"
    assert set(weights) == {n for n, _ in UnetNetwork(TINY).named_parameters()}
    assert all(np.array_equal(weights[n].numpy(), straight["ema/" + n]) for n in weights)
    assert metadata["tessera.provenance.dataset"].startswith("emoji [google, twitter] 16px")


def test_an_expert_fine_tunes_the_base_on_its_own_style_only(tmp_path):
    write_training_set(tmp_path / "set.gz", TINY)
    run_unet_train(tmp_path, tiny_unet_run_config(tmp_path, 3), "--out", str(tmp_path / "base"),
                   "--output", str(tmp_path / "base.safetensors"))
    from training import train
    from training.data import TrainingSet
    expert = tiny_unet_run_config(tmp_path, 1, initFrom="base.safetensors", dataStyles=["twitter"])
    spec = run_config.load(expert)
    data = TrainingSet(str(tmp_path / "set.gz"), spec.model, "cpu", data_styles=spec.dataStyles)
    assert len(data) == 6 and set(data.style.tolist()) == {1}  # write_training_set alternates the two styles
    args = train.parse(["--config", expert, "--data", str(tmp_path / "set.gz"), "--root", str(tmp_path),
                        "--device", "cpu", "--out", str(tmp_path / "expert"), "--training.learningRate=1e-12",
                        "--training.minLearningRate=0"])
    run = train.Run(*args, train.Distributed("cpu"))
    _, base, _ = checkpoint.load_model(tmp_path / "base.safetensors", UnetConfig.KIND)
    for name, p in run.network.named_parameters():
        assert torch.equal(p.detach(), base[name]), name
    with pytest.raises(ValueError, match="is not a U-Net model"):
        checkpoint.load_model(os.path.join(ROOT, "assets", "models", "acdit-default.safetensors"), UnetConfig.KIND)
