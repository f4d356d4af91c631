"""Pruned twins, INT4 rounding and distillation (training/model.py, int4.py, distill.py)."""
import json
import os

import numpy as np
import pytest
import torch

from training import checkpoint, distill, int4, parity, safetensors_io
from training.model import AcditConfig, AcditNetwork, model_state
from training.test_twin import ROOT, TINY, write_training_set

PRUNED = TINY.replace(depth=4, removed=((0, "MLP"), (1, "ATTENTION"), (1, "ADALN"), (2, "LAYER")))


def test_a_pruned_network_has_the_tensors_the_java_loader_demands():
    shapes = {name: tuple(p.shape) for name, p in AcditNetwork(PRUNED).named_parameters()}
    w = PRUNED.width
    assert not any(name.startswith("layers.2.") for name in shapes)
    assert not any(name.startswith(("layers.0.mlp.", "layers.0.clean_norm2", "layers.1.attn.", "layers.1.clean_norm1"))
                   for name in shapes)
    assert shapes["layers.0.adaln.weight"] == (3 * w, w)  # attention's shift, scale and gate only
    assert shapes["layers.1.adaln.bias"] == (3 * w,) and "layers.1.adaln.weight" not in shapes
    assert shapes["layers.3.adaln.weight"] == (6 * w, w)


def test_the_committed_pruned_fixture_is_what_the_twin_computes_now():
    folder = os.path.join(ROOT, parity.DEFAULT_OUT)
    config, weights, _ = checkpoint.load_model(os.path.join(folder, parity.PRUNED_MODEL_FILE))
    assert config == parity.PRUNED_CONFIG
    network = AcditNetwork(config)
    network.load_state_dict(weights)
    tensors, _ = safetensors_io.read(os.path.join(folder, parity.PRUNED_CASE_FILE))
    _, predicted, loss = parity.expected(network, parity.case(parity.CONFIG, parity.SEED))
    assert np.abs(tensors["expected_noise"] - predicted.numpy()).max() < 1e-4
    assert abs(float(tensors["expected_loss"][0]) - loss.item()) < 1e-4


def test_removing_the_last_layers_is_the_shallower_network():
    torch.manual_seed(3)
    whole = parity.random_network(TINY.replace(depth=3), 7)
    config, weights, _ = distill.build_student({"removed": [{"layer": 2, "part": "LAYER"}]}, ".", whole.config,
                                               model_state(whole))
    student = AcditNetwork(config)
    student.load_state_dict(weights, strict=True)
    shallow = AcditNetwork(TINY.replace(depth=2))
    shallow.load_state_dict(weights, strict=True)
    inputs = parity.case(TINY, 1, timesteps=[[5, 900, 300, 40]], styles=[1], keep=[True])
    assert torch.equal(parity.expected(student, inputs)[1], parity.expected(shallow, inputs)[1])
    with pytest.raises(ValueError, match="give it as"):
        distill.build_student({"removed": [{"layer": 1, "part": "MLP"}]}, ".", whole.config, model_state(whole))


def test_a_narrowed_student_is_accepted_and_trains_from_layer_0_even_with_preservation(tmp_path):
    whole = parity.random_network(TINY.replace(depth=2, mlpRatio=4), 8)
    narrow = TINY.replace(depth=2, mlpRatio=2)
    sensitivity = {"0": 0.5, "1": 0.1}
    factors, embedding = distill.layer_factors(narrow, True, "UNIFORM", sensitivity, narrowed=True)
    assert factors == {0: 1.0, 1: 1.0} and embedding == 0.0
    assert distill.layer_factors(narrow, True, "UNIFORM", sensitivity)[0] == {0: 0.0, 1: 0.0}  # nothing pruned
    assert distill.narrowed_text(whole.config, narrow) == "64 → 32 hidden units in every layer's MLP"  # as Java's
    wider = TINY.replace(depth=2, mlpRatio=8)
    for config, ok in ((narrow, True), (wider, False), (TINY.replace(depth=2, mlpRatio=4, width=32), False)):
        path = str(tmp_path / f"student-{config.mlpRatio}-{config.width}.safetensors")
        checkpoint.save_model(path, {n: p for n, p in AcditNetwork(config).named_parameters()}, config,
                              dataset="test", steps=0, seed=0, git_commit="abc")
        if ok:
            assert distill.build_student({"student": path}, "/", whole.config, model_state(whole))[0] == narrow
        else:
            with pytest.raises(ValueError, match="not pruned or narrowed"):
                distill.build_student({"student": path}, "/", whole.config, model_state(whole))


