"""Image files as lazy Dask arrays: :func:`from_file` reads only the chunks a
computation asks for, band by band through :func:`vfxpy.open`, so one huge image can be
spread over the workers of ``vfxrun batch --dask`` (or any Dask scheduler)::

    import vfxpy.dask

    plate = vfxpy.dask.from_file("pano.exr")            # (height, width, channels), lazy
    mean = plate[:, :, :3].mean(axis=(0, 1)).compute()   # every chunk read once, in parallel
    sky = plate[:512].compute()                          # only the top chunks are read

Chunks are bands of whole rows by default, aligned to the file's own chunks (EXR blocks
or tiles, TIFF strips): a chunk decodes what it covers and nothing else. Chunks that cut
the columns or channels read their rows whole and keep their part. PNG and JPEG decode
rows in order: a chunk reads from where its worker's last chunk stopped, else from the
top of the file (see :class:`vfxpy.io.ImageReader`).
"""

from __future__ import annotations

import os
import threading

from vfxpy import io as _io

__all__ = ["from_file"]

_DTYPES = {"u8": "uint8", "u16": "uint16", "f16": "float16", "f32": "float32"}

#: Bytes of a default chunk.
_CHUNK_BYTES = 64 << 20


class _Readers(threading.local):
    """Each thread's open reader of the file it read last: a worker's next chunk of the
    same file reuses it (for PNG and JPEG, the decoder goes on from the last row)."""

    key = None
    reader = None


_readers = _Readers()


def _stamp(path):
    info = os.stat(path)
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def _reader(path, subimage, stamp):
    from vfxpy import _stream

    if _stamp(path) != stamp:
        raise RuntimeError(f"{path} changed after vfxpy.dask.from_file read its header; make the array again")
    key = (path, subimage, stamp)
    if _readers.key != key:
        if _readers.reader is not None:
            _readers.reader.close()
            _readers.key = _readers.reader = None
        _readers.reader = _stream.open(path, subimage=subimage)
        _readers.key = key
    return _readers.reader


class _FileRows:
    """The array ``dask.array.from_array`` slices: the file's pixels, (height, width,
    channels), read a band at a time. Picklable (it holds the path, not the file), so
    distributed workers open the file themselves."""

    def __init__(self, path, subimage, format, shape, dtype, stamp):
        self.path, self.subimage, self.format = path, subimage, format
        self.shape, self.dtype, self.stamp = shape, dtype, stamp
        self.ndim = 3

    def __getitem__(self, key):
        import numpy as np

        if not isinstance(key, tuple):
            key = (key,)
        key = key + (slice(None),) * (3 - len(key))
        rows = range(*key[0].indices(self.shape[0]))
        if len(rows) == 0:
            return np.empty((0,) + self.shape[1:], self.dtype)[(slice(None),) + key[1:]]
        first, last = min(rows[0], rows[-1]), max(rows[0], rows[-1])
        reader = _reader(self.path, self.subimage, self.stamp)
        band = reader.read_region((first, last + 1), format=self.format).numpy()
        step = rows.step
        picked = band[::step] if step > 0 else band[::-1][::-step]
        return np.ascontiguousarray(picked[(slice(None),) + key[1:]])


def from_file(path, chunks=None, *, format=None, subimage=0):
    """A lazy ``dask.array.Array`` of the image file at ``path``, shaped (height, width,
    channels), whose chunks are read only when computed (Debian's python3-dask).

    ``chunks``: None (default) for bands of whole rows, aligned to the file's chunks, of
    about 64 MB each; an int (rows per band, rounded up to whole chunks of the file, all
    columns and channels); or anything
    ``dask.array.from_array`` takes (a tuple per axis, ``"auto"``). ``format`` ('u8',
    'u16', 'f16', 'f32') converts the pixels as read (default: as stored). ``subimage``
    picks the EXR part or TIFF page. The file is checked now (a missing or unreadable
    file raises here); a chunk computed after the file changed raises an error rather
    than mixing two versions."""
    import dask.array
    from vfxpy import _stream

    text = _io._path(path)
    if format is not None and format not in _DTYPES:
        raise ValueError(f"format must be one of 'u8', 'u16', 'f16', 'f32', not {format!r}")
    with _stream.open(text, subimage=subimage) as reader:
        height, width, channels = reader.height, reader.width, reader.channels
        stored = format or reader.format
        if chunks is None:
            rows = reader.band_rows(max_bytes=_CHUNK_BYTES, format=stored)
            chunks = (rows, width, channels)
        elif isinstance(chunks, int) and not isinstance(chunks, bool):
            chunks = (reader.band_rows(rows=chunks), width, channels)
    stamp = _stamp(text)
    import numpy as np

    dtype = np.dtype(_DTYPES[stored])
    array = _FileRows(text, subimage, format, (height, width, channels), dtype, stamp)
    name = "vfxpy-file-" + dask.base.tokenize(text, subimage, format, stamp, chunks)
    return dask.array.from_array(array, chunks=chunks, name=name, lock=False, asarray=False, fancy=False,
                                 meta=np.empty((0, 0, 0), dtype))
