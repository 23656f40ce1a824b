"""Figure: vfxpy.transfer's curves, evaluated by vfxpy on images of sample values:
the camera log encodings against scene exposure (stops about 18% gray), and the
display / video encodings on [0, 1]."""

import numpy as np

from _common import out_path, plt

from vfxpy import Image, transfer


def encode(values: np.ndarray, curve: str, **params) -> np.ndarray:
    """vfxpy's encode of values (one row of an RGB float32 image)."""
    img = Image(np.repeat(values.astype(np.float32)[None, :, None], 3, axis=2))
    transfer.encode(img, curve, **params)
    return img.numpy()[0, :, 0].astype(np.float64)


fig, (left, right) = plt.subplots(1, 2, figsize=(10.4, 4.2))
stops = np.linspace(-8, 8, 401)
scene = 0.18 * 2.0 ** stops
for curve in ("logc3", "logc4", "slog3", "vlog", "acescct", "clog3", "log3g10", "cineon"):
    left.plot(stops, encode(scene, curve), label=curve, linewidth=1.2)
left.set_xlabel("stops from 18% gray (scene-linear 0.18 x 2^stops)")
left.set_ylabel("code value (0-1)")
left.set_title("camera log encodings")
left.grid(alpha=0.3)
left.legend(fontsize=8, ncol=2)

x = np.linspace(0, 1, 401)
for curve, params, label in (("srgb", {}, "srgb"), ("rec709", {}, "rec709 (camera OETF)"),
                             ("bt1886", {}, "bt1886 (gamma 2.4)"), ("gamma", {"gamma": 2.2}, "gamma 2.2"),
                             ("hlg", {}, "hlg"), ("pq", {"scale": 1000.0}, "pq (1.0 = 1000 cd/m²)")):
    right.plot(x, encode(x, curve, **params), label=label, linewidth=1.2)
right.plot(x, x, color="gray", linewidth=0.6, linestyle=":")
right.set_xlabel("linear light")
right.set_ylabel("code value")
right.set_title("display and video encodings")
right.grid(alpha=0.3)
right.legend(fontsize=8)
fig.tight_layout()
fig.savefig(out_path("transfer_curves.png"))