@pytest.mark.parametrize("group,scheme", [(32, "symmetric"), (64, "asymmetric"), (128, "symmetric")])
def test_int4_rounding_is_within_half_a_step_and_idempotent(group, scheme):
    w = parity.int4_case(parity.SEED)["weight"]
    q = int4.quantize_dequantize(w, group, scheme)
    groups = w.reshape(w.shape[0], -1, group)
    span = groups.abs().amax(-1) / 7 if scheme == "symmetric" else (
        torch.maximum(groups.amax(-1), torch.zeros(())) - torch.minimum(groups.amin(-1), torch.zeros(()))) / 15
    error = (q - w).reshape(groups.shape).abs().amax(-1)
    assert torch.all(error <= span * 0.5 * (1 + 2 ** -9) + 1e-12)
    if scheme == "symmetric":  # the grid INT4-aware training snaps to: quantizing it again changes nothing
        assert torch.equal(int4.quantize_dequantize(q, group, scheme), q)
    assert (q.reshape(groups.shape) != 0).sum(-1).min() == 0  # the all-zero group stays zero
    assert len(torch.unique(q[0, 128:160])) > 4  # and a real group uses many codes


def test_f16_ceil_is_the_smallest_half_not_below():
    values = torch.tensor([0.0, 1e-3, 0.1, 1 / 3, 0.5, 7.0, 123.456])
    up = int4.f16_ceil(values)
    assert torch.all(up >= values)
    below = (up.to(torch.float16).view(torch.int16) - 1).view(torch.float16).float()
    assert torch.all((below < values) | (values == 0))


def test_quantized_linears_compute_with_the_grid_and_train_the_latent_weights():
    network = parity.random_network(TINY.replace(width=32), 4)
    inputs = parity.case(TINY.replace(width=32), 2, timesteps=[[5, 900, 300, 40]], styles=[0], keep=[True])
    names = int4.quantized_weights(network, 32)
    assert names and all(n.startswith("layers.") for n in names)
    latent = {n: p.detach().clone() for n, p in network.named_parameters()}
    quantized = int4.QuantizedLinears(network, 32, "symmetric")
    with quantized:
        during = parity.expected(network, inputs)[1]
    after = parity.expected(network, inputs)[1]
    assert not torch.equal(during, after)  # the context changed the arithmetic, and leaving it undid that
    quantized.snap(network)
    assert torch.allclose(parity.expected(network, inputs)[1], during, atol=1e-5)
    changed = [n for n, p in network.named_parameters() if not torch.equal(p, latent[n])]
    assert sorted(changed) == sorted(names)


def distil(tmp_path, name, **changes):
    """Runs training/distill.py on the CPU: a random 3-layer teacher, its last layer pruned, a synthetic set."""
    teacher = parity.random_network(TINY.replace(depth=3, width=32), 9)
    checkpoint.save_model(tmp_path / "teacher.safetensors", model_state(teacher), teacher.config, dataset="d", steps=1,
                          seed=1, git_commit="x")
    write_training_set(tmp_path / "set.gz", teacher.config)
    spec = {"teacher": "teacher.safetensors", "removed": [{"layer": 2, "part": "LAYER"}],
            "sensitivity": {"0": 0.5, "1": 0.1}, "scaling": "CONTINUOUS", "featureWeight": 0.1,
            "output": name + ".safetensors", "workDir": name,
            "training": {"steps": 40, "batchSize": 8, "learningRate": 3e-3, "minLearningRate": 0, "warmupSteps": 3,
                         "decayFraction": 0.3, "weightDecay": 0, "emaDecay": 0.5, "seed": 2, "sampling": "balanced"},
            **changes}
    (tmp_path / (name + ".json")).write_text(json.dumps(spec))
    args = ["--config", str(tmp_path / (name + ".json")), "--data", str(tmp_path / "set.gz"), "--root", str(tmp_path),
            "--device", "cpu", "--log-seconds", "0", "--commit", "abc"]
    assert distill.main(args) == 0
    losses = [float(row.split(",")[1]) for row in (tmp_path / name / "log.csv").read_text().splitlines()[1:]]
    return teacher, checkpoint.load_model(tmp_path / (name + ".safetensors")), losses


def test_distillation_moves_a_pruned_student_towards_its_teacher_at_each_layers_scaled_rate(tmp_path):
    teacher, (config, weights, metadata), losses = distil(tmp_path, "plain")
    assert config.removed == ((2, "LAYER"),) and metadata["tessera.provenance.git_commit"] == "abc"
    assert "pruned layer 2" in metadata["tessera.compression.recipe"]
    assert np.mean(losses[-5:]) < np.mean(losses[:5])
    # Layer 0, the more sensitive, trains at a fifth of layer 1's rate (CONTINUOUS: 0.1 / 0.5): it moves less.
    moved = {l: (weights[f"layers.{l}.mlp.fc1.weight"] - teacher.state_dict()[f"layers.{l}.mlp.fc1.weight"]).abs().mean()
             for l in (0, 1)}
    assert 0 < moved[0] < moved[1] / 2


