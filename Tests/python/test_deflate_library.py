"""The libdeflate the codec libraries use is the vendored 1.26 (ThirdParty/libdeflate,
built by scripts/env.sh's prepare_libdeflate and linked in by Package.swift), not Debian
12's libdeflate.so.0 (1.14), which libtiff still loads for its own Deflate.

The references: the vendored sources compiled here on their own by gcc into a shared
library (at -O0: the bytes libdeflate writes do not depend on the optimization), and
Debian's libdeflate.so.0, both called through ctypes in Debian's python3, a separate
process; Debian's zlib inflates our chunks there. 1.14 and 1.26 write different bytes for
short inputs (1.19 improved their compression), so the chunks of a narrow EXR tell them
apart at OpenEXR's level 4."""

import json
import os
import struct
import subprocess

import numpy as np

import vfxpy
from vfxpy.io import exr

from conftest import ROOT
from reference_process import checked, run_helper

VENDORED = ROOT / "ThirdParty" / "libdeflate"
DEBIAN_LIBDEFLATE = "/usr/lib/x86_64-linux-gnu/libdeflate.so.0"
CODEC_LIBRARIES = ("libvfxrun-openexr.so", "libvfxrun-png.so", "libvfxrun-tiff.so")

# Inflates each chunk (Debian's zlib) and compresses it again at level 4 with each library.
RECOMPRESS = r"""
import ctypes, json, sys, zlib
request = json.loads(sys.argv[1])
def compressor(path):
    lib = ctypes.CDLL(path)
    lib.libdeflate_alloc_compressor.restype = ctypes.c_void_p
    lib.libdeflate_alloc_compressor.argtypes = [ctypes.c_int]
    lib.libdeflate_zlib_compress.restype = ctypes.c_size_t
    lib.libdeflate_zlib_compress.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t,
                                             ctypes.c_void_p, ctypes.c_size_t]
    handle = lib.libdeflate_alloc_compressor(request["level"])
    def compress(data):
        out = ctypes.create_string_buffer(2 * len(data) + 64)
        size = lib.libdeflate_zlib_compress(handle, data, len(data), out, len(out))
        return out.raw[:size].hex()
    return compress
libraries = {name: compressor(path) for name, path in request["libraries"].items()}
answer = {name: [] for name in libraries}
for chunk in request["chunks"]:
    raw = zlib.decompress(bytes.fromhex(chunk))
    for name, compress in libraries.items():
        answer[name].append(compress(raw))
print(json.dumps(answer))
"""


def zip_chunks(data):
    """The chunks of a single-part scanline EXR, by its offset table (16 lines each for ZIP)."""
    at = 8
    while data[at] != 0:  # attributes: name, type, size, value; a NUL ends the header
        name_end = data.index(b"\0", at)
        type_end = data.index(b"\0", name_end + 1)
        (size,) = struct.unpack_from("<i", data, type_end + 1)
        if data[at:name_end] == b"dataWindow":
            _, y_min, _, y_max = struct.unpack_from("<4i", data, type_end + 5)
        at = type_end + 5 + size
    count = (y_max - y_min + 16) // 16
    chunks = []
    for offset in struct.unpack_from(f"<{count}Q", data, at + 1):
        _, size = struct.unpack_from("<ii", data, offset)
        chunks.append(data[offset + 8:offset + 8 + size])
    return chunks


def test_exr_zip_chunks_are_the_vendored_libdeflates(tmp_path):
    """Eight 8 x 16 chunks of one half channel (64 levels of noise, 256 bytes each, which
    deflate to about 200): every chunk is what the vendored 1.26 writes at level 4, and
    none is what Debian's 1.14 writes."""
    reference = tmp_path / "libdeflate-vendored.so"
    sources = [VENDORED / "lib" / name for name in ("adler32.c", "deflate_compress.c", "utils.c", "zlib_compress.c")]
    subprocess.run(["gcc", "-O0", "-fPIC", "-shared", "-o", str(reference), *map(str, sources),
                    str(VENDORED / "lib" / "x86" / "cpu_features.c")], check=True, capture_output=True)
    pixels = (np.random.default_rng(0).integers(0, 64, (128, 8, 1)) / 64).astype(np.float16)
    path = tmp_path / "narrow.exr"
    exr.write(path, vfxpy.Image(pixels), compression="zip")
    chunks = zip_chunks(path.read_bytes())
    assert len(chunks) == 8 and all(len(chunk) < 256 for chunk in chunks)  # all deflated, none stored
    answer = checked(run_helper(RECOMPRESS, {"level": 4, "chunks": [chunk.hex() for chunk in chunks],
                                             "libraries": {"vendored": str(reference), "debian": DEBIAN_LIBDEFLATE}},
                                label="libdeflate"), "libdeflate")
    ours = [chunk.hex() for chunk in chunks]
    assert ours == answer["vendored"]
    assert all(mine != theirs for mine, theirs in zip(ours, answer["debian"]))
    assert np.array_equal(vfxpy.read(path).numpy().view(np.uint16), pixels.view(np.uint16))


def test_codec_libraries_carry_their_own_libdeflate(tmp_path):
    """The EXR, PNG and TIFF libraries vfxpy opened (found in this process's memory map)
    need no libdeflate.so.0 and export no libdeflate symbol, so libtiff's own calls bind
    to Debian's library and ours stay ours."""
    image = vfxpy.Image(np.full((4, 4, 3), 0.5, np.float32))
    exr.write(tmp_path / "a.exr", image, compression="zip")
    vfxpy.write(tmp_path / "a.png", vfxpy.Image(np.full((4, 4, 3), 9, np.uint8)))
    vfxpy.read(tmp_path / "a.png")
    vfxpy.write(tmp_path / "a.tif", vfxpy.Image(np.full((4, 4, 3), 9, np.uint8)), compression="zip")
    with open("/proc/self/maps") as maps:
        mapped = {line.split()[-1] for line in maps if line.rstrip().endswith(".so")}
    loaded = {os.path.basename(path): path for path in mapped if os.path.basename(path) in CODEC_LIBRARIES}
    assert sorted(loaded) == sorted(CODEC_LIBRARIES), json.dumps(sorted(mapped))
    for name, path in loaded.items():
        dynamic = subprocess.run(["readelf", "-dW", path], capture_output=True, text=True, check=True).stdout
        assert "libdeflate" not in dynamic, (name, dynamic)
        symbols = subprocess.run(["readelf", "--dyn-syms", "-W", path], capture_output=True, text=True,
                                 check=True).stdout
        assert "libdeflate_" not in symbols, (name, [line for line in symbols.splitlines() if "libdeflate" in line])
