"""Image ops that return new images: resize, compositing, blend modes, geometry, filters.

    import vfxpy
    from vfxpy import ops

    small = ops.resize(img, 1920)                      # height follows the aspect ratio
    comp = ops.over(fg, bg)                            # premultiplied Porter-Duff 'over'
    soft = ops.blend(fg, bg, "soft_light", opacity=0.5)
    turned = ops.rotate(img, 12.5, expand=True)        # degrees, counter-clockwise
    sharp = ops.unsharp_mask(ops.blur(img, sigma=2), sigma=1, amount=0.5)

Every op accepts u8, u16, f16 and f32 images with any number of channels and returns
a new image in the input's format (two-input ops: the shared format, else f32), with the
channel names and a copy of the metadata of the input (of the background for two-input
ops). Integer images are processed as normalized floats and stored rounded and clamped.
Alpha is the channel named 'A', else the last channel of a 2- or 4-channel image.
Heavy work runs on every core with the GIL released.

On the device: when an input's pixels are on a Vulkan device (left there by
Processor(backend="vulkan")), resize, blur, sharpen/unsharp_mask, the Porter-Duff
operators and blend run on that device and the result stays there, so a grade, a resize
and an over upload once and read back once (when the pixels are next needed). They give
the CPU ops' results (compositing bit for bit; filters within the rounding of their
multiply-adds, a few float steps). Other ops, and inputs with more than 4 channels or
alpha not last, read the pixels back and run on the CPU.

Conventions are OpenImageIO's (ImageBufAlgo) unless said otherwise: pixel centers at
half-integers, images premultiplied (associated alpha), edges clamp in filters.
"""

from __future__ import annotations

import _vfxpy

__all__ = [
    "FILTERS", "BLEND_MODES",
    "resize", "fit",
    "over", "under", "in_", "out", "atop", "xor", "premultiply", "unpremultiply", "blend",
    "rotate", "rotate90", "rotate180", "rotate270", "flip", "transpose", "crop", "pad", "translate",
    "blur", "box_blur", "sharpen", "unsharp_mask", "median", "dilate", "erode",
]

#: Filter names for resize, fit, rotate and translate (aliases: 'triangle' = 'bilinear',
#: 'bicubic' = 'catmull-rom', 'lanczos' = 'lanczos3').
FILTERS = ("nearest", "box", "bilinear", "bicubic", "catmull-rom", "mitchell", "lanczos3", "gaussian")

#: Modes of blend().
BLEND_MODES = ("normal", "multiply", "screen", "overlay", "add", "subtract", "difference", "exclusion",
               "darken", "lighten", "soft_light", "hard_light", "color_dodge", "color_burn")


def resize(img, width=None, height=None, *, scale=None, filter="lanczos3", premultiplied=True):
    """A resized copy of img.

    Give width and height, one of them (the other keeps the aspect ratio, rounded), or
    scale (a positive factor for both). Filters, defined as OpenImageIO's Filter2D:
    'nearest' (the pixel under each output pixel center, bit-exact), 'box' (width 1),
    'bilinear'/'triangle' (width 2), 'bicubic'/'catmull-rom' (width 4), 'mitchell'
    (B = C = 1/3, width 4), 'lanczos3' (width 6), 'gaussian' (sigma 0.75, width 3).

    As ImageBufAlgo.resize: output pixel x samples the source at
    (x + 0.5) * src_width / width; when shrinking, the filter is widened by the shrink
    factor; weights are normalized per pixel; edges clamp. The filter is separable (a
    horizontal then a vertical pass).

    Alpha: with premultiplied=True (the default, OIIO's assumption) every channel is
    filtered alike. With premultiplied=False (straight alpha, e.g. a PNG as read) color
    is multiplied by alpha before filtering and divided by the filtered alpha after
    (0 where alpha is 0), so transparent pixels' colors do not bleed in.
    """
    return _vfxpy.ops_resize(img, width, height, scale, filter, premultiplied)


def fit(img, width, height, *, filter="lanczos3", fill=0.0, premultiplied=True):
    """img resized to fit inside width x height with its aspect ratio, centered
    (letterbox / pillarbox) on a background of fill (one value or one per channel).

    As OpenImageIO's fit (fill mode 'letterbox'): the picture gets the largest whole
    pixel size with the source's aspect ratio (rounded), offset (rounded down) to the
    center. Filters as resize().
    """
    return _vfxpy.ops_fit(img, width, height, filter, fill, premultiplied)


