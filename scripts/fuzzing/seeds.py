"""Writes the seed corpora for scripts/fuzz with vfxpy's own writers: small images of
every format in the layouts the readers branch on (formats, channel counts,
compressions, tiles, bit depths), LUT files of every text format, and CLF documents with
every process node. Run inside vfxrun: ``vfxrun seeds.py OUT``."""

import os
import sys

import numpy as np

import vfxpy
from vfxpy import lut

out = sys.argv[1]


def folder(name):
    path = os.path.join(out, name)
    os.makedirs(path, exist_ok=True)
    return path


def image(width, height, channels, format):
    rng = np.random.default_rng(width * 31 + height * 7 + channels)
    img = vfxpy.Image.new(width, height, channels=channels, format=format)
    values = rng.random(img.numpy().shape)
    if format == "u8":
        values = values * 255
    elif format == "u16":
        values = values * 65535
    img.numpy()[:] = values
    return img


def images():
    written = []
    exr = folder("exr")
    for compression in ("none", "rle", "zips", "zip", "piz", "pxr24", "b44", "b44a", "dwaa", "dwab"):
        for format, channels in (("f16", 4), ("f32", 3)):
            path = os.path.join(exr, f"{compression}_{format}_{channels}.exr")
            vfxpy.write(path, image(19, 13, channels, format), compression=compression)
            written.append(path)
    path = os.path.join(exr, "tiled.exr")
    vfxpy.write(path, image(40, 24, 4, "f16"), compression="zip", tile_size=(16, 16))
    written.append(path)
    layered = image(8, 8, 6, "f16")
    layered.channel_names = ["diffuse.R", "diffuse.G", "diffuse.B", "spec.R", "spec.G", "spec.B"]
    path = os.path.join(exr, "layers.exr")
    vfxpy.write(path, layered, compression="zip")
    written.append(path)
    for depth in (8, 10, 12, 16):
        path = os.path.join(folder("dpx"), f"rgb_{depth}.dpx")
        vfxpy.write(path, image(9, 7, 3, "u16"), bit_depth=depth)
        written.append(path)
    for channels in (1, 2, 3, 4):
        for format in ("u8", "u16"):
            path = os.path.join(folder("png"), f"c{channels}_{format}.png")
            vfxpy.write(path, image(11, 5, channels, format))
            written.append(path)
    for channels in (1, 3):
        path = os.path.join(folder("jpeg"), f"c{channels}.jpg")
        vfxpy.write(path, image(17, 9, channels, "u8"), quality=80)
        written.append(path)
    for compression in ("none", "lzw", "zip"):
        for format in ("u8", "u16", "f32"):
            path = os.path.join(folder("tiff"), f"{compression}_{format}.tif")
            vfxpy.write(path, image(13, 11, 4, format), compression=compression)
            written.append(path)
    path = os.path.join(folder("tiff"), "tiled.tif")
    vfxpy.write(path, image(40, 40, 3, "u16"), tile_size=(16, 16))
    written.append(path)
    info = folder("info")
    for path in written:  # the header-only reader sees every format
        with open(path, "rb") as source, open(os.path.join(info, os.path.basename(path)), "wb") as target:
            target.write(source.read())


def luts():
    folder_ = folder("lut")
    ramp = lut.Lut1D(np.linspace(0, 1, 17, dtype=np.float32) ** 2)
    grid = np.stack(np.meshgrid(*[np.linspace(0, 1, 5, dtype=np.float32)] * 3, indexing="ij"), -1)
    cube = lut.Lut3D(grid[..., ::-1] ** 1.2)
    lut.write_cube(os.path.join(folder_, "ramp.cube"), ramp, title="ramp")
    lut.write_cube(os.path.join(folder_, "grid.cube"), cube, comments=["five"])
    lut.write_spi1d(os.path.join(folder_, "ramp.spi1d"), ramp)
    lut.write_spi3d(os.path.join(folder_, "grid.spi3d"), cube)
    lut.write_csp(os.path.join(folder_, "grid.csp"), cube)
    lut.write_csp(os.path.join(folder_, "ramp.csp"), ramp)
    matrix = lut.Matrix([[1.1, 0.0, 0.0], [0.0, 0.9, 0.0], [0.0, 0.1, 1.0]])
    lut.write_spimtx(os.path.join(folder_, "m.spimtx"), matrix)


CLF = """<?xml version="1.0" encoding="UTF-8"?>
<ProcessList compCLFversion="3" id="seed">
  <Description>seed</Description>
  <Matrix inBitDepth="32f" outBitDepth="32f"><Array dim="3 3">1.1 0 0 0 1 0 0 0 0.9</Array></Matrix>
  <LUT1D inBitDepth="32f" outBitDepth="32f" interpolation="linear"><Array dim="4 3">0 0 0 0.3 0.3 0.3 0.6 0.6 0.6 1 1 1</Array></LUT1D>
  <Range inBitDepth="32f" outBitDepth="32f" style="Clamp"><minInValue>0</minInValue><maxInValue>1</maxInValue><minOutValue>0</minOutValue><maxOutValue>1</maxOutValue></Range>
  <Log inBitDepth="32f" outBitDepth="32f" style="cameraLinToLog"><LogParams base="10" linSideSlope="1" linSideOffset="0.01" logSideSlope="0.3" logSideOffset="0.5" linSideBreak="0.02"/></Log>
  <Exponent inBitDepth="32f" outBitDepth="32f" style="monCurveFwd"><ExponentParams exponent="2.4" offset="0.055"/></Exponent>
  <ASC_CDL inBitDepth="32f" outBitDepth="32f" style="Fwd"><SOPNode><Slope>1 1 1.1</Slope><Offset>0 0 0.01</Offset><Power>1 1.2 1</Power></SOPNode><SatNode><Saturation>0.9</Saturation></SatNode></ASC_CDL>
  <LUT3D inBitDepth="32f" outBitDepth="32f" interpolation="tetrahedral"><Array dim="2 2 2 3">0 0 0 0 0 1 0 1 0 0 1 1 1 0 0 1 0 1 1 1 0 1 1 1</Array></LUT3D>
</ProcessList>
"""


def clfs():
    with open(os.path.join(folder("clf"), "all_nodes.clf"), "w") as file:
        file.write(CLF)
    with open(os.path.join(folder("clf"), "half_domain.clf"), "w") as file:
        file.write(CLF.replace('interpolation="linear"', 'halfDomain="true" rawHalfs="false" interpolation="linear"'))


images()
luts()
clfs()
print(sum(len(files) for _, _, files in os.walk(out)), "seed files in", out)
