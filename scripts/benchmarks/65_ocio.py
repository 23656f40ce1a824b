"""vfxpy.ocio: an ACEScg -> sRGB display processor (the ACES 1.0 SDR-video output transform,
a BuiltinTransform) on a 4K f32 RGBA image, beside PyOpenColorIO's CPU processor
(``getDefaultCPUProcessor().applyRGBA``, in the bench's peer processes: OCIO 2.6 from PyPI,
Debian's 2.1 as a second row where it differs), reading the same config file. Then the
same with an exposure and a CDL before it (ours: one fused chain; OCIO: one processor of
a GroupTransform), the ACES 1.3 reference gamut compression as a look, and the Vulkan
backend beside the CPU backend (here Mesa's lavapipe, a
CPU rasterizer: expected slower; the processor's FixedFunction and grading-curve steps run
on the host there). Each call transforms the previous result again: the same work every
time on both sides."""

import os
import tempfile

import numpy as np

import bench_peers
import vfxpy
from vfxpy import ocio

CONFIG = """\
ocio_profile_version: 2.1
roles:
  default: ACES2065-1
  scene_linear: ACES2065-1
  aces_interchange: ACES2065-1
  cie_xyz_d65_interchange: CIE-XYZ-D65
file_rules:
  - !<Rule> {name: Default, colorspace: default}
displays:
  sRGB:
    - !<View> {name: ACES 1.0 - SDR Video, view_transform: ACES-SDR, display_colorspace: sRGB - Display}
view_transforms:
  - !<ViewTransform>
    name: ACES-SDR
    from_scene_reference: !<BuiltinTransform> {style: ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - SDR-VIDEO_1.0}
display_colorspaces:
  - !<ColorSpace> {name: CIE-XYZ-D65, family: Display, encoding: display-linear}
  - !<ColorSpace>
    name: sRGB - Display
    family: Display
    encoding: sdr-video
    from_display_reference: !<BuiltinTransform> {style: DISPLAY - CIE-XYZ-D65_to_sRGB}
looks:
  - !<Look>
    name: gamut
    process_space: ACES2065-1
    transform: !<BuiltinTransform> {style: ACES-LMT - ACES 1.3 Reference Gamut Compression}
colorspaces:
  - !<ColorSpace> {name: ACES2065-1, family: ACES, encoding: scene-linear}
  - !<ColorSpace>
    name: ACEScg
    family: ACES
    encoding: scene-linear
    to_scene_reference: !<BuiltinTransform> {style: ACEScg_to_ACES2065-1}
"""

SLOPE, OFFSET, POWER, SAT = (1.1, 1.0, 0.9), (0.01, 0.0, -0.01), (1.05, 1.0, 0.95), 0.9

# The peer side: ``cpu`` is OCIO's default CPU processor for the display transform,
# ``graded`` the same after an exposure (+0.5 stop) and a CDL, as one processor.
OCIO_SETUP = """
import PyOpenColorIO as OCIO
OCIO.SetLoggingLevel(OCIO.LOGGING_LEVEL_NONE)
flat = pixels.reshape(-1, 4)
config = OCIO.Config.CreateFromFile(path)
display = OCIO.DisplayViewTransform(src="ACEScg", display="sRGB", view="ACES 1.0 - SDR Video")
cpu = config.getProcessor(display).getDefaultCPUProcessor()
group = OCIO.GroupTransform()
group.appendTransform(OCIO.ExposureContrastTransform(style=OCIO.EXPOSURE_CONTRAST_LINEAR, exposure=0.5))
group.appendTransform(OCIO.CDLTransform(slope=%r, offset=%r, power=%r, sat=%r))
group.appendTransform(display)
graded = config.getProcessor(group).getDefaultCPUProcessor()
gamut = config.getProcessor(OCIO.LookTransform(src="ACEScg", dst="ACEScg", looks="gamut")).getDefaultCPUProcessor()
""" % (list(SLOPE), list(OFFSET), list(POWER), SAT)


def run(row, best_of, args):
    w, h = 3840, 2160
    pixels = np.random.default_rng(0).uniform(0, 4, (h, w, 4)).astype(np.float32)
    r = args.repeat
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "aces.ocio")
        with open(path, "w") as handle:
            handle.write(CONFIG)
        config = ocio.Config(path)
        to_srgb = config.display_processor("ACEScg", "sRGB", "ACES 1.0 - SDR Video")
        steps = to_srgb.steps
        ours_steps = sum(s["engine"] == "vfxpy" for s in steps)
        print(f"ocio: ACEScg -> sRGB / ACES 1.0 SDR, 4K f32 RGBA ({w}x{h}x4), {vfxpy.threads()} threads; "
              f"{ours_steps} of {len(steps)} steps as vfxpy ops"
              + (", the rest on OCIO's CPU processor:" if ours_steps < len(steps) else ":"))
        cpu = vfxpy.Processor(backend="cpu")
        img = vfxpy.Image(pixels.copy())
        data = {"pixels": pixels, "path": path}
        ours = best_of(lambda: to_srgb.apply(img), r)
        bench_peers.rows(row, "ocio display (Processor.apply)", ours, "OCIO CPU applyRGBA", "cpu.applyRGBA(flat)",
                         setup=OCIO_SETUP, data=data, repeat=r)

        def graded(proc, image):
            (proc.chain(image).exposure(0.5).cdl(slope=SLOPE, offset=OFFSET, power=POWER, saturation=SAT)
             .apply_ocio(to_srgb).run())

        on_cpu = best_of(lambda: graded(cpu, img), r)
        bench_peers.rows(row, "ocio exposure+cdl+display (chain)", on_cpu, "OCIO CPU applyRGBA",
                         "graded.applyRGBA(flat)", setup=OCIO_SETUP, data=data, repeat=r)
        # the ACES 1.3 reference gamut compression as a look (camera plates into AP1); the
        # plate wider than AP1 has negative channels for it to compress
        gamut = config.processor("ACEScg", "ACEScg", looks="gamut")
        wide_pixels = (pixels - 0.5).astype(np.float32)
        wide = vfxpy.Image(wide_pixels.copy())
        ours = best_of(lambda: gamut.apply(wide), r)
        bench_peers.rows(row, "ocio ACES 1.3 gamut compression (look)", ours, "OCIO CPU applyRGBA",
                         "gamut.applyRGBA(flat)", setup=OCIO_SETUP, data={"pixels": wide_pixels, "path": path},
                         repeat=r)
        try:
            gpu = vfxpy.Processor(backend="vulkan")
        except vfxpy.UnsupportedError as error:
            print(f"ocio on vulkan: skipped ({error})")
            return
        gpu_img = vfxpy.Image(pixels.copy())
        row(f"ocio chain on vulkan ({gpu.device_name[:12]})", best_of(lambda: graded(gpu, gpu_img), max(3, r // 2)),
            on_cpu, "cpu backend chain")