_PORTER_DUFF = """

    Porter-Duff on premultiplied images, every channel (alpha too) as
    R = fg * Fa + bg * Fb. The result has bg's size; fg's top-left pixel sits at
    offset=(x, y) (default (0, 0)) and fg is transparent where it does not reach. Both
    images need the same channel count; an image without alpha is opaque. Format: the
    shared format, else f32.
    """


def _porter_duff(name, op, summary):
    """The public function ``name(fg, bg, *, offset=(0, 0))`` for the native Porter-Duff
    operator ``op``, documented by ``summary`` and the text the operators share."""

    def composite(fg, bg, *, offset=(0, 0)):
        return _vfxpy.ops_composite(op, fg, bg, offset)

    composite.__name__ = composite.__qualname__ = name
    composite.__doc__ = summary + _PORTER_DUFF
    return composite


over = _porter_duff("over", "over", "fg over bg: Fa = 1, Fb = 1 - alpha(fg) (bit for bit OpenImageIO's over).")
under = _porter_duff("under", "under", "fg under bg (bg over fg): Fa = 1 - alpha(bg), Fb = 1.")
in_ = _porter_duff("in_", "in", "fg in bg: Fa = alpha(bg), Fb = 0 (fg where bg is).")
out = _porter_duff("out", "out", "fg out bg: Fa = 1 - alpha(bg), Fb = 0 (fg where bg is not).")
atop = _porter_duff("atop", "atop", "fg atop bg: Fa = alpha(bg), Fb = 1 - alpha(fg).")
xor = _porter_duff("xor", "xor", "fg xor bg: Fa = 1 - alpha(bg), Fb = 1 - alpha(fg).")


def premultiply(img):
    """color * alpha in every channel but alpha (a copy if img has no alpha)."""
    return _vfxpy.ops_unary(img, "premultiply")


def unpremultiply(img):
    """color / alpha where alpha != 0, color = 0 where alpha == 0 (alpha unchanged)."""
    return _vfxpy.ops_unary(img, "unpremultiply")


def blend(fg, bg, mode="normal", opacity=1.0, *, offset=(0, 0)):
    """fg blended onto bg with a W3C blend mode (Compositing and Blending Level 1).

    Inputs are premultiplied (as for over). With Cs, Cb the unpremultiplied colors of
    fg and bg, as, ab their alphas and o the opacity, each color channel of the
    premultiplied result is::

        co = o*as*((1 - ab)*Cs + ab*B(Cb, Cs)) + ab*Cb*(1 - o*as)
        ao = o*as + ab*(1 - o*as)

    the spec's general formula with source-over, opacity scaling fg's alpha: the result
    moves linearly from bg (o = 0) to the full blend (o = 1); opaque images give
    Cb + o*(B(Cb, Cs) - Cb). B(Cb, Cs) per mode::

        normal       Cs
        multiply     Cb*Cs
        screen       Cb + Cs - Cb*Cs
        overlay      hard_light with the layers swapped
        darken       min(Cb, Cs)            lighten    max(Cb, Cs)
        color_dodge  0 if Cb == 0, 1 if Cs >= 1, else min(1, Cb/(1 - Cs))
        color_burn   1 if Cb == 1, 0 if Cs <= 0, else 1 - min(1, (1 - Cb)/Cs)
        hard_light   Cs <= 0.5: 2*Cb*Cs, else screen(Cb, 2*Cs - 1)
        soft_light   Cs <= 0.5: Cb - (1 - 2Cs)*Cb*(1 - Cb)
                     else Cb + (2Cs - 1)*(D(Cb) - Cb),
                     D(Cb) = ((16Cb - 12)Cb + 4)Cb if Cb <= 0.25 else sqrt(Cb)
        difference   |Cb - Cs|              exclusion  Cb + Cs - 2*Cb*Cs
        add          Cb + Cs                subtract   Cb - Cs   (not in the spec)

    No clamping (floats keep values outside [0, 1]; integer results clamp when stored).
    Frame, offset, channels and format as over().
    """
    return _vfxpy.ops_blend(fg, bg, mode, opacity, offset)


