"""Training configs: the same configs/*.json that `./tessera train` reads (TrainingRunFile, TrainingConfig).

``--key=value`` overrides address the JSON by dotted path (``--training.steps=40000``,
``--acdit.width=192``, ``--output=runs/x.safetensors``); values parse as JSON, else as strings.
"""
import json
import os
import math
from dataclasses import asdict, dataclass, fields

from training.model import AcditConfig
from training.unet import UnetConfig

SAMPLINGS = ("uniform", "balanced")


@dataclass(frozen=True)
class TrainingConfig:
    """The "training" object, with TrainingConfig.defaults(steps) for what it leaves out."""
    steps: int
    batchSize: int = 64
    learningRate: float = 3e-4
    minLearningRate: float = 3e-5
    warmupSteps: int = None
    decayFraction: float = 0.15
    weightDecay: float = 0.01
    beta1: float = 0.9
    beta2: float = 0.95
    epsilon: float = 1e-8
    gradientClip: float = 1.0
    emaDecay: float = 0.999
    checkpointEverySteps: int = 1000
    checkpointEveryMinutes: float = 15.0
    seed: int = 0
    sampling: str = "uniform"

    def __post_init__(self):
        if self.warmupSteps is None and isinstance(self.steps, int) and self.steps > 0:
            object.__setattr__(self, "warmupSteps", min(1000, self.steps // 10))
        checks = [
            ("steps", _integer(self.steps) and self.steps > 0, "must be > 0"),
            ("batchSize", _integer(self.batchSize) and self.batchSize > 0, "must be > 0"),
            ("learningRate", _finite(self.learningRate) and self.learningRate > 0, "must be a finite number > 0"),
            ("minLearningRate", _finite(self.minLearningRate) and 0 <= self.minLearningRate <= self.learningRate,
             "must be between 0 and learningRate"),
            ("warmupSteps", _integer(self.warmupSteps) and 0 <= self.warmupSteps <= self.steps,
             "must be between 0 and steps"),
            ("decayFraction", _finite(self.decayFraction) and 0 <= self.decayFraction <= 1, "must be between 0 and 1"),
            ("weightDecay", _finite(self.weightDecay) and self.weightDecay >= 0, "must be >= 0"),
            ("beta1", _finite(self.beta1) and 0 <= self.beta1 < 1, "must be in [0, 1)"),
            ("beta2", _finite(self.beta2) and 0 <= self.beta2 < 1, "must be in [0, 1)"),
            ("epsilon", _finite(self.epsilon) and self.epsilon > 0, "must be a finite number > 0"),
            ("gradientClip", _finite(self.gradientClip) and self.gradientClip > 0, "must be a finite number > 0"),
            ("emaDecay", _finite(self.emaDecay) and 0 <= self.emaDecay < 1, "must be in [0, 1)"),
            ("checkpointEverySteps", _integer(self.checkpointEverySteps) and self.checkpointEverySteps >= 0,
             "must be >= 0"),
            ("checkpointEveryMinutes", _finite(self.checkpointEveryMinutes) and self.checkpointEveryMinutes >= 0,
             "must be >= 0"),
            ("seed", _integer(self.seed), "must be an integer"),
            ("sampling", self.sampling in SAMPLINGS, "must be one of " + ", ".join(SAMPLINGS)),
        ]
        for field, ok, rule in checks:
            if not ok:
                raise ValueError(f"invalid training config: {field} {rule}, was {getattr(self, field)!r}")

    @staticmethod
    def from_dict(values):
        known = {f.name for f in fields(TrainingConfig)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"invalid training config: unknown fields {unknown}")
        if "steps" not in values:
            values = dict(values, steps=1000)
        return TrainingConfig(**values)

    def to_json(self):
        """As the Java record serialises (field order, doubles with a decimal point)."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = float(value) if f.type is float or f.type == "float" else value
        return json.dumps(out, separators=(",", ":"))

    def as_dict(self):
        return asdict(self)


@dataclass(frozen=True)
class RunConfig:
    """A whole configs/*.json file of an ACDiT or U-Net run. ``dataStyles`` (U-Net only) are the styles whose
    images the run trains on, all of the model's when None."""
    model: object
    training: TrainingConfig
    output: str
    workDir: str
    initFrom: str
    description: str
    raw: dict
    dataStyles: tuple = None

    @property
    def kind(self):
        return self.model.KIND


def load(path, overrides=(), root="."):
    with open(path, encoding="utf-8") as f:
        try:
            raw = json.load(f)
        except json.JSONDecodeError as e:
            raise ValueError(f"{path}: not valid JSON: {e}") from e
    for override in overrides:
        apply_override(raw, override)
    try:
        return from_dict(raw, root)
    except ValueError as e:
        raise ValueError(f"{path}: {e}") from e


def from_dict(raw, root="."):
    """A RunConfig; an "afa" run reads its experts' architecture from their files, relative to ``root``."""
    if not isinstance(raw, dict):
        raise ValueError("a training config must be a JSON object")
    kind = raw.get("model")
    if kind not in ("acdit", "unet", "afa"):
        raise ValueError(f"model kind must be 'acdit', 'unet' or 'afa' for the GPU twin, was {kind!r}")
    if kind == "afa":
        return afa_from_dict(raw, root)
    for key in (kind, "training", "styles", "output", "workDir"):
        if key not in raw:
            raise ValueError(f"missing field '{key}'")
    if kind == "acdit":
        if "dataStyles" in raw:
            raise ValueError("'dataStyles' is a U-Net field; an ACDiT run trains on every style it knows")
        model = AcditConfig.from_run_config(raw["acdit"], raw["styles"])
        data_styles = None
    else:
        model = UnetConfig.from_run_config(raw["unet"], raw["styles"])
        data_styles = tuple(str(s).upper() for s in raw.get("dataStyles", raw["styles"]))
        if not data_styles or len(set(data_styles)) != len(data_styles) \
                or any(s not in model.styles for s in data_styles):
            raise ValueError(f"dataStyles must be distinct styles of the model's {list(model.styles)}, were "
                             f"{raw.get('dataStyles')}")
    return RunConfig(model=model, training=TrainingConfig.from_dict(raw["training"]), output=raw["output"],
                     workDir=raw["workDir"], initFrom=raw.get("initFrom"), description=raw.get("description", ""),
                     raw=raw, dataStyles=data_styles)


def afa_from_dict(raw, root):
    """An "afa" run (AfaTrainingSpec): expert files relative to ``root``, an aggregator {"width"}, optional
    dataStyles among the experts' styles (all of them by default); no styles, architecture or initFrom."""
    for key in ("experts", "aggregator", "training", "output", "workDir"):
        if key not in raw:
            raise ValueError(f"missing field '{key}'")
    for key in ("styles", "unet", "initFrom"):
        if key in raw:
            raise ValueError(f"'{key}' is not a field of an afa run: the experts' files give the architecture")
    experts = raw["experts"]
    if not isinstance(experts, list) or not all(isinstance(e, str) and e for e in experts):
        raise ValueError(f"experts must be a list of expert file paths, was {experts!r}")
    aggregator = raw["aggregator"]
    if not isinstance(aggregator, dict) or set(aggregator) != {"width"}:
        raise ValueError(f"aggregator must be {{\"width\": ...}} and nothing else, was {aggregator!r}")
    from training.afa import AfaConfig, load_architecture
    architecture = load_architecture([os.path.join(root, e) for e in experts])
    model = AfaConfig(architecture=architecture, experts=tuple(experts), width=aggregator["width"])
    data_styles = tuple(str(s).upper() for s in raw.get("dataStyles", architecture.styles))
    if not data_styles or len(set(data_styles)) != len(data_styles) \
            or any(s not in architecture.styles for s in data_styles):
        raise ValueError(f"dataStyles must be distinct styles of the experts' {list(architecture.styles)}, were "
                         f"{raw.get('dataStyles')}")
    return RunConfig(model=model, training=TrainingConfig.from_dict(raw["training"]), output=raw["output"],
                     workDir=raw["workDir"], initFrom=None, description=raw.get("description", ""), raw=raw,
                     dataStyles=data_styles)


def apply_override(raw, override):
    """Applies one ``key.path=value`` to the JSON tree; the key must exist unless it is top-level."""
    if not override.startswith("--") or "=" not in override:
        raise ValueError(f"override '{override}' must look like --key=value (e.g. --training.steps=40000)")
    key, text = override[2:].split("=", 1)
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        value = text
    path = key.split(".")
    node = raw
    for part in path[:-1]:
        if not isinstance(node.get(part), dict):
            raise ValueError(f"override '{override}': '{part}' is not an object of the config")
        node = node[part]
    if len(path) > 1 and path[-1] not in node and not (path[0] == "training" and path[-1] in _training_fields()):
        raise ValueError(f"override '{override}': no field '{key}' in the config")
    node[path[-1]] = value


def _training_fields():
    return {f.name for f in fields(TrainingConfig)}


def _integer(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _finite(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
