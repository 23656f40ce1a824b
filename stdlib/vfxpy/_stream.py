"""Huge images in bounded memory: :func:`open` and :func:`create` read and write image
files by bands of rows, and :func:`stream` runs a per-pixel function over a file band
after band, reading, processing and writing at once.

EXR files (scanline and tiled, every compression), TIFF files (strips and tiles) and
DPX files are read and written band by band: reading a band costs time in proportion to
the band, and memory stays bounded. PNG and JPEG are read by rows in order (a band above
the last one read starts again from the top) and written band by band. Readers of
interlaced PNG, progressive JPEG and TIFF files decoded through libtiff's RGBA path hold
the whole image (see ``ImageReader.reads_by_band``).
"""

from __future__ import annotations

import collections
import queue
import threading

import _vfxpy

from vfxpy import _fields
from vfxpy import io as _io

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable, Iterator, Optional

__all__ = ["ImageReader", "ImageWriter", "Region", "create", "open", "stream"]

_BYTES = {"u8": 1, "u16": 2, "f16": 2, "f32": 4}


class Region(collections.namedtuple("Region", ["y_begin", "y_end"])):
    """A band of whole rows, ``y_begin`` (first row) up to ``y_end`` (excluded), counted
    from the top of the image (the data window's top row for EXR)."""

    __slots__ = ()

    @property
    def height(self) -> int:
        """Rows in the band."""
        return self.y_end - self.y_begin


def _region(region) -> Region:
    try:
        y_begin, y_end = region
        return Region(int(y_begin), int(y_end))
    except (TypeError, ValueError):
        raise TypeError(f"region must be a vfxpy.io.Region or (y_begin, y_end), not {region!r}") from None


