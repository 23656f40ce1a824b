"""Seeing images: ``Image._repr_png_`` (notebooks draw every image a cell returns) and
:func:`vfxpy.show`.

The preview's view transform, one fact in one place (:func:`preview`):

- **Float images** ('f16', 'f32') are taken as scene-linear with sRGB / Rec.709
  primaries. NaN becomes 0; R, G and B are clamped to [0, 1] and encoded with the sRGB
  curve (IEC 61966-2-1: 12.92 below 0.0031308, the 2.4 power above), then quantized to 8
  bits (round half up). No tone mapping: values above 1.0 clip to white. This is what
  ``examples/grade.py`` writes as its PNG preview.
- **With an OCIO config** (``$OCIO`` names a config file, read when a preview is made):
  float images are instead taken as the config's ``scene_linear`` role and shown through
  its default view: ``ocio.Config().display_processor("scene_linear")`` (the default
  display and that display's default view, looks included), then NaN → 0, clamped to
  [0, 1] and quantized to 8 bits as above. A gray image goes through the view as
  R = G = B and is shown in RGB. The config is read once per file (again when the file
  changes); a config that cannot be read, or has no ``scene_linear`` role or no display,
  raises its :mod:`vfxpy.ocio` error rather than show a preview in another view.
- **Integer images** ('u8', 'u16') are shown as they are encoded: 'u8' as it is, 'u16'
  at 8 bits (``round(v * 255 / 65535)``), no curve, with or without an OCIO config.
- Channels: 1 → gray, 2 → the first (gray; alpha dropped), 3 → RGB, 4 → R, G, B (alpha
  dropped: premultiplied color is the image over black), more → the channels named
  R, G, B when there are, else the first three.
- Size: at most :data:`PREVIEW_MAX_WIDTH` (1024) pixels wide, the aspect ratio kept;
  wider images are shrunk in linear light with an area-averaging filter ('box' widened
  to the shrink factor), so bright highlights do not ring into dark halos.

The PNG is written by vfxpy's own PNG writer (libpng), with no metadata, and returned as
bytes; write hooks (``vfxpy.hooks``) are not called for previews.
"""

from __future__ import annotations

import os
import sys

import _vfxpy

#: The widest preview ``_repr_png_`` and :func:`vfxpy.show` make, in pixels.
PREVIEW_MAX_WIDTH = 1024

_ocio_view_cache = None  # ((path, mtime_ns, size), vfxpy.ocio.Processor) of the last $OCIO read

_GAP = 8          # pixels between the images of a show() sheet outside a notebook
_GAP_VALUE = 40   # its 8-bit gray


def _check_image(img, argument="img"):
    if not isinstance(img, _vfxpy.Image):
        raise TypeError(f"{argument} must be a vfxpy.Image, not {type(img).__name__}")
    return img


def _color_channels(img):
    """Indices of the channels the preview shows (1 for gray, 3 for RGB)."""
    channels = img.channels
    if channels <= 2:
        return [0]
    if channels <= 4:
        return [0, 1, 2]
    names = [name.upper() for name in img.channel_names]
    if all(c in names for c in "RGB"):
        return [names.index(c) for c in "RGB"]
    return [0, 1, 2]


