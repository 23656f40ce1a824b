"""Figure: the example plate two stops up, in the notebook preview's plain sRGB view (the
highlights clip) and through the ACES 1.0 SDR view of examples/ocio_display.py's small
OCIO config (OCIO's built-in ACES output transform: the highlights roll off), the view
fused with the exposure in one Processor chain."""

import os

from _common import make_plate, out_path, plt, rgb8, show_pixels

import vfxpy
from vfxpy import ocio

from ocio_display import example_config  # examples/ocio_display.py's config (linear Rec.709, ACES 1.0 SDR view)

os.environ.pop("OCIO", None)  # the left panel is the plain preview, whatever the build's environment
config = ocio.Config.from_string(example_config())
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