def parse_bytes(value, name="max_memory") -> int:
    """An amount of memory: an int (bytes) or a str such as '256MB', '1.5GiB', '64k'."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be an int or a str such as '256MB', not bool")
    if isinstance(value, int):
        amount = value
    elif isinstance(value, str):
        text = value.strip().lower().replace(" ", "")
        units = [("kib", 1 << 10), ("mib", 1 << 20), ("gib", 1 << 30), ("tib", 1 << 40), ("kb", 1000),
                 ("mb", 1000**2), ("gb", 1000**3), ("tb", 1000**4), ("k", 1 << 10), ("m", 1 << 20),
                 ("g", 1 << 30), ("t", 1 << 40), ("b", 1)]
        scale = 1
        for suffix, factor in units:
            if text.endswith(suffix):
                text, scale = text[: -len(suffix)], factor
                break
        try:
            amount = int(float(text) * scale)
        except ValueError:
            raise ValueError(f"{name} must be a number of bytes such as '256MB' or '1GiB', got {value!r}") from None
    else:
        raise TypeError(f"{name} must be an int or a str such as '256MB', not {type(value).__name__}")
    if amount <= 0:
        raise ValueError(f"{name} must be positive, got {value!r}")
    return amount


class _BandFile:
    """What band readers and writers share: the file's path and the image's size."""

    def __init__(self, path, width, height, channels, format):
        self._path = path
        self._width, self._height, self._channels, self._format = width, height, channels, format

    path = _fields.attribute("_path", "The file's path.")
    width = _fields.attribute("_width", "Pixels per row.")
    height = _fields.attribute("_height", "Rows.")
    channels = _fields.attribute("_channels", "Channels per pixel.")


class ImageReader(_BandFile):
    """An image file open for reading by bands (from :func:`vfxpy.open`); a context
    manager that closes the file on exit. ::

        with vfxpy.open("plate.exr") as src:
            for region in src.regions(max_bytes="64MB"):
                band = src.read_region(region)    # region.height rows, full width

    Safe to share between threads (calls take turns). EXR and TIFF bands decode only their own
    chunks; other formats (and TIFF files libtiff decodes through RGBA: palette, YCbCr,
    CMYK) decode the whole image on the first band and keep it (``reads_by_band`` is
    False)."""

    def __init__(self, path, *, subimage: int = 0):
        path = _io._path(path)
        self._native = _vfxpy.stream_open(path, subimage)
        fields = self._native.info()
        self._chunk_rows = fields.pop("chunk_rows")
        self._reads_by_band = fields.pop("reads_by_band")
        info = self._info = _io.ImageInfo(path=path, **fields)
        super().__init__(path, info.width, info.height, info.channels, info.format)

    @property
    def info(self) -> "_io.ImageInfo":
        """The header, as :func:`vfxpy.io.info` gives it."""
        return self._info

    format = _fields.attribute("_format", "The storage bands come in by default ('u8', 'u16', 'f16', 'f32').")

    @property
    def chunk_rows(self) -> int:
        """Rows per chunk of the file (EXR: 1, 16, 32 or 256 lines, or the tile height);
        :meth:`regions` gives bands made of whole chunks."""
        return self._chunk_rows

    @property
    def reads_by_band(self) -> bool:
        """True when a band is decoded on its own (EXR, TIFF, DPX; PNG and JPEG rows in
        order); False when the whole image is decoded on the first band and kept
        (interlaced PNG, progressive JPEG, TIFF through libtiff's RGBA path)."""
        return self._reads_by_band

    def band_rows(self, max_bytes=None, rows=None, format=None) -> int:
        """The rows per band :meth:`regions` uses: ``rows`` rounded up to whole chunks,
        or as many whole chunks as fit in ``max_bytes`` (at least one chunk; 64 MiB by
        default), counted in ``format`` (default: the file's)."""
        chunk = max(1, self._chunk_rows)
        if rows is not None:
            if isinstance(rows, bool) or not isinstance(rows, int) or rows < 1:
                raise ValueError(f"rows must be a positive int, got {rows!r}")
            band = -(-rows // chunk) * chunk
        else:
            budget = parse_bytes(max_bytes if max_bytes is not None else 64 << 20, "max_bytes")
            row_bytes = self.width * self.channels * _BYTES.get(format or self.format, 4)
            band = max(1, budget // max(1, row_bytes)) // chunk * chunk
            band = max(band, chunk)
        return min(band, self.height)

    def regions(self, max_bytes=None, rows=None) -> "Iterator[Region]":
        """Bands covering the image top to bottom, each made of whole chunks of the file
        (the last one may be shorter): ``rows`` per band (rounded up to whole chunks), or
        as many rows as fit in ``max_bytes`` (an int or '64MB'; 64 MiB when neither is
        given)."""
        band = self.band_rows(max_bytes, rows)
        return (Region(y, min(y + band, self.height)) for y in range(0, self.height, band))

    def read_region(self, region, format: Optional[str] = None):
        """The rows of ``region`` (a :class:`Region` or ``(y_begin, y_end)``) as an image
        ``width`` x ``region.height``, in ``format`` ('u8', 'u16', 'f16', 'f32'; default
        the file's). Any band may be read, in any order; bands from :meth:`regions`
        decode each chunk once."""
        region = _region(region)
        if self._native is None:
            raise ValueError(f"{self._path}: the reader is closed")
        if not (0 <= region.y_begin < region.y_end <= self.height):
            raise ValueError(f"region {tuple(region)} is not a non-empty band of the {self.height} rows of {self._path}")
        return self._native.read(region.y_begin, region.y_end, format)

    def close(self) -> None:
        """Releases the file (also on leaving a ``with`` block)."""
        if self._native is not None:
            self._native.close()
            self._native = None

    def __enter__(self) -> "ImageReader":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._native is None else f"{self.width}x{self.height} {self.channels}ch {self.format}"
        return f"<vfxpy.io.ImageReader {self._path!r} {state}>"


class ImageWriter(_BandFile):
    """An image file written band after band, top to bottom (from :func:`vfxpy.create`);
    a context manager. Nothing appears at the path until the ``with`` block ends
    normally (or :meth:`close`): the file is then completed and renamed into place
    atomically. On an exception (Ctrl-C included) or :meth:`abort` no file is left and
    an existing one is untouched. ::

        with vfxpy.create("out.exr", 16384, 8192, like=src) as dst:
            for region in src.regions():
                dst.write_region(grade(src.read_region(region)), region.y_begin)

    Every format's bands are encoded as they come (tiled EXR and TIFF files keep one
    row of tiles; JPEG gathers :func:`vfxpy.write`'s strips and encodes a batch of them
    on all cores, or under 1 MP goes through libjpeg's scanline compressor, a few MCU rows
    at a time), so ``writes_by_band`` is True."""

    def __init__(self, native, path, width, height, channels, format):
        super().__init__(path, width, height, channels, format)
        self._native = native
        self._writes_by_band = native.writes_by_band()

    format = _fields.attribute("_format", "The storage the writer was created for.")

    @property
    def rows_written(self) -> int:
        """Rows written so far: the next band starts there."""
        return self._native.rows_written() if self._native is not None else self._height

    @property
    def writes_by_band(self) -> bool:
        """True when bands are encoded as they come (every format: EXR, TIFF, DPX, PNG,
        JPEG); False would mean the whole image is gathered and encoded at the end."""
        return self._writes_by_band

    def write_region(self, image, y: Optional[int] = None) -> None:
        """Writes ``image`` (``width`` wide, ``channels`` channels, any storage) as the
        rows from ``y`` on; bands come in order, so ``y`` must be :attr:`rows_written`
        (the default)."""
        if self._native is None:
            raise ValueError(f"{self._path}: the writer is closed")
        if y is None:
            y = self._native.rows_written()
        self._native.write(image, y)

    def close(self) -> None:
        """Completes the file and renames it into place; every row must be written.
        On failure no file is left."""
        native, self._native = self._native, None
        if native is not None:
            native.finish()

    def abort(self) -> None:
        """Drops the file: nothing is left at the path, an existing file is untouched."""
        native, self._native = self._native, None
        if native is not None:
            native.abort()

    def __enter__(self) -> "ImageWriter":
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()

    def __repr__(self) -> str:
        state = "closed" if self._native is None else f"{self.rows_written}/{self._height} rows"
        return f"<vfxpy.io.ImageWriter {self._path!r} {self._width}x{self._height} {state}>"


def open(path, *, subimage: int = 0) -> ImageReader:
    """Opens an image file for reading by bands: a :class:`vfxpy.io.ImageReader` with
    ``info``, ``width``, ``height``, ``channels``, ``format``, ``regions()`` and
    ``read_region()``. Use it in a ``with`` block. ``subimage`` picks one part of a
    multi-part EXR."""
    return ImageReader(path, subimage=subimage)


def _like_fields(like):
    """Channel names and storable metadata from an ImageReader, ImageInfo or Image."""
    from vfxpy import Image

    if isinstance(like, ImageReader):
        like = like.info
    if isinstance(like, _io.ImageInfo):
        return like.width, like.height, like.channels, like.format, list(like.channel_names), dict(like.metadata)
    if isinstance(like, Image):
        return like.width, like.height, like.channels, like.format, list(like.channel_names), dict(like.metadata)
    raise TypeError(f"like must be a vfxpy.io.ImageReader, vfxpy.io.ImageInfo or vfxpy.Image, "
                    f"not {type(like).__name__}")


def create(path, width: Optional[int] = None, height: Optional[int] = None, channels: Optional[int] = None,
           format: Optional[str] = None, *, like=None, **write_options) -> ImageWriter:
    """Starts an image file written by bands: a :class:`vfxpy.io.ImageWriter` whose
    ``write_region(image, y)`` takes the bands in order. Use it in a ``with`` block:
    a clean exit completes the file and renames it into place, an exception leaves no
    file.

    ``channels`` defaults to 4 and ``format`` (the storage of the pixels given, which
    also picks EXR's half or float unless ``pixel_type`` says) to 'f16'. ``like`` (an
    :class:`ImageReader`, :class:`ImageInfo` or :class:`vfxpy.Image`) gives the size,
    channels, storage, channel names and metadata (EXR windows and attributes, DPX
    fields) unless given. ``write_options`` are the format's, as :func:`vfxpy.write`
    takes them (EXR ``compression``, ``pixel_type``, ``tile_size``, ...)."""
    names, metadata = None, {}
    if like is not None:
        l_width, l_height, l_channels, l_format, names, raw = _like_fields(like)
        width = l_width if width is None else width
        height = l_height if height is None else height
        channels = l_channels if channels is None else channels
        format = l_format if format is None else format
        for key, value in raw.items():
            if isinstance(key, str):
                stored = _io._storable(key, value)
                if stored is not None:
                    metadata[key] = stored
        if channels != len(names):
            names = None
    channels = 4 if channels is None else channels
    format = "f16" if format is None else format
    for name, value in (("width", width), ("height", height), ("channels", channels)):
        if value is None:
            raise TypeError(f"create() needs {name} (or like=)")
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    text = _io._path(path)
    options = {k: v for k, v in write_options.items() if v is not None}
    native = _vfxpy.stream_create(text, width, height, channels, format, names, metadata, None, options)
    return ImageWriter(native, text, width, height, channels, format)


class _Stage(threading.Thread):
    """A worker of :func:`stream`: takes bands from ``inbox`` (or makes them), hands
    results to ``outbox``; stops when told or on its first error (kept for the caller)."""

    def __init__(self, name, work, inbox, outbox, stop):
        super().__init__(name=name, daemon=True)
        self.work, self.inbox, self.outbox, self.stop = work, inbox, outbox, stop
        self.error = None

    def put(self, item) -> bool:
        while not self.stop.is_set():
            try:
                self.outbox.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def take(self):
        while not self.stop.is_set():
            try:
                return self.inbox.get(timeout=0.05)
            except queue.Empty:
                continue
        return None

    def run(self):
        try:
            self.work(self)
        except BaseException as error:  # noqa: B036 (handed to the caller's thread)
            self.error = error
            self.stop.set()


_DONE = object()


def stream(src, dst, fn: Optional[Callable] = None, *, max_memory="256MB", resize=None, filter: str = "lanczos3",
           progress: bool = False, **write_options) -> None:
    """Reads ``src`` by bands, calls ``fn(band)`` on each (it changes the band in place
    and returns None, or returns the band to write: same width, channels and rows), and
    writes ``dst`` by bands, with memory bounded by ``max_memory`` (an int or '256MB')
    plus a fixed overhead. ``fn`` must work pixel by pixel (a grade, a LUT, a color
    transform): ops that need neighbouring rows would see the band's edges. ``dst`` gets
    ``src``'s channel names and metadata (EXR windows and attributes) and its
    compression unless ``write_options`` say otherwise.

    Decoding band N+1, ``fn`` on band N and encoding band N-1 run at once: the reading
    and writing threads hold no GIL while they work, and ``fn`` runs on the calling
    thread. Ctrl-C (or an error in ``fn``) stops within a band and leaves no ``dst``.
    ``progress=True`` shows :func:`vfxpy.progress`'s bar (rows done).

    ``resize=(width, height)`` resizes in the same pass (after ``fn``), keeping only the
    source rows the filter still needs: the result is :func:`vfxpy.ops.resize` of the
    whole image with ``filter`` (premultiplied alpha), bit for bit. 'nearest' is not
    supported while streaming (:class:`vfxpy.UnsupportedError`)."""
    if resize is not None:
        try:
            out_width, out_height = resize
        except (TypeError, ValueError):
            raise TypeError(f"resize must be (width, height), not {resize!r}") from None
        for name, value in (("width", out_width), ("height", out_height)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"resize {name} must be a positive int, got {value!r}")
    if fn is not None and not callable(fn):
        raise TypeError(f"fn must be callable or None, not {type(fn).__name__}")
    budget = parse_bytes(max_memory)
    with open(src) as reader:
        # Bands alive at once: one decoding, one waiting, one in fn, one waiting, one
        # encoding, plus the encoder's converted copy: six bands fit in the budget.
        band = reader.band_rows(max_bytes=max(1, budget // 6))
        regions = list(reader.regions(rows=band))
        bar = None
        if progress:
            from vfxpy._progress import Progress

            bar = Progress(reader.height, label="stream", unit="rows")
        stop = threading.Event()
        decoded: queue.Queue = queue.Queue(maxsize=1)
        processed: queue.Queue = queue.Queue(maxsize=1)

        def read_all(stage):
            for region in regions:
                if stop.is_set():
                    return
                if not stage.put((region, reader.read_region(region))):
                    return
            stage.put(_DONE)

        resizer = None
        if resize is not None:
            resizer = _vfxpy.stream_resizer(reader.width, reader.height, out_width, out_height, reader.channels,
                                            reader.info.channel_names, filter)
            writer = create(dst, out_width, out_height, like=reader, **write_options)
        else:
            writer = create(dst, like=reader, **write_options)
        try:
            def write_all(stage):
                while True:
                    item = stage.take()
                    if item is None or item is _DONE:
                        return
                    region, image = item
                    if resizer is None:
                        writer.write_region(image, region.y_begin)
                        continue
                    rows = resizer.push(image)
                    if rows is not None:
                        writer.write_region(rows)

            reading = _Stage("vfxpy-stream-read", read_all, None, decoded, stop)
            writing = _Stage("vfxpy-stream-write", write_all, processed, None, stop)
            reading.start()
            writing.start()
            try:
                while True:
                    item = None
                    while item is None:
                        try:
                            item = decoded.get(timeout=0.05)
                        except queue.Empty:
                            if reading.error is not None or writing.error is not None:
                                break
                    if item is None or item is _DONE:
                        break
                    region, image = item
                    if fn is not None:
                        result = fn(image)
                        if result is not None:
                            _check_band(result, image, region)
                            image = result
                    if not _put(processed, (region, image), writing):
                        break
                    if bar is not None:
                        bar.advance(region.height)
                if writing.error is None:
                    _put(processed, _DONE, writing)
            except BaseException:
                stop.set()
                raise
            finally:
                reading.join()
                if stop.is_set():
                    writing.join()
                else:
                    while writing.is_alive():
                        writing.join(0.05)
                if bar is not None:
                    bar.close()
            for stage in (reading, writing):
                if stage.error is not None:
                    raise stage.error
        except BaseException:
            writer.abort()
            raise
        writer.close()


def _put(box, item, consumer) -> bool:
    """Puts ``item`` into ``box`` unless ``consumer`` stopped (an error there)."""
    while not consumer.stop.is_set():
        try:
            box.put(item, timeout=0.05)
            return True
        except queue.Full:
            continue
    return False


def _check_band(result, image, region) -> None:
    from vfxpy import Image

    if not isinstance(result, Image):
        raise TypeError(f"fn must return a vfxpy.Image or None, not {type(result).__name__}")
    if result.width != image.width or result.height != image.height or result.channels != image.channels:
        raise ValueError(f"fn returned a {result.width}x{result.height} {result.channels}-channel image for the band "
                         f"of rows {region.y_begin}..{region.y_end}; it must keep the band's "
                         f"{image.width}x{image.height} {image.channels}-channel shape")