def rotate(img, angle, expand=False, *, filter="lanczos3", center=None):
    """img rotated by angle degrees, counter-clockwise as seen on screen (as Nuke and
    Pillow), around center=(x, y) in pixel-edge coordinates (default: the image center).

    Sampled as OpenImageIO's warp/rotate: each output pixel center is mapped back into
    the source and filtered there (filter as in resize(), not widened); source pixels
    outside the image are black, so corners come out transparent. expand=False keeps
    the size; expand=True grows the output to the rotated image's bounding box
    (rounded out to whole pixels), centered. Multiples of 90 degrees are exact copies
    only with rotate90/180/270 (rotate() still filters, which for 'lanczos3' at whole
    pixel offsets is exact to about 1e-7).
    """
    return _vfxpy.ops_rotate(img, angle, expand, filter, center)


def rotate90(img):
    """img turned 90 degrees counter-clockwise (as numpy.rot90; OIIO's rotate270)."""
    return _vfxpy.ops_unary(img, "rotate90")


def rotate180(img):
    """img turned 180 degrees."""
    return _vfxpy.ops_unary(img, "rotate180")


def rotate270(img):
    """img turned 90 degrees clockwise (numpy.rot90(a, -1); OIIO's rotate90)."""
    return _vfxpy.ops_unary(img, "rotate270")


def flip(img, axis):
    """img mirrored: axis 'horizontal' swaps left and right (OIIO flop), 'vertical'
    swaps top and bottom (OIIO flip)."""
    return _vfxpy.ops_flip(img, axis)


def transpose(img):
    """img with rows and columns swapped: out[y, x] = img[x, y]."""
    return _vfxpy.ops_unary(img, "transpose")


def crop(img, x, y, width, height):
    """The width x height rectangle whose top-left pixel is (x, y). It must lie inside
    img: anything else raises ValueError naming the argument (use pad() to grow)."""
    return _vfxpy.ops_crop(img, x, y, width, height)


def pad(img, left=0, top=0, right=0, bottom=0, *, fill=0.0, mode="constant"):
    """img with borders added (pixels, 0 or more per side). mode 'constant' fills them
    with fill (one normalized value or one per channel), 'edge' repeats the edge pixels."""
    return _vfxpy.ops_pad(img, left, top, right, bottom, fill, mode)


def translate(img, dx, dy, *, filter="lanczos3"):
    """img moved by (dx, dy) pixels (right, down) in the same frame; uncovered pixels
    are 0. Whole-pixel moves are exact copies; fractional ones resample like rotate()."""
    return _vfxpy.ops_translate(img, dx, dy, filter)


def blur(img, radius=None, *, sigma=None):
    """Gaussian blur (separable), edges clamped.

    The kernel has 2*ceil(radius) + 1 taps with weights exp(-k^2 / (2 sigma^2)),
    normalized (OpenCV's GaussianBlur with that ksize and sigma, BORDER_REPLICATE).
    Give radius (sigma = radius / 3), sigma (radius = ceil(3 sigma)) or both.
    """
    return _vfxpy.ops_blur(img, radius, sigma)


def box_blur(img, size=3):
    """The mean over a size x size window (size odd), edges clamped."""
    return _vfxpy.ops_box_blur(img, size)


def unsharp_mask(img, sigma=1.0, amount=1.0, threshold=0.0, *, radius=None):
    """img + amount * (img - blur(img, sigma=sigma)), leaving differences smaller than
    threshold alone (as OpenImageIO's unsharp_mask with a gaussian kernel; amount is
    its contrast). Every channel, alpha included."""
    return _vfxpy.ops_unsharp_mask(img, sigma, amount, threshold, radius)


def sharpen(img, amount=1.0, *, sigma=1.0):
    """unsharp_mask(img, sigma, amount) with no threshold."""
    return _vfxpy.ops_unsharp_mask(img, sigma, amount, 0.0, None)


def median(img, size=3):
    """The per-channel median over a size x size window (size odd), edges clamped."""
    return _vfxpy.ops_median(img, size)


def dilate(img, size=3):
    """The per-channel maximum over a size x size window (size odd), edges clamped."""
    return _vfxpy.ops_dilate(img, size)


def erode(img, size=3):
    """The per-channel minimum over a size x size window (size odd), edges clamped."""
    return _vfxpy.ops_erode(img, size)
