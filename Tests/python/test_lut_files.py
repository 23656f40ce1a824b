"""LUT files: the colour-science 0.4.6 test resources (fetched from PyPI) parse and apply as
OpenColorIO 2.1 applies them; files vfxpy writes read back losslessly and apply
identically in vfxpy and OCIO; malformed files raise FormatError naming file and line.

Where OCIO 2.1.2 is not a usable reference, and what we do instead:
- resolve_cube/{Demo, LogC_Video, Three_Dimensional_Table_With_Shaper, eotf_sRGB_3D}.cube:
  OCIO 2.1.2's Resolve reader rejects the TITLE keyword (its Iridas reader rejects the 1D
  input range / shaper); we compare with OCIO reading the same file minus its TITLE line.
- cinespace/Explicit_Domain.csp (a 2x3x4 grid): OCIO refuses non-cubic grids, and so do
  we (vfxpy.UnsupportedError).
- sony_spi1d/Exception_Raising.spi1d is malformed on purpose (From with one number):
  OCIO and vfxpy both refuse it (FormatError, line 2).
- .spimtx: OCIO's 4x4 matrix renderer turns alpha into NaN when R, G or B is NaN
  (0 * NaN); vfxpy leaves alpha untouched, so alpha is compared with the input instead.
  With infinite inputs, vfxpy's full 3x3 product gives NaN (0 * inf) where OCIO's
  diagonal renderer keeps inf (Matrix_Offset.spimtx): only finite inputs are compared.
- .csp pre-LUTs: OCIO resamples the pre-LUT spline onto 65536 points in float32 and
  interpolates linearly; vfxpy evaluates the same spline exactly. Measured: up to 2.3e-6
  (Uncommon_3x1D_With_Pre_Lut, outputs to 3.5) and 2.9e-6 (eotf_sRGB_3D.csp, outputs to
  8.9, i.e. 3 float32 ulps): the resampling's rounding moves the cube position slightly.
  Everything else agrees within 1e-6 absolute or one float32 ulp of outputs above 1.
"""

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

import vfxpy
from vfxpy import lut
from ocio_ref import ocio_apply
from test_lut import assert_close, sample_pixels, smooth_lut3d

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".build" / "lut-test-cache"
WHEEL = "colour_science-0.4.6-py3-none-any.whl"
RESOURCES = "colour/io/luts/tests/resources"

TITLE_REJECTED_BY_OCIO = {"resolve_cube/Demo.cube", "resolve_cube/LogC_Video.cube",
                          "resolve_cube/Three_Dimensional_Table_With_Shaper.cube",
                          "resolve_cube/eotf_sRGB_3D.cube"}
RESOURCE_FILES = [
    "cinespace/ACES_Proxy_10_to_ACES.csp", "cinespace/Colour_Correct.csp", "cinespace/Demo.csp",
    "cinespace/RGB_1_0.5_0.25.csp", "cinespace/Ragged_Domain.csp", "cinespace/Three_Dimensional_Table.csp",
    "cinespace/Three_Dimensional_Table_With_Shaper.csp", "cinespace/Uncommon_3x1D_With_Pre_Lut.csp",
    "cinespace/Unit.csp", "cinespace/eotf_sRGB_3D.csp",
    "iridas_cube/ACES_Proxy_10_to_ACES.cube", "iridas_cube/Colour_Correct.cube", "iridas_cube/Demo.cube",
    "iridas_cube/RGB_1_0.5_0.25.cube", "iridas_cube/Three_Dimensional_Table.cube", "iridas_cube/Unit.cube",
    "iridas_cube/eotf_sRGB_3D.cube",
    "resolve_cube/ACES_Proxy_10_to_ACES.cube", "resolve_cube/Colour_Correct.cube", "resolve_cube/Demo.cube",
    "resolve_cube/LogC_Video.cube", "resolve_cube/RGB_1_0.5_0.25.cube", "resolve_cube/Three_Dimensional_Table.cube",
    "resolve_cube/Three_Dimensional_Table_With_Shaper.cube", "resolve_cube/Unit.cube",
    "resolve_cube/eotf_sRGB_3D.cube",
    "sony_spi1d/eotf_sRGB_1D.spi1d", "sony_spi1d/eotf_sRGB_3x1D.spi1d",
    "sony_spi3d/Colour_Correct.spi3d", "sony_spi3d/Colour_Correct_Unordered.spi3d",
    "sony_spimtx/Matrix_Offset.spimtx", "sony_spimtx/dt.spimtx", "sony_spimtx/p3_to_xyz16.spimtx",
]