def test_int4_aware_distillation_writes_weights_on_the_grid_compress_packs(tmp_path):
    _, (config, weights, metadata), _ = distil(tmp_path, "int4", int4={"group": 32, "scheme": "symmetric"})
    assert "INT4-aware (groups of 32" in metadata["tessera.compression.recipe"]
    names = int4.quantized_weights(AcditNetwork(config), 32)
    assert names
    for name in names:
        assert torch.equal(int4.quantize_dequantize(weights[name], 32), weights[name]), name


def test_the_few_step_grid_is_the_samplers_trailing_grid_and_lies_on_the_teachers():
    assert distill.trailing_grid(4).tolist() == [999, 749, 499, 249, 0]
    assert distill.trailing_grid(32)[::8].tolist() == distill.trailing_grid(4).tolist()
    assert distill.trailing_grid(8)[::1].tolist()[:3] == [999, 874, 749]


def few_step_case(seed):
    teacher = parity.random_network(TINY.replace(width=32), seed)
    inputs = parity.case(TINY.replace(width=32), seed, timesteps=[[0, 0, 0, 0]] * 2, styles=[0, 1], keep=[True, True])
    return teacher, inputs


def test_the_few_step_target_lands_one_ddim_step_where_the_guided_teacher_lands():
    from training.objective import alpha_bar
    teacher, inputs = few_step_case(5)
    few = distill.FewStepTarget({"steps": 2, "teacherSteps": 6, "guidance": 3.0, "styleStrength": 1.0},
                                alpha_bar(), "cpu")
    index = torch.tensor([[0, 3, 3, 0], [3, 0, 0, 3]])
    x = torch.randn(inputs["clean"].shape, generator=torch.Generator().manual_seed(1))
    target = few.epsilon(teacher, x, inputs["clean"], index, inputs["prompt"], inputs["style"], 2)
    # The teacher's three fine steps, taken one by one with the guided ε written out.
    shape = (2, 4, -1, x.shape[-1])
    y = x.clone()
    with torch.no_grad():
        for s in range(3):
            t_from, t_to = few.fine[index + s], few.fine[index + s + 1]
            keep = torch.tensor([True, True])
            c = teacher(y, inputs["clean"], t_from.float(), inputs["prompt"], inputs["style"], keep)
            u = teacher(y, inputs["clean"], t_from.float(), inputs["prompt"], inputs["style"], ~keep)
            o = teacher(y, inputs["clean"], t_from.float(), inputs["prompt"], 1 - inputs["style"], keep)
            eps = (u + 3.0 * (c - u) + (c - o)).reshape(shape)
            a_f, s_f = few.coefficients(t_from)
            a_t, s_t = few.coefficients(t_to)
            y = ((a_t / a_f) * y.reshape(shape) + (s_t - a_t * s_f / a_f) * eps).reshape(y.shape)
    a, s = few.coefficients(few.fine[index])
    a_end, s_end = few.coefficients(few.fine[index + 3])
    landed = (a_end / a) * x.reshape(shape) + (s_end - a_end * s / a) * target.reshape(shape)
    assert torch.allclose(landed.reshape(y.shape), y, atol=1e-3)
    assert (target - teacher(x, inputs["clean"], few.fine[index].float(), inputs["prompt"], inputs["style"],
                             torch.tensor([True, True]))).abs().max() > 0.05  # not just the teacher's own ε


def test_one_fine_step_per_student_step_without_guidance_is_the_teachers_own_epsilon():
    from training.objective import alpha_bar
    teacher, inputs = few_step_case(6)
    few = distill.FewStepTarget({"steps": 4, "teacherSteps": 4, "guidance": 1.0, "styleStrength": 0.0},
                                alpha_bar(), "cpu")
    index = torch.tensor([[0, 1, 2, 3], [3, 2, 1, 0]])
    x = torch.randn(inputs["clean"].shape, generator=torch.Generator().manual_seed(2))
    target = few.epsilon(teacher, x, inputs["clean"], index, inputs["prompt"], inputs["style"], 2)
    with torch.no_grad():
        own = teacher(x, inputs["clean"], few.fine[index].float(), inputs["prompt"], inputs["style"],
                      torch.tensor([True, True]))
    assert torch.allclose(target, own, atol=1e-3)


def test_a_few_step_student_distils_and_records_how_to_sample_it(tmp_path):
    _, (config, weights, metadata), losses = distil(
        tmp_path, "fast", removed=[], scaling="UNIFORM",
        fewStep={"steps": 2, "teacherSteps": 4, "guidance": 4.0, "styleStrength": 1.0})
    assert config.removed == () and "few-step: 2 DDIM steps a block" in metadata["tessera.compression.recipe"]
    assert json.loads(metadata[distill.SAMPLING_KEY]) == {"sampler": "ddim", "steps": 2, "guidance": 1.0,
                                                          "styleStrength": 0.0}
    assert np.mean(losses[-5:]) < np.mean(losses[:5])
