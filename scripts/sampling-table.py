#!/usr/bin/env python3
"""Speed-quality table of docs/results/sampling.md from `./tessera eval model --prompts 100 ... --out runs/eval/<name>`
reports: FED, identity top-5 and style, and paired against the reference run (same prompts and seeds): seen-emoji
top-5 hits gained and lost, and the mean 8-bit difference of the images from the reference's.

usage: scripts/sampling-table.py runs/eval REFERENCE NAME...   (each NAME a folder under runs/eval)
"""
import json
import sys
from pathlib import Path

import struct
import zlib


def pixels(path):
    """8-bit samples of a non-interlaced 8-bit PNG (what ImageIO writes), filters undone."""
    data = path.read_bytes()
    pos, idat, width, height, channels = 8, b"", 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride, out, prev = zlib.decompress(idat), width * channels, bytearray(), bytearray(width * channels)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b, c = prev[i], prev[i - channels] if i >= channels else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p_ = a + b - c; pa, pb, pc = abs(p_ - a), abs(p_ - b), abs(p_ - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out += line
        prev = line
    return bytes(out[k] for k in range(len(out)) if channels < 4 or k % 4 != 3)


def load(folder):
    report = json.loads((folder / "report.json").read_text())
    header = (folder / "report.md").read_text().splitlines()[2]
    return report, header


def top5(verdict):
    for key in ("identityTop5", "top5", "inTop5"):
        if key in verdict:
            return bool(verdict[key])
    raise KeyError(f"no top-5 field in {sorted(verdict)}")


def main():
    root, reference, names = Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
    ref, _ = load(root / reference)
    ref_hits = [top5(v) for v in ref["verdicts"]]
    seen = [v["prompt"]["seen"] for v in ref["verdicts"]]
    ref_images = sorted((root / reference / "images").glob("*.png"))
    print("| setting | FED, all 100 [95 % CI] | identity top-5, all | identity top-5, seen (66) | style | seen top-5 vs reference: gained / lost | mean 8-bit difference from the reference |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for name in [reference] + names:
        report, header = load(root / name)
        hits = [top5(v) for v in report["verdicts"]]
        fed = report["fed"]
        gained = sum(1 for h, r, s in zip(hits, ref_hits, seen) if s and h and not r)
        lost = sum(1 for h, r, s in zip(hits, ref_hits, seen) if s and r and not h)
        seen_hits = sum(1 for h, s in zip(hits, seen) if s and h)
        images = sorted((root / name / "images").glob("*.png"))
        total, count = 0.0, 0
        for a, b in zip(images, ref_images):
            pa, pb = pixels(a), pixels(b)
            total += sum(abs(x - y) for x, y in zip(pa, pb))
            count += len(pa)
        top5_all = report["promptAccuracy"]["identityTop5"]
        style = report["styleAccuracy"]
        print(f"| {name} | {fed['value']:.1f} [{fed['low']:.1f}, {fed['high']:.1f}] | "
              f"{100 * top5_all['successes'] / top5_all['count']:.0f} % | {100 * seen_hits / sum(seen):.1f} % | "
              f"{100 * style['successes'] / style['count']:.0f} % | {gained} / {lost} | {total / max(count, 1):.2f} |")
        print(f"<!-- {name}: {header} -->")


if __name__ == "__main__":
    main()
