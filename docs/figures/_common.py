"""What the figure scripts share: where to write, the example plate, matplotlib set up
for files (no display), and vfxpy's own preview of an image as an 8-bit RGB array."""

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only: no display needed, none opened
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import vfxpy  # noqa: E402
from vfxpy._display import preview  # noqa: E402  (Image._repr_png_'s view transform)

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "examples"))
from grade import make_plate  # noqa: E402  (the README's example plate, one definition)

plt.rcParams.update({"font.size": 9, "axes.titlesize": 9, "figure.dpi": 100, "savefig.dpi": 100,
                     "savefig.facecolor": "white"})


def out_path(name: str) -> Path:
    """OUT/name, where OUT is the script's first argument (default: the current folder)."""
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def rgb8(img: vfxpy.Image, max_width: int = 1024) -> np.ndarray:
    """The image as Image._repr_png_ shows it (sRGB view of scene-linear), (H, W, 3) uint8."""
    pixels = preview(img, max_width).numpy()
    return pixels if pixels.shape[2] == 3 else np.repeat(pixels, 3, axis=2)


def show_pixels(ax, pixels: np.ndarray, title: str) -> None:
    """pixels drawn one screen pixel per image pixel (or a whole multiple), no smoothing."""
    ax.imshow(pixels, interpolation="nearest")
    ax.set_title(title)
    ax.set_axis_off()
