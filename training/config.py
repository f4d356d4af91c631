"""Training configs: the same configs/*.json that `./tessera train` reads (TrainingRunFile, TrainingConfig).

``--key=value`` overrides address the JSON by dotted path (``--training.steps=40000``,
``--acdit.width=192``, ``--output=runs/x.safetensors``); values parse as JSON, else as strings.
"""
import json
import math
from dataclasses import asdict, dataclass, fields

from training.model import AcditConfig

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
    """A whole configs/*.json file of an ACDiT run."""
    model: AcditConfig
    training: TrainingConfig
    output: str
    workDir: str
    initFrom: str
    description: str
    raw: dict


def load(path, overrides=()):
    with open(path, encoding="utf-8") as f:
        try:
            raw = json.load(f)
        except json.JSONDecodeError as e:
            raise ValueError(f"{path}: not valid JSON: {e}") from e
    for override in overrides:
        apply_override(raw, override)
    try:
        return from_dict(raw)
    except ValueError as e:
        raise ValueError(f"{path}: {e}") from e


def from_dict(raw):
    if not isinstance(raw, dict):
        raise ValueError("a training config must be a JSON object")
    if raw.get("model") != "acdit":
        raise ValueError(f"model kind must be 'acdit' for the GPU twin, was {raw.get('model')!r}")
    for key in ("acdit", "training", "styles", "output", "workDir"):
        if key not in raw:
            raise ValueError(f"missing field '{key}'")
    return RunConfig(model=AcditConfig.from_run_config(raw["acdit"], raw["styles"]),
                     training=TrainingConfig.from_dict(raw["training"]), output=raw["output"],
                     workDir=raw["workDir"], initFrom=raw.get("initFrom"), description=raw.get("description", ""),
                     raw=raw)


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