def _pip_commands():
    candidates = []
    for exe in ("python3", "python"):
        found = shutil.which(exe)
        if found and Path(found).resolve() != Path(sys.executable).resolve():
            candidates.append([found, "-m", "pip"])
    for exe in ("pip", "pip3"):
        found = shutil.which(exe)
        if found:
            candidates.append([found])
    return candidates


@pytest.fixture(scope="session")
def resources():
    """colour-science 0.4.6's LUT test resources, downloaded once into .build/."""
    folder = CACHE / RESOURCES
    if not folder.is_dir():
        CACHE.mkdir(parents=True, exist_ok=True)
        wheel = CACHE / WHEEL
        errors = []
        for pip in _pip_commands():
            if wheel.exists():
                break
            result = subprocess.run([*pip, "download", "--no-deps", "colour-science==0.4.6", "-d", str(CACHE)],
                                    capture_output=True, text=True, timeout=300)
            errors.append(f"{' '.join(pip)}: {result.stderr.strip().splitlines()[-1:] if result.stderr else ''}")
        if not wheel.exists():
            pytest.skip(f"colour-science 0.4.6 could not be downloaded from PyPI (offline?): {errors}")
        with zipfile.ZipFile(wheel) as archive:
            for name in archive.namelist():
                if name.startswith(RESOURCES + "/"):
                    archive.extract(name, CACHE)
    return folder


def _set_interpolation(loaded, interpolation):
    for op in getattr(loaded, "ops", [loaded]):
        if isinstance(op, lut.Lut3D):
            op.interpolation = interpolation


@pytest.mark.parametrize("name", RESOURCE_FILES)
@pytest.mark.parametrize("interpolation", ["tetrahedral", "trilinear"])
def test_colour_science_resources_match_ocio(resources, tmp_path, name, interpolation):
    path = resources / name
    loaded = lut.read(path)
    _set_interpolation(loaded, interpolation)
    ocio_path = path
    if name in TITLE_REJECTED_BY_OCIO:
        ocio_path = tmp_path / Path(name).name
        lines = path.read_text().splitlines()
        ocio_path.write_text("\n".join(l for l in lines if not l.startswith("TITLE")) + "\n")
    pixels = sample_pixels([-0.25] * 3, [2.0] * 3, n=8192)
    ocio_interp = "tetrahedral" if interpolation == "tetrahedral" else "linear"
    reference, _ = ocio_apply(ocio_path, pixels, tmp_path, interpolation=ocio_interp)
    img = vfxpy.Image(pixels.copy())
    vfxpy.Processor().apply_lut(img, loaded)
    out = img.numpy()
    if name.endswith(".spimtx"):
        # vfxpy's MatrixOp runs a matrix with an offset as a full 3x3 product, so an
        # infinite input gives 0 * inf = NaN in the other channels; OCIO's diagonal
        # renderer skips the zero terms. Finite inputs must agree.
        finite = np.isfinite(pixels[..., :3]).all(axis=-1)
        out, reference, pixels = out[finite][None], reference[finite][None], pixels[finite][None]
    # 1e-6 absolute, times the largest output when that is above 1: float32 itself has
    # only ~7 digits (ACES_Proxy reaches 704.3, where one ulp is 6.1e-5; OCIO and vfxpy
    # differ by that one ulp), and OCIO resamples .csp pre-LUTs (see above)
    scale = max(1.0, float(np.nanmax(np.abs(np.nan_to_num(reference[..., :3], posinf=0, neginf=0)))))
    assert_close(out[..., :3], reference[..., :3], 1e-6 * scale)
    assert np.array_equal(out[..., 3], pixels[..., 3])


def test_colour_science_resources_that_ocio_refuses(resources):
    with pytest.raises(vfxpy.FormatError, match=r"Exception_Raising\.spi1d: line 2: From needs 2 numbers"):
        lut.read(resources / "sony_spi1d/Exception_Raising.spi1d")
    with pytest.raises(vfxpy.UnsupportedError, match=r"Explicit_Domain\.csp: line 19: a 2x3x4 grid is not a cube"):
        lut.read(resources / "cinespace/Explicit_Domain.csp")


