#!/usr/bin/env python3
"""How close a model's style accuracy is to what the judge can give: the seen-emoji style verdicts of
`./tessera eval model` draws, split by whether the judge names the style of that prompt's real image.

The judge misses the style of a few real images (real.json, written by every `eval model` run); a model that
drew those prompts exactly would be scored wrong on them too, so its style accuracy is bounded by the real
images' own. This prints, over all the draws given, the model's style accuracy on every seen prompt, on the
prompts whose real image the judge gets wrong, and on the rest.

usage: scripts/style-ceiling.py REAL_JSON DRAW_FOLDER...   (each folder holding an `eval model` report.json)
"""
import json
import sys
from pathlib import Path


def key(prompt):
    return prompt["prompt"], prompt["style"].lower()


def main(real_json, folders):
    real = json.loads(Path(real_json).read_text())["verdicts"]
    missed = {key(v["prompt"]) for v in real if not v["styleCorrect"]}
    counts = {"all": [0, 0], "real missed": [0, 0], "real right": [0, 0]}
    for folder in folders:
        for v in json.loads((Path(folder) / "report.json").read_text())["verdicts"]:
            if not v["prompt"]["seen"]:
                continue
            group = "real missed" if key(v["prompt"]) in missed else "real right"
            for name in ("all", group):
                counts[name][0] += v["styleCorrect"]
                counts[name][1] += 1
    print(f"real images: the judge names the style of {len(real) - len(missed)} of {len(real)}"
          f" ({100 * (len(real) - len(missed)) / len(real):.1f} %)")
    print(f"{len(folders)} draw(s):")
    for name, (right, total) in counts.items():
        print(f"  seen prompts, {name:<11}  {right:5d} / {total:5d}  style {100 * right / max(total, 1):5.1f} %")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
