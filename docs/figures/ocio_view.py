"""Figure: the example plate two stops up, in the notebook preview's plain sRGB view (the
highlights clip) and through the ACES 1.0 SDR view of a small OCIO config written here as
text (OCIO's built-in ACES output transform: the highlights roll off), the view fused with
the exposure in one Processor chain."""

import os

from _common import make_plate, out_path, plt, rgb8, show_pixels

import vfxpy
from vfxpy import color, ocio

# Linear Rec.709 (the plate's space) -> ACES2065-1 (the config's reference), rows first
to_ap0 = ", ".join(f"{v:.10f}" for row in color.matrix("Linear Rec.709", "ACES2065-1") for v in [*row, 0]) + ", 0, 0, 0, 1"
CONFIG = f"""\
ocio_profile_version: 2.1
name: docs-figure
roles:
  default: lin_rec709
  scene_linear: lin_rec709
file_rules:
  - !<Rule> {{name: Default, colorspace: default}}
displays:
  sRGB:
    - !<View> {{name: ACES 1.0 SDR, view_transform: ACES-SDR, display_colorspace: sRGB-display}}
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
    encoding: scene-linear
  - !<ColorSpace>
    name: lin_rec709
    encoding: scene-linear
    to_scene_reference: !<MatrixTransform> {{matrix: [{to_ap0}]}}
"""

os.environ.pop("OCIO", None)  # the left panel is the plain preview, whatever the build's environment
config = ocio.Config.from_string(CONFIG)
view = config.display_processor("scene_linear")  # the default display and view: sRGB / ACES 1.0 SDR

plate = make_plate(480, 270)  # drawn at its size: no shrinking of display code values
plain = plate.copy()
vfxpy.Processor().exposure(plain, 2.0)
viewed = plate.copy()
vfxpy.Processor().chain(viewed).exposure(2.0).apply_ocio(view).run()  # display code values now

fig, axes = plt.subplots(1, 2, figsize=(9.8, 3.0))
show_pixels(axes[0], rgb8(plain), "+2 stops, plain sRGB preview (clips)")
show_pixels(axes[1], rgb8(viewed.astype("u8")), "+2 stops, OCIO sRGB / ACES 1.0 SDR view")  # u8: as encoded
fig.tight_layout()
fig.savefig(out_path("ocio_view.png"))
