"""The headline: the plan's first example, end to end, on a 4K half ZIP EXR plate (RGBA,
then RGB, as most camera plates are) with a 33^3 .cube, beside the same work in
OpenImageIO + OpenColorIO in Python (the current peers: ImageBuf read -> numpy float32 ->
one OCIO CPU processor of ExposureContrast + CDL + FileTransform (tetrahedral, as vfxpy
applies a .cube) -> applyRGBA / applyRGB -> OIIO writes half ZIP). Both run the whole
script each time (the LUT is read and the processor built every run; OCIO's caches are
cleared) in a process already started: start-up is the start-up rows' business. The
maximum difference of the two outputs is printed as a sanity check of the comparison
(half rounding plus float noise: about one half step)."""

import os
import shutil
import tempfile

import numpy as np

import bench_frames
import bench_peers
import vfxpy

SCRIPT = """\
import vfxpy
img = vfxpy.read("plate.exr")
proc = vfxpy.Processor()
cube = vfxpy.lut.read_cube("show_lut.cube")
""" + bench_frames.GRADE_OPS + """\
vfxpy.write("graded.exr", img)
"""

PEER = """\
buf = oiio.ImageBuf("plate.exr")
pixels = buf.get_pixels(oiio.FLOAT)
OCIO.ClearAllCaches()
exposure = OCIO.ExposureContrastTransform()
exposure.setStyle(OCIO.EXPOSURE_CONTRAST_LINEAR)
exposure.setExposure(1.2)
cdl = OCIO.CDLTransform()
cdl.setSlope([1.1, 1.0, 0.95])
cdl.setOffset([0.01, 0, -0.01])
cdl.setPower([1, 1, 1])
cdl.setStyle(OCIO.CDL_NO_CLAMP)
lut = OCIO.FileTransform(src="show_lut.cube", interpolation=OCIO.INTERP_TETRAHEDRAL)
group = OCIO.GroupTransform([exposure, cdl, lut])
cpu = OCIO.Config.CreateRaw().getProcessor(group).getDefaultCPUProcessor()
cpu.applyRGBA(pixels)
spec = oiio.ImageSpec(pixels.shape[1], pixels.shape[0], pixels.shape[2], oiio.HALF)
spec.attribute("compression", "zip")
out = oiio.ImageOutput.create("graded_peer.exr")
out.open("graded_peer.exr", spec)
out.write_image(pixels)
out.close()
"""


def run(row, best_of, args):
    w, h = 3840, 2160
    r = max(3, args.repeat // 2)
    # RGBA, and RGB: most camera plates carry no alpha
    for channels, peer_apply in ((4, "applyRGBA"), (3, "applyRGB")):
        _headline(row, best_of, w, h, r, channels, PEER.replace("applyRGBA", peer_apply))


def _headline(row, best_of, w, h, r, channels, peer):
    folder = tempfile.mkdtemp(prefix="vfxbench-headline-")
    here = os.getcwd()
    try:
        pixels = bench_frames.plate(h, w)[..., :channels]
        vfxpy.write(os.path.join(folder, "plate.exr"), vfxpy.Image(pixels), compression="zip")
        bench_frames.write_show_lut(os.path.join(folder, "show_lut.cube"))
        code = compile(SCRIPT, "grade.py", "exec")
        os.chdir(folder)
        ours = best_of(lambda: exec(code, {"__name__": "__main__"}), r)
        print(f"the plan's first example end to end: 4K half ZIP EXR ({w}x{h}x{channels}, "
              f"{os.path.getsize('plate.exr') / 2**20:.1f} MiB), exposure + CDL + 33^3 .cube, half ZIP out:")
        bench_peers.rows(row, f"read, grade, write {'RGBA' if channels == 4 else 'RGB'} EXR (whole script)", ours,
                         "OIIO+OCIO in Python", peer,
                         setup=f"import os\nimport OpenImageIO as oiio\nimport PyOpenColorIO as OCIO\n"
                               f"os.chdir({folder!r})\n", repeat=r)
        a = vfxpy.read("graded.exr").astype("f32").numpy()
        b = vfxpy.read("graded_peer.exr").astype("f32").numpy()
        diff = np.abs(a - b)
        print(f"  outputs agree to max |diff| {diff.max():.3g} (values up to {np.abs(b).max():.3g}; a half step "
              f"at 1.0 is 0.000977); sizes vfxpy "
              f"{os.path.getsize('graded.exr') / 2**20:.1f} MiB, peer {os.path.getsize('graded_peer.exr') / 2**20:.1f} MiB")
    finally:
        os.chdir(here)
        shutil.rmtree(folder)
