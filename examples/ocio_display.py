"""A scene-linear plate seen through an OpenColorIO display view, the vfxrun way: the
config's listings printed, an exposure change and the view applied in one fused
Processor pass, an 8-bit display PNG written, and the view baked into a .cube LUT for
tools that read no OCIO config.

    vfxrun examples/ocio_display.py [--config CONFIG] [--display D] [--view V]
                                    [--exposure STOPS] [--out-dir DIR]

The config is ``--config``, else the file ``$OCIO`` names, else a small one this script
writes to the output folder (``config.ocio``: linear Rec.709 as ``scene_linear``, an sRGB
display whose default view is OCIO's built-in ACES 1.0 SDR output transform; no LUT files
needed). The display and view default to the config's. The plate (examples/grade.py's)
is taken as the config's ``scene_linear``.

Writes into ``--out-dir`` (default ``.build/example``): ``plate.exr`` (half, the pixels
the view is applied to), ``plate_display.png`` (8-bit display code values: the view's
output clamped to [0, 1] and rounded) and ``view.cube`` (the view alone, 33 points per
axis behind a 4096-point shaper that covers scene-linear values up to about 16).
"""

import argparse
import os
import sys
from pathlib import Path

import vfxpy
from vfxpy import color, ocio

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grade import make_plate  # noqa: E402  (the README's example plate, one definition)


def example_config() -> str:
    """The YAML text of the small config: linear Rec.709 (scene_linear) and ACES2065-1,
    an sRGB display with the ACES 1.0 SDR view (OCIO's built-in transforms) and a Raw view."""
    to_ap0 = ", ".join(f"{v:.10f}" for row in color.matrix("Linear Rec.709", "ACES2065-1") for v in [*row, 0])
    return f"""\
ocio_profile_version: 2.1
name: vfxrun-example
description: linear Rec.709 through the ACES 1.0 SDR output transform (examples/ocio_display.py)
roles:
  default: lin_rec709
  scene_linear: lin_rec709
  aces_interchange: ACES2065-1
  data: raw
file_rules:
  - !<Rule> {{name: Default, colorspace: default}}
displays:
  sRGB:
    - !<View> {{name: ACES 1.0 SDR, view_transform: ACES-SDR, display_colorspace: sRGB-display}}
    - !<View> {{name: Raw, colorspace: raw}}
view_transforms:
  - !<ViewTransform>
    name: ACES-SDR
    from_scene_reference: !<BuiltinTransform> {{style: ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - SDR-VIDEO_1.0}}
display_colorspaces:
  - !<ColorSpace>
    name: sRGB-display
    encoding: sdr-video
    from_display_reference: !<BuiltinTransform> {{style: DISPLAY - CIE-XYZ-D65_to_sRGB}}
colorspaces:
  - !<ColorSpace>
    name: ACES2065-1
    family: ACES
    encoding: scene-linear
  - !<ColorSpace>
    name: lin_rec709
    family: Linear
    encoding: scene-linear
    to_scene_reference: !<MatrixTransform> {{matrix: [{to_ap0}, 0, 0, 0, 1]}}
  - !<ColorSpace>
    name: raw
    family: Utility
    encoding: data
    isdata: true
"""


def load_config(path, out_dir: Path) -> ocio.Config:
    """--config, else $OCIO, else the example config written to out_dir/config.ocio."""
    if path:
        return ocio.Config(path)
    if os.environ.get("OCIO"):
        return ocio.Config()
    written = out_dir / "config.ocio"
    written.write_text(example_config())
    return ocio.Config(written)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", help="an OCIO config file (default: $OCIO, else a small example config)")
    parser.add_argument("--display", help="the display (default: the config's default display)")
    parser.add_argument("--view", help="the view (default: the display's default view)")
    parser.add_argument("--exposure", type=float, default=0.0, help="stops, applied before the view")
    parser.add_argument("--out-dir", type=Path, default=Path(".build/example"))
    parser.add_argument("--size", type=int, nargs=2, default=(960, 540), metavar=("WIDTH", "HEIGHT"))
    args = parser.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)

    config = load_config(args.config, args.out_dir)
    display = args.display or config.default_display
    view = args.view or config.default_view(display)
    print(f"config     {config.path} ({config.name or 'no name'})")
    print(f"spaces     {', '.join(config.color_spaces)}")
    print(f"roles      {', '.join(f'{role}={space}' for role, space in config.roles.items())}")
    for name in config.displays:
        print(f"display    {name}: {', '.join(config.views(name))}")

    plate = make_plate(*args.size).astype("f16")  # what plate.exr holds, exactly
    vfxpy.write(args.out_dir / "plate.exr", plate)
    to_display = config.display_processor("scene_linear", display, view)
    print(f"processor  {to_display}")
    shown = plate.astype("f32")
    vfxpy.Processor().chain(shown).exposure(args.exposure).apply_ocio(to_display).run()  # one pass
    vfxpy.write(args.out_dir / "plate_display.png", shown.astype("u8"))  # clamped, rounded
    config.bake_lut(args.out_dir / "view.cube", "scene_linear", display=display, view=view, size=33,
                    shaper_size=4096)
    print(f"wrote      plate.exr, plate_display.png ({display} / {view}), view.cube to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