def test_colour_science_resources_parse_to_their_values(resources):
    demo = lut.read(resources / "iridas_cube/Demo.cube")
    assert demo.title == "Demo" and demo.comments == ["Comments can go anywhere"]
    assert demo.domain_max == (1, 2, 3)
    assert np.array_equal(demo.data, np.float32([[0, 0, 0], [0.5, 1, 1.5], [1, 1, 1]]))
    shaped = lut.read(resources / "resolve_cube/Three_Dimensional_Table_With_Shaper.cube")
    assert isinstance(shaped, lut.LutChain) and shaped.title == "LUT3D with My Shaper"
    shaper, cube = shaped.ops
    assert shaper.size == 10 and shaper.domain_min == (np.float32(-0.1),) * 3 and cube.domain_max == (3,) * 3
    assert np.array_equal(cube.data[2, 0, 0], np.float32([3, -0.1, -0.1]))  # 3rd row: r = 2
    ordered = lut.read(resources / "sony_spi3d/Colour_Correct.spi3d")
    unordered = lut.read(resources / "sony_spi3d/Colour_Correct_Unordered.spi3d")
    assert np.array_equal(ordered.data, unordered.data)
    assert np.array_equal(ordered.data[3, 2, 0], np.float32([0.891318, 0.619823, 0.076833]))
    mtx = lut.read(resources / "sony_spimtx/Matrix_Offset.spimtx")
    assert isinstance(mtx, lut.Matrix) and np.allclose(mtx.offset, [0, 0, 1])
    csp = lut.read(resources / "cinespace/Three_Dimensional_Table_With_Shaper.csp")
    assert [type(o).__name__ for o in csp.ops] == ["Prelut", "Lut3D"]
    assert csp.comments[0] == "LUT3D with My Shaper"


# ---------------------------------------------------------------- writers


def _cube(seed=0):
    rng = np.random.default_rng(seed)
    return lut.Lut3D(smooth_lut3d(9, seed) + rng.normal(0, 1e-3, (9, 9, 9, 3)).astype(np.float32),
                     domain_min=(-0.1, 0.0, 0.2), domain_max=(1.3, 2.0, 1.0))


def _curve():
    x = np.linspace(0, 1, 100)
    data = np.stack([x ** 0.4545, np.exp(x) - 1, 0.1 + 0.7 * x], axis=1) + 1e-9
    return lut.Lut1D(data, domain_min=(-0.05, -0.05, -0.05), domain_max=(1.5, 1.5, 1.5))


def _same(a, b):
    if isinstance(a, lut.LutChain):
        assert len(a.ops) == len(b.ops)
        for x, y in zip(a.ops, b.ops):
            _same(x, y)
        return
    assert type(a) is type(b)
    if isinstance(a, lut.Matrix):
        assert np.array_equal(a.matrix, b.matrix) and np.allclose(a.offset, b.offset, atol=1e-9)
    elif isinstance(a, lut.Prelut):
        for c in range(3):
            assert np.array_equal(a.inputs[c], b.inputs[c]) and np.array_equal(a.outputs[c], b.outputs[c])
    else:
        assert np.array_equal(a.data, b.data)  # bit for bit
        assert a.domain_min == b.domain_min and a.domain_max == b.domain_max


def _writers():
    shaper = lut.Lut1D(np.sqrt(np.linspace(0, 1, 64)), domain_min=-0.125, domain_max=4.0)
    grid = lut.Lut3D(smooth_lut3d(7, 3))
    return [
        ("cube 3D with domain", lut.write_cube, _cube, ".cube"),
        ("cube 1D with domain", lut.write_cube, _curve, ".cube"),
        ("cube shaper + cube", lut.write_cube, lambda: lut.LutChain([shaper, grid]), ".cube"),
        ("spi1d", lut.write_spi1d, _curve, ".spi1d"),
        ("spi3d", lut.write_spi3d, lambda: grid, ".spi3d"),
        ("csp 3D (domain as pre-LUT)", lut.write_csp, _cube, ".csp"),
        ("csp 1D (domain as pre-LUT)", lut.write_csp, _curve, ".csp"),
        ("spimtx", lut.write_spimtx, lambda: lut.Matrix([[0.9, 0.1, 0.0], [0.2, 0.7, 0.1], [0.0, 0.05, 0.95]],
                                                        [0.01, -0.02, 0.5]), ".spimtx"),
    ]