def _ocio_view():
    """The display processor of the config ``$OCIO`` names (its default display and view
    from ``scene_linear``), or None when ``$OCIO`` is unset or empty."""
    global _ocio_view_cache
    path = os.environ.get("OCIO", "")
    if not path:
        return None
    try:
        stat = os.stat(path)
        key = (os.path.abspath(path), stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = None  # ocio.Config raises the clear error (vfxpy.IOError, ENOENT)
    cached = _ocio_view_cache
    if key is not None and cached is not None and cached[0] == key:
        return cached[1]
    from vfxpy import ocio

    view = ocio.Config(path).display_processor("scene_linear")
    _ocio_view_cache = (key, view)
    return view


def preview(img, max_width: int = PREVIEW_MAX_WIDTH):
    """The 8-bit gray or RGB image ``_repr_png_`` shows for ``img`` (see the module's
    view transform). A new image; ``img`` is not changed."""
    from vfxpy import ops, transfer

    _check_image(img)
    if not isinstance(max_width, int) or isinstance(max_width, bool) or max_width < 1:
        raise ValueError(f"max_width must be a positive int, got {max_width!r}")
    shown = img
    if shown.width > max_width:  # first: the channel pick below then copies few pixels
        shown = ops.resize(shown, max_width, filter="box")
    keep = _color_channels(shown)
    if keep != list(range(shown.channels)):
        pixels = shown.numpy()
        if keep == list(range(keep[0], keep[0] + len(keep))):
            picked = pixels[..., keep[0]:keep[0] + len(keep)]  # a slice: one fast strided copy below
        else:
            picked = pixels[..., keep]
        shown = _vfxpy.Image(picked)  # strided views are copied into a contiguous image
    if shown.format in ("f16", "f32"):
        view = _ocio_view()
        if view is not None and shown.channels == 1:
            import numpy as np

            shown = _vfxpy.Image(np.repeat(shown.numpy().astype(np.float32), 3, axis=-1))  # gray as R = G = B
        shown = shown.astype("f32") if (shown is img or shown.format != "f32") else shown
        if view is None:
            transfer.linear_to_srgb(shown)  # in place; astype below clamps, NaN -> 0, rounds
        else:
            view.apply(shown)  # in place, the same clamp and rounding below
    out = shown.astype("u8")
    out.metadata = {}
    out.channel_names = ["Y"] if out.channels == 1 else ["R", "G", "B"]
    return out


def _png_bytes(img) -> bytes:
    """img (8-bit, 1 or 3 channels) as the bytes of a PNG file, by vfxpy's writer."""
    import tempfile

    handle, path = tempfile.mkstemp(prefix="vfxpy-preview-", suffix=".png")
    os.close(handle)
    try:
        _vfxpy.write_file(path, [img], "png", {"compression": 4})
        with open(path, "rb") as file:
            return file.read()
    finally:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass


def repr_png(image) -> bytes:
    """``Image._repr_png_`` (vfxpy/__init__.py): ``image``'s preview as PNG bytes."""
    return _png_bytes(preview(image))


def _in_notebook() -> bool:
    """True inside a Jupyter kernel (IPython with a kernel that displays rich output)."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    shell = ipython.get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def _sheet(previews):
    """The previews side by side, top-aligned, on a dark gray ground: one 8-bit RGB image."""
    import numpy as np

    height = max(p.height for p in previews)
    width = sum(p.width for p in previews) + _GAP * (len(previews) - 1)
    sheet = np.full((height, width, 3), _GAP_VALUE, dtype=np.uint8)
    x = 0
    for p in previews:
        pixels = p.numpy()
        sheet[:p.height, x:x + p.width] = pixels if p.channels == 3 else pixels[..., :1]
        x += p.width + _GAP
    return _vfxpy.Image(sheet)


def show(*images, titles=None):
    """Shows images side by side, each as its preview (``Image._repr_png_``'s view
    transform, at most 1024 pixels wide), with optional ``titles`` (one str per image).

    In a Jupyter notebook (vfxrun as the kernel) the images appear in the cell's output,
    in a row that wraps, titled, as HTML with PNG data (text/html); returns None.
    Elsewhere (a script, the vfxrun prompt, a terminal IPython) there is nothing to draw
    on: one PNG holding the previews side by side (top-aligned, 8 pixels apart, titles
    not drawn) is written to a new temporary file, its path and the titles are printed,
    and the path is returned; the file is the caller's to delete.
    """
    if not images:
        raise TypeError("show() needs at least one vfxpy.Image")
    for index, img in enumerate(images):
        _check_image(img, f"images[{index}]")
    if titles is None:
        titles = [""] * len(images)
    else:
        if isinstance(titles, str):
            raise TypeError("titles must be a sequence of str (one per image), not a str")
        titles = list(titles)
        if len(titles) != len(images):
            raise ValueError(f"titles: {len(titles)} given for {len(images)} images")
        for index, title in enumerate(titles):
            if not isinstance(title, str):
                raise TypeError(f"titles[{index}] must be a str, not {type(title).__name__}")
    previews = [preview(img) for img in images]
    if _in_notebook():
        import base64
        import html

        from IPython.display import display

        figures = []
        for title, img, small in zip(titles, images, previews):
            data = base64.b64encode(_png_bytes(small)).decode("ascii")
            caption = html.escape(title) if title else ""
            figures.append(
                '<figure style="margin:0 12px 12px 0;flex:0 1 auto">'
                f'<img src="data:image/png;base64,{data}" alt="{caption}" style="max-width:100%">'
                f'<figcaption style="text-align:center">{caption}</figcaption></figure>')
        plain = " | ".join(f"{title + ': ' if title else ''}{img!r}" for title, img in zip(titles, images))
        bundle = {"text/html": '<div style="display:flex;flex-wrap:wrap;align-items:flex-start">'
                               + "".join(figures) + "</div>",
                  "text/plain": plain}
        display(bundle, raw=True)
        return None
    import tempfile

    handle, path = tempfile.mkstemp(prefix="vfxpy-show-", suffix=".png")
    os.close(handle)
    _vfxpy.write_file(path, [_sheet(previews)], "png", {"compression": 4})
    named = ", ".join(title or f"image {index + 1}" for index, title in enumerate(titles))
    print(f"vfxpy.show: {path} ({named}, left to right)")
    return path
