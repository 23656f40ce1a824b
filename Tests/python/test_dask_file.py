"""vfxpy.dask.from_file: an image file as a lazy dask.array that reads only the chunks
a computation needs, through the band readers (vfxpy.open)."""

import pickle

import numpy as np
import pytest

import vfxpy
import vfxpy.dask
from vfxpy import _stream


@pytest.fixture
def plate(tmp_path):
    """A 300x200 half RGBA EXR in PIZ blocks of 32 rows."""
    rng = np.random.default_rng(5)
    img = vfxpy.Image((rng.random((300, 200, 4), dtype=np.float32) * 2).astype(np.float16))
    path = tmp_path / "plate.exr"
    vfxpy.write(path, img, compression="piz")
    return path, img.numpy()


@pytest.fixture
def rows_read(monkeypatch):
    """The (y_begin, y_end) of every band read from now on."""
    bands = []
    original = _stream.ImageReader.read_region

    def counting(self, region, format=None):
        bands.append(tuple(_stream._region(region)))
        return original(self, region, format=format)

    monkeypatch.setattr(_stream.ImageReader, "read_region", counting)
    return bands


def test_from_file_is_lazy_and_reads_only_the_chunks_computed(plate, rows_read):
    path, pixels = plate
    array = vfxpy.dask.from_file(path, chunks=40)  # rounded up to whole 32-row blocks
    assert array.shape == (300, 200, 4) and array.dtype == np.float16
    assert array.chunks == ((64, 64, 64, 64, 44), (200,), (4,))
    assert rows_read == []  # nothing read yet
    np.testing.assert_array_equal(array[100:120, 10:20].compute(scheduler="sync"), pixels[100:120, 10:20])
    assert rows_read == [(64, 128)]  # the one chunk that holds the rows asked for
    rows_read.clear()
    np.testing.assert_array_equal(array.compute(scheduler="threads"), pixels)
    assert sorted(rows_read) == [(0, 64), (64, 128), (128, 192), (192, 256), (256, 300)]


def test_from_file_default_chunks_formats_and_slices(plate):
    path, pixels = plate
    array = vfxpy.dask.from_file(path)
    assert array.chunks == ((300,), (200,), (4,))  # one 64 MB band holds it all
    as_float = vfxpy.dask.from_file(path, chunks=(64, 50, 3), format="f32")
    assert as_float.dtype == np.float32 and as_float.chunks[1] == (50, 50, 50, 50)
    expected = pixels.astype(np.float32)
    np.testing.assert_array_equal(as_float[::-7, 3:150:4, ::-1].compute(), expected[::-7, 3:150:4, ::-1])
    # a reduction: Dask sums chunk by chunk, numpy pairwise; float32 orders differ by ulps
    np.testing.assert_allclose(as_float[:, :, :3].mean(axis=(0, 1)).compute(),
                               expected[:, :, :3].mean(axis=(0, 1)), rtol=1e-5)
    # the graph holds the path, not the file: it pickles for distributed workers
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(as_float))[5:9].compute(), expected[5:9])


@pytest.mark.parametrize("name", ["plate.png", "plate.dpx", "plate.jpg", "plate.tif"])
def test_from_file_other_formats(tmp_path, name):
    img = vfxpy.Image((np.random.default_rng(1).random((130, 70, 3)) * 255).astype(np.uint8))
    path = tmp_path / name
    vfxpy.write(path, img)
    array = vfxpy.dask.from_file(path, chunks=25)
    np.testing.assert_array_equal(array.compute(scheduler="threads"), vfxpy.read(path).numpy())


def test_from_file_errors(tmp_path, plate):
    with pytest.raises(vfxpy.IOError):
        vfxpy.dask.from_file(tmp_path / "missing.exr")
    path, pixels = plate
    with pytest.raises(ValueError, match="format"):
        vfxpy.dask.from_file(path, format="f64")
    with pytest.raises(ValueError, match="rows"):
        vfxpy.dask.from_file(path, chunks=0)
    array = vfxpy.dask.from_file(path, chunks=64)
    vfxpy.write(path, vfxpy.Image(pixels[:10]))  # replaced: the array no longer describes the file
    with pytest.raises(RuntimeError, match="changed"):
        array[:5].compute(scheduler="sync")
