"""A student model file carried as a patch over its teacher: only the tensors that differ.

A pruned or narrowed student shares most of its tensors, byte for byte, with the teacher it was cut from;
the GPU machine receives at most 64 MiB, so the two together may not fit beside the repository. Here,
``split`` keeps the student's metadata and the tensors that are not the teacher's own; there, ``merge``
puts the student back together. Raw bytes are copied, never converted: the merged file holds exactly the
student's tensors. Standard library only (runs where torch is not installed).

    python3 training/scripts/student_patch.py split STUDENT TEACHER PATCH
    python3 training/scripts/student_patch.py merge TEACHER PATCH STUDENT
"""
import json
import os
import struct
import sys
import tempfile

METADATA_KEY = "__metadata__"


def read(path):
    """(metadata, {name: (dtype, shape, bytes)}) of an uncompressed safetensors file."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError(f"{path}: too short for a safetensors header")
    (length,) = struct.unpack("<Q", data[:8])
    if length > len(data) - 8:
        raise ValueError(f"{path}: header of {length} bytes runs past the end of the file")
    header = json.loads(data[8:8 + length])
    body = data[8 + length:]
    metadata = header.pop(METADATA_KEY, {})
    tensors = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        if not 0 <= begin <= end <= len(body):
            raise ValueError(f"{path}: tensor {name} lies outside the file ({begin}..{end})")
        tensors[name] = (entry["dtype"], entry["shape"], body[begin:end])
    return metadata, tensors


def write(path, metadata, tensors):
    """Tensors sorted by name, header padded to 8 bytes, written atomically (temp file, fsync, rename)."""
    header = {METADATA_KEY: dict(sorted(metadata.items()))} if metadata else {}
    offset = 0
    for name in sorted(tensors):
        dtype, shape, raw = tensors[name]
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
    encoded = json.dumps(header, separators=(",", ":")).encode()
    encoded += b" " * (-len(encoded) % 8)
    folder = os.path.dirname(os.path.abspath(path))
    fd, temp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(struct.pack("<Q", len(encoded)) + encoded)
            for name in sorted(tensors):
                f.write(tensors[name][2])
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise


def split(student, teacher, patch):
    metadata, own = read(student)
    _, base = read(teacher)
    differing = {name: t for name, t in own.items() if base.get(name) != t}
    metadata = dict(metadata, **{"tessera.patch.tensors": json.dumps(sorted(own))})
    write(patch, metadata, differing)
    print(f"{patch}: {len(differing)} of {len(own)} tensors differ from {os.path.basename(teacher)}")


def merge(teacher, patch, student):
    metadata, differing = read(patch)
    _, base = read(teacher)
    names = json.loads(metadata.pop("tessera.patch.tensors"))
    missing = [n for n in names if n not in differing and n not in base]
    if missing:
        raise ValueError(f"{patch}: tensors neither in the patch nor in {teacher}: {missing[:5]}")
    write(student, metadata, {n: differing.get(n, base.get(n)) for n in names})
    print(f"{student}: {len(names)} tensors, {len(differing)} from the patch")


if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[1] not in ("split", "merge"):
        sys.exit(__doc__)
    (split if sys.argv[1] == "split" else merge)(*sys.argv[2:])