@pytest.mark.parametrize("case", _writers(), ids=lambda c: c[0])
def test_written_files_read_back_and_apply_as_in_ocio(tmp_path, case):
    _, writer, make, ext = case
    original = make()
    path = tmp_path / f"written{ext}"
    writer(path, original)
    again = lut.read(path)
    if ext == ".csp" and not isinstance(original, lut.LutChain):
        assert isinstance(again, lut.LutChain) and isinstance(again.ops[0], lut.Prelut)
        again_lut = again.ops[1]
        assert np.array_equal(again_lut.data, original.data)
    else:
        _same(original, again)
    pixels = sample_pixels([-0.25] * 3, [2.0] * 3, n=8192)
    reference, _ = ocio_apply(path, pixels, tmp_path, interpolation="tetrahedral")
    ours = vfxpy.Image(pixels.copy())
    vfxpy.Processor().apply_lut(ours, original)
    reread = vfxpy.Image(pixels.copy())
    vfxpy.Processor().apply_lut(reread, again)
    assert_close(ours.numpy()[..., :3], reference[..., :3], 1e-6)
    if ext != ".csp":
        assert np.array_equal(ours.numpy(), reread.numpy(), equal_nan=True)


def test_csp_with_a_spline_prelut_round_trips(resources, tmp_path):
    original = lut.read(resources / "cinespace/Three_Dimensional_Table_With_Shaper.csp")
    lut.write_csp(tmp_path / "again.csp", original)
    _same(original, lut.read(tmp_path / "again.csp"))
    assert lut.read(tmp_path / "again.csp").comments == original.comments


def test_title_and_comments_round_trip(tmp_path):
    cube = lut.Lut3D.identity(3)
    lut.write_cube(tmp_path / "t.cube", cube, title="My grade", comments=["made by a test", "second"])
    again = lut.read(tmp_path / "t.cube")
    assert again.title == "My grade" and again.comments == ["made by a test", "second"]
    assert (tmp_path / "t.cube").read_text().startswith('TITLE "My grade"\n# made by a test\n')


def test_writes_are_atomic_and_errors_are_clear(tmp_path):
    target = tmp_path / "keep.cube"
    target.write_text("previous\n")
    with pytest.raises(ValueError, match="inverse"):
        lut.write_cube(target, lut.Lut1D.gamma(16, 2.2).inverse())
    with pytest.raises(ValueError, match="domain"):
        lut.write_spi3d(target, _cube())
    with pytest.raises(TypeError, match="lut"):
        lut.write_cube(target, "not a lut")
    assert target.read_text() == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.cube"]  # no temporary files left
    with pytest.raises(vfxpy.IOError):
        lut.write_cube(tmp_path / "missing" / "x.cube", lut.Lut3D.identity(2))
    with pytest.raises(vfxpy.IOError) as info:
        lut.read(tmp_path / "absent.cube")
    assert isinstance(info.value, OSError)


def test_read_detects_the_format_from_content(tmp_path):
    lut.write_spi1d(tmp_path / "curve.txt", _curve())
    assert isinstance(lut.read(tmp_path / "curve.txt"), lut.Lut1D)
    lut.write_csp(tmp_path / "grade.lut", lut.Lut3D.identity(2))
    assert isinstance(lut.read(tmp_path / "grade.lut"), lut.Lut3D)
    lut.write_spi3d(tmp_path / "grade.dat", lut.Lut3D.identity(2))
    assert isinstance(lut.read_spi3d(tmp_path / "grade.dat"), lut.Lut3D)
    with pytest.raises(ValueError, match="format"):
        lut.read(tmp_path / "grade.dat", format="3dl")


# ---------------------------------------------------------------- malformed files

CUBE_3D = "LUT_3D_SIZE 2\n" + "".join(f"{r} {g} {b}\n" for b in (0, 1) for g in (0, 1) for r in (0, 1))
SPI1D = "Version 1\nFrom 0 1\nLength 2\nComponents 1\n{\n 0\n 1\n}\n"
SPI3D = "SPILUT 1.0\n3 3\n2 2 2\n" + "".join(f"{r} {g} {b} {r} {g} {b}\n" for r in (0, 1) for g in (0, 1) for b in (0, 1))
CSP = "CSPLUTV100\n3D\n\n2\n0 1\n0 1\n2\n0 1\n0 1\n2\n0 1\n0 1\n\n2 2 2\n" + "".join(
    f"{r} {g} {b}\n" for b in (0, 1) for g in (0, 1) for r in (0, 1))

