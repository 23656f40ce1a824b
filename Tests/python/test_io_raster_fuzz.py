"""Randomly damaged PNG, JPEG and TIFF files (bytes replaced or flipped, files cut),
read in a vfxrun SUBPROCESS: every read either succeeds (the damage missed anything that
matters) or raises FormatError / UnsupportedError / MemoryError; the process is never
killed and no C library prints anything."""

import textwrap

_SCRIPT = textwrap.dedent(
    r'''
    import random, sys
    import numpy as np
    import vfxpy
    from vfxpy.io import jpeg, png, tiff
    rng = random.Random(int(sys.argv[1]))
    y, x = np.mgrid[0:48, 0:64]
    base = (np.stack([x * 4, y * 5, (x + y) * 2, x * y % 256], -1) % 256).astype(np.uint8)
    png.write("a.png", vfxpy.Image(base.astype(np.uint16) * 257))
    png.write("b.png", vfxpy.Image(base), compression=9)
    jpeg.write("a.jpg", vfxpy.Image(base[..., :3]), quality=80)
    tiff.write("a.tif", vfxpy.Image(base.astype(np.uint16) * 257), compression="zip")
    tiff.write("b.tif", vfxpy.Image(base), compression="lzw", tile_size=(16, 16))
    tiff.write("c.tif", vfxpy.Image(base.astype(np.float32) / 255), compression="zip")
    outcomes = set()
    for name in ["a.png", "b.png", "a.jpg", "a.tif", "b.tif", "c.tif"]:
        data = bytearray(open(name, "rb").read())
        for _ in range(int(sys.argv[2])):
            damaged = bytearray(data)
            for _ in range(rng.randint(1, 8)):
                at = rng.randrange(len(damaged))
                damaged[at] = rng.randrange(256) if rng.random() < 0.7 else damaged[at] ^ (1 << rng.randrange(8))
            if rng.random() < 0.2:
                damaged = damaged[: rng.randrange(len(damaged))]
            open("damaged", "wb").write(damaged)
            try:
                vfxpy.read("damaged")
                outcomes.add("ok")
            except (vfxpy.FormatError, vfxpy.UnsupportedError, MemoryError) as error:
                assert "damaged" in str(error), error
                outcomes.add(type(error).__name__)
    print(sorted(outcomes))
    '''
)


def test_randomly_damaged_files_never_crash_or_print(run, tmp_path):
    script = tmp_path / "fuzz.py"
    script.write_text(_SCRIPT)
    result = run(script, 7, 120, timeout=300)
    assert result.returncode == 0, f"killed or failed ({result.returncode}): {result.stderr[-2000:]}"
    assert result.stderr == "", f"a library printed: {result.stderr[-2000:]}"
    assert "FormatError" in result.stdout
