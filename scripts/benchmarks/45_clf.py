"""CLF files: reading (a 65536-entry half-domain LUT1D) and applying a four-node CLF
to a 4K f32 RGBA image, beside OpenColorIO's FileTransform (OPTIMIZATION_NONE, the
mode the tests compare with, and OCIO's default optimization), in the bench's peer
processes (OCIO 2.6 from PyPI, Debian's 2.1 as a second row where it differs)."""

import os
import tempfile

import numpy as np

import bench_peers
import vfxpy

# The peer side: ocio_read(path) parses a file into a processor (caches cleared first).
OCIO_SETUP = """
import PyOpenColorIO as OCIO

def ocio_read(path):
    OCIO.ClearAllCaches()
    config = OCIO.Config.CreateRaw()
    return config.getProcessor(OCIO.FileTransform(src=path, interpolation=OCIO.INTERP_DEFAULT))
"""


def _write(path, body, root='compCLFversion="3" id="bench"'):
    with open(path, "w") as f:
        f.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<ProcessList {root}>\n{body}\n</ProcessList>\n')


def _half_domain_body():
    bits = np.arange(65536, dtype=np.uint16)
    h = bits.view(np.float16).astype(np.float64)
    finite = np.nan_to_num(h, nan=0.0, posinf=0.0, neginf=0.0)
    v = (np.sign(finite) * np.abs(finite) ** 0.45).astype(np.float16)
    text = "\n".join(str(int(b)) for b in v.view(np.uint16))
    return ('<LUT1D inBitDepth="16f" outBitDepth="16f" halfDomain="true" rawHalfs="true">\n'
            f'<Array dim="65536 1">\n{text}\n</Array>\n</LUT1D>')


def _lut3d_body(tag, n=33):
    g = np.linspace(0, 1, n)
    r, gg, b = np.meshgrid(g, g, g, indexing="ij")
    lut = np.stack([r * 0.9 + gg * 0.1, gg, b ** 1.2], axis=-1).reshape(-1, 3)
    rows = "\n".join(f"{x:.6f} {y:.6f} {z:.6f}" for x, y, z in lut)
    return (f'<{tag} inBitDepth="32f" outBitDepth="32f" interpolation="tetrahedral"><Array dim="{n} {n} {n} 3">\n'
            f'{rows}\n</Array></{tag}>')


def _chain_body():
    return (
        '<Matrix inBitDepth="32f" outBitDepth="32f"><Array dim="3 3">0.6131 0.3395 0.0474 0.0702 0.9164 0.0134 '
        '0.0206 0.1096 0.8698</Array></Matrix>\n'
        '<Log inBitDepth="32f" outBitDepth="32f" style="cameraLinToLog"><LogParams base="10" logSideSlope="0.247190" '
        'logSideOffset="0.385537" linSideSlope="5.555556" linSideOffset="0.052272" linSideBreak="0.010591"/></Log>\n'
        + _lut3d_body("LUT3D") + "\n"
        '<Range inBitDepth="32f" outBitDepth="32f"><minInValue>0</minInValue><maxInValue>1</maxInValue>'
        '<minOutValue>0</minOutValue><maxOutValue>1</maxOutValue></Range>')


def run(row, best_of, args):
    with tempfile.TemporaryDirectory(prefix="vfxbench_clf_") as tmp:
        _run(row, best_of, args, tmp)


def _run(row, best_of, args, tmp):
    half = os.path.join(tmp, "half_domain.clf")
    chain = os.path.join(tmp, "chain.clf")
    _write(half, _half_domain_body())
    _write(chain, _chain_body())
    r = args.repeat

    def peer_rows(name, ours, peer_name, stmt, setup="", data=None, repeat=r):
        bench_peers.rows(row, name, ours, peer_name, stmt, setup=OCIO_SETUP + setup, data=data, repeat=repeat)

    print("CLF files:")
    peer_rows("read_clf 65536-entry halfDomain LUT1D", best_of(lambda: vfxpy.lut.read_clf(half), r),
              "OCIO FileTransform load", f"ocio_read({half!r})")
    peer_rows("read_clf 4 nodes incl. 33^3 LUT3D", best_of(lambda: vfxpy.lut.read_clf(chain), r),
              "OCIO FileTransform load", f"ocio_read({chain!r})")

    w, h = 3840, 2160
    rng = np.random.default_rng(0)
    src = rng.uniform(-0.1, 1.5, (h, w, 4)).astype(np.float32)
    ours = src.copy()
    img = vfxpy.Image(ours)
    try:
        for name, path in (("4-node CLF (matrix, camera log, 33^3 tetra, range)", chain), ("halfDomain LUT1D", half)):
            clf = vfxpy.lut.read_clf(path)
            ours_t = best_of(lambda: clf.apply(img), r)
            print(f"  4K f32 RGBA, {name}:")
            setup = f"processor = ocio_read({path!r})\nflat = src.reshape(-1, 4)\n"
            peer_rows("  apply (vs OCIO OPTIMIZATION_NONE)", ours_t, "OCIO applyRGBA", "exact.applyRGBA(flat)",
                      setup + "exact = processor.getOptimizedCPUProcessor(OCIO.OPTIMIZATION_NONE)\n", {"src": src})
            peer_rows("  apply (vs OCIO default optimization)", ours_t, "OCIO applyRGBA", "default.applyRGBA(flat)",
                      setup + "default = processor.getDefaultCPUProcessor()\n", {"src": src})
    finally:
        for peer in bench_peers.peers():
            peer.forget(src)

    # the exact inverse of a 33^3 LUT, on values inside its gamut (the forward LUT's outputs), 1024x1024
    lut3d = _lut3d_body("LUT3D")
    forward_path, inverse_path = os.path.join(tmp, "forward.ctf"), os.path.join(tmp, "inverse.ctf")
    _write(forward_path, lut3d, root='version="2.0" id="f"')
    _write(inverse_path, lut3d.replace("LUT3D", "InverseLUT3D"), root='version="2.0" id="i"')
    inside = rng.uniform(0, 1, (1024, 1024, 4)).astype(np.float32)
    vfxpy.lut.read_clf(forward_path).apply(vfxpy.Image(inside))
    clf = vfxpy.lut.read_clf(inverse_path)
    print("  1024x1024, InverseLUT3D 33^3 (exact inverse, OCIO OPTIMIZATION_NONE):")
    try:
        peer_rows("  read_clf (builds the search grid)", best_of(lambda: vfxpy.lut.read_clf(inverse_path), 1),
                  "OCIO load + build", f"ocio_read({inverse_path!r}).getOptimizedCPUProcessor(OCIO.OPTIMIZATION_NONE)",
                  repeat=1)
        peer_rows("  apply", best_of(lambda: clf.apply(vfxpy.Image(inside.copy())), min(r, 2)), "OCIO applyRGBA",
                  "exact.applyRGBA(inside.copy())",
                  f"exact = ocio_read({inverse_path!r}).getOptimizedCPUProcessor(OCIO.OPTIMIZATION_NONE)\n",
                  {"inside": inside}, repeat=min(r, 2))
    finally:
        for peer in bench_peers.peers():
            peer.forget(inside)