MALFORMED = [
    # name, extension, content, line, words
    ("cube truncated", "cube", CUBE_3D.rsplit("\n", 3)[0] + "\n", 7, "ends after 6 table rows, expected 8"),
    ("cube extra row", "cube", CUBE_3D + "0 0 0\n", 10, "more table rows"),
    ("cube non-number", "cube", CUBE_3D.replace("1 1 1", "1 x 1"), 9, "'x' is not a finite number"),
    ("cube nan value", "cube", CUBE_3D.replace("1 1 1", "1 nan 1"), 9, "not a finite number"),
    ("cube unknown keyword", "cube", "LUT_3D_SIZ 2\n0 0 0\n", 1, "unknown keyword 'LUT_3D_SIZ'"),
    ("cube size 1", "cube", CUBE_3D.replace("SIZE 2", "SIZE 1"), 1, "out of range"),
    ("cube size too big", "cube", "LUT_3D_SIZE 1000\n", 1, "out of range"),
    ("cube size negative", "cube", "LUT_1D_SIZE -3\n", 1, "whole number"),
    ("cube size fraction", "cube", "LUT_1D_SIZE 2.5\n", 1, "whole number"),
    ("cube short row", "cube", CUBE_3D.replace("0 1 1", "0 1"), 8, "needs 3 numbers, got 2"),
    ("cube long row", "cube", CUBE_3D.replace("0 1 1", "0 1 1 1"), 8, "needs 3 numbers, got 4"),
    ("cube domain two numbers", "cube", "DOMAIN_MIN 0 0\n" + CUBE_3D, 1, "DOMAIN_MIN needs 3 numbers"),
    ("cube domain inverted", "cube", "DOMAIN_MIN 1 1 1\nDOMAIN_MAX 0 0 0\n" + CUBE_3D, 2, "above DOMAIN_MIN"),
    ("cube keyword after rows", "cube", CUBE_3D.replace("0 1 0\n", "0 1 0\nTITLE \"x\"\n"), 5, "after the table rows"),
    ("cube rows without size", "cube", "0 0 0\n1 1 1\n", 1, "before LUT_1D_SIZE"),
    ("cube empty", "cube", "", 1, "no LUT_1D_SIZE or LUT_3D_SIZE"),
    ("cube duplicate keyword", "cube", "LUT_3D_SIZE 2\n" + CUBE_3D, 2, "given twice"),
    ("cube open title", "cube", 'TITLE "oops\n' + CUBE_3D, 1, "closing quote"),
    ("cube input range", "cube", "LUT_3D_INPUT_RANGE 1\n" + CUBE_3D, 1, "needs 2 numbers"),
    ("cube binary", "cube", "LUT_3D_SIZE 2\n\0\0\0garbage", 2, "NUL byte"),
    ("spi1d one-number From", "spi1d", SPI1D.replace("From 0 1", "From 0"), 2, "From needs 2 numbers"),
    ("spi1d short table", "spi1d", SPI1D.replace(" 1\n}", "}"), 7, "Length says 2"),
    ("spi1d long table", "spi1d", SPI1D.replace(" 1\n}", " 1\n 2\n}"), 8, "more rows than Length"),
    ("spi1d components 4", "spi1d", SPI1D.replace("Components 1", "Components 4"), 4, "1 or 3"),
    ("spi1d no closing brace", "spi1d", SPI1D.replace("}\n", ""), 7, "no closing '}'"),
    ("spi1d non-number", "spi1d", SPI1D.replace(" 1\n}", " one\n}"), 7, "'one' is not a finite number"),
    ("spi1d unknown keyword", "spi1d", SPI1D.replace("Length", "Lenght"), 3, "unknown keyword 'Lenght'"),
    ("spi1d version 2", "spi1d", SPI1D.replace("Version 1", "Version 2"), 1, "unsupported Version"),
    ("spi1d text after table", "spi1d", SPI1D + "extra\n", 9, "after the closing"),
    ("spi1d length 1", "spi1d", SPI1D.replace("Length 2", "Length 1"), 3, "out of range"),
    ("spi3d bad header", "spi3d", SPI3D.replace("3 3\n", "3 1\n"), 2, "expected '3 3'"),
    ("spi3d missing points", "spi3d", SPI3D.rsplit("\n", 3)[0] + "\n", 9, "6 grid points, expected 8"),
    ("spi3d duplicate point", "spi3d", SPI3D.replace("1 1 1 1 1 1", "0 0 0 1 1 1"), 11, "given twice"),
    ("spi3d index out of range", "spi3d", SPI3D.replace("1 1 1 1 1 1", "2 1 1 1 1 1"), 11, "not a whole number in 0...1"),
    ("spi3d non-number", "spi3d", SPI3D.replace("1 1 1 1 1 1", "1 1 1 1 z 1"), 11, "'z' is not a finite number"),
    ("spi3d not a cube", "spi3d", SPI3D.replace("2 2 2\n", "2 2 3\n"), 3, "not a cube"),
    ("spi3d short row", "spi3d", SPI3D.replace("1 1 1 1 1 1", "1 1 1 1 1"), 11, "needs 6 values"),
    ("spimtx 11 numbers", "spimtx", "1 0 0 0\n0 1 0 0\n0 0 1\n", 3, "12 numbers"),
    ("spimtx 13 numbers", "spimtx", "1 0 0 0\n0 1 0 0\n0 0 1 0 7\n", 3, "more than 12"),
    ("spimtx non-number", "spimtx", "1 0 0 0\n0 one 0 0\n0 0 1 0\n", 2, "'one' is not a finite number"),
    ("csp no header", "csp", CSP.replace("CSPLUTV100", "CSPLUT"), 1, "expected CSPLUTV100"),
    ("csp bad type", "csp", CSP.replace("3D", "2D"), 2, "1D or 3D"),
    ("csp prelut count mismatch", "csp", CSP.replace("2\n0 1\n0 1\n2\n0 1", "3\n0 1\n0 1\n2\n0 1", 1), 5, "need 3 numbers, got 2"),
    ("csp prelut not increasing", "csp", CSP.replace("2\n0 1\n0 1\n", "2\n1 0\n0 1\n", 1), 5, "increase strictly"),
    ("csp truncated cube", "csp", CSP.rsplit("\n", 3)[0] + "\n", 20, "the file ends before row 7 of 8"),
    ("csp extra rows", "csp", CSP + "0 0 0\n", 23, "more rows"),
    ("csp cube too big", "csp", CSP.replace("2 2 2", "300 300 300"), 14, "out of range"),
    ("csp non-number", "csp", CSP.replace("1 1 1\n", "1 1 q\n"), 22, "'q' is not a finite number"),
    ("csp open metadata", "csp", CSP.replace("3D\n", "3D\nBEGIN METADATA\nx\n"), 24, "END METADATA"),
    ("csp prelut count 1", "csp", CSP.replace("2\n0 1\n0 1\n", "1\n0 1\n0 1\n", 1), 4, "out of range"),
    ("unknown format", "txt", "hello\nworld\n", None, "not a LUT file vfxpy knows"),
]

