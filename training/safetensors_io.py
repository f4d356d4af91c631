"""The safetensors format, read and written without the `safetensors` package.

A file is an 8-byte little-endian header length, a JSON header (tensor name -> dtype, shape and byte
offsets, plus an optional string map under ``__metadata__``) and the raw little-endian tensor bytes.
Written like Tessera's SafetensorsWriter: metadata keys sorted, tensors sorted by name, header padded
with spaces to a multiple of 8, atomically (temp file + os.replace). Files may be gzip-compressed
(the training-set export is), which the reader detects.
"""
import gzip
import json
import os
import struct
import tempfile

import numpy as np
import torch

METADATA_KEY = "__metadata__"
ALIGNMENT = 8
MAX_HEADER_BYTES = 100 * 1024 * 1024

_NUMPY_OF = {
    "F64": np.dtype("<f8"), "F32": np.dtype("<f4"), "F16": np.dtype("<f2"),
    "I64": np.dtype("<i8"), "I32": np.dtype("<i4"), "I8": np.dtype("i1"),
    "U8": np.dtype("u1"), "BOOL": np.dtype("?"),
}
_NAME_OF = {v: k for k, v in _NUMPY_OF.items()}


class SafetensorsError(ValueError):
    """A file that is not valid safetensors, named with what is wrong and where."""


def encode(tensors, metadata=None):
    """The bytes of a safetensors file holding ``tensors`` (name -> numpy array or torch tensor)."""
    arrays = {}
    for name in sorted(tensors):
        if not name or name == METADATA_KEY:
            raise ValueError(f"invalid tensor name '{name}'")
        arrays[name] = _to_numpy(name, tensors[name])
    header = {}
    if metadata:
        for key, value in metadata.items():
            if not isinstance(value, str):
                raise ValueError(f"metadata '{key}' must be a string, was {type(value).__name__}")
        header[METADATA_KEY] = {k: metadata[k] for k in sorted(metadata)}
    offset = 0
    for name, array in arrays.items():
        header[name] = {"dtype": _NAME_OF[array.dtype], "shape": list(array.shape),
                        "data_offsets": [offset, offset + array.nbytes]}
        offset += array.nbytes
    raw = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    raw += b" " * (-len(raw) % ALIGNMENT)
    parts = [struct.pack("<Q", len(raw)), raw]
    parts.extend(np.ascontiguousarray(a).tobytes() for a in arrays.values())
    return b"".join(parts)


def write(path, tensors, metadata=None):
    """Writes a safetensors file atomically: readers see the old file or the complete new one."""
    atomic_write(path, encode(tensors, metadata))


def atomic_write(path, data):
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.remove(temp)
        raise


def read(path):
    """(tensors as numpy arrays by name, in file order; metadata dict) of a plain or gzipped file."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return decode(data, str(path))


def decode(data, source="<bytes>"):
    if len(data) < 8:
        raise SafetensorsError(f"{source}: too short for a safetensors header ({len(data)} bytes)")
    (length,) = struct.unpack("<Q", data[:8])
    if length > MAX_HEADER_BYTES or 8 + length > len(data):
        raise SafetensorsError(f"{source}: header length {length} does not fit the file of {len(data)} bytes")
    try:
        header = json.loads(data[8:8 + length].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise SafetensorsError(f"{source}: header is not valid JSON: {e}") from e
    metadata = header.pop(METADATA_KEY, {}) or {}
    body = memoryview(data)[8 + length:]
    tensors = {}
    for name, entry in header.items():
        dtype = _NUMPY_OF.get(entry.get("dtype"))
        if dtype is None:
            raise SafetensorsError(f"{source}: tensor '{name}' has unsupported dtype {entry.get('dtype')}")
        shape = tuple(int(d) for d in entry["shape"])
        start, end = (int(o) for o in entry["data_offsets"])
        count = int(np.prod(shape, dtype=np.int64))
        if end - start != count * dtype.itemsize or end > len(body) or start < 0:
            raise SafetensorsError(f"{source}: tensor '{name}' {shape} has byte range [{start}, {end}) "
                                   f"that does not match its shape or the file")
        tensors[name] = np.frombuffer(body[start:end], dtype=dtype).reshape(shape)
    return tensors, metadata


def _to_numpy(name, value):
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu()
        if value.dtype == torch.bfloat16:
            raise ValueError(f"tensor '{name}' is bf16; Tessera's model files hold F32")
        value = value.contiguous().numpy()
    array = np.asarray(value)
    little = array.dtype.newbyteorder("<") if array.dtype.byteorder == ">" else array.dtype
    array = array.astype(little, copy=False)
    key = np.dtype(little.str if little.itemsize > 1 else little)
    if key not in _NAME_OF:
        raise ValueError(f"tensor '{name}' has dtype {array.dtype}, which safetensors files here do not hold")
    return array.astype(key, copy=False)