_SCRIPT = r'''
import json, sys
import vfxpy
from vfxpy import lut
for entry in json.loads(open(sys.argv[1]).read()):
    try:
        lut.read(entry["path"])
        result = {"type": None, "message": ""}
    except BaseException as error:
        result = {"type": type(error).__name__, "message": str(error)}
    result["name"] = entry["name"]
    print(json.dumps(result), flush=True)
'''


def test_malformed_files_raise_format_error_with_file_and_line(run, tmp_path):
    """Every variant is read in a child vfxrun (a crash would fail this test, not the suite)."""
    entries = []
    for index, (name, ext, content, line, words) in enumerate(MALFORMED):
        path = tmp_path / f"bad{index}.{ext}"
        path.write_bytes(content.encode())
        entries.append({"name": name, "path": str(path)})
    (tmp_path / "cases.json").write_text(json.dumps(entries))
    (tmp_path / "read_all.py").write_text(_SCRIPT)
    result = run("read_all.py", tmp_path / "cases.json")
    assert result.returncode == 0, result.stderr
    answers = {a["name"]: a for a in map(json.loads, result.stdout.strip().splitlines())}
    failures = []
    for index, (name, ext, content, line, words) in enumerate(MALFORMED):
        answer = answers.get(name)
        path = str(tmp_path / f"bad{index}.{ext}")
        expected = f"{path}: line {line}: " if line is not None else f"{path}: "
        if (answer is None or answer["type"] != "FormatError" or not answer["message"].startswith(expected)
                or words not in answer["message"]):
            failures.append((name, expected, words, answer))
    assert not failures, "\n".join(map(str, failures))
