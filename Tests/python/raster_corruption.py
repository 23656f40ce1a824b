"""Feeds damaged files to a reader in a SUBPROCESS of vfxrun, so a crash or an abort in
a C library fails the test instead of killing the suite, and checks that the library
printed nothing: every damaged file must raise a Python exception naming the file."""

import json
import textwrap

_SCRIPT = textwrap.dedent(
    r'''
    import json, sys
    import vfxpy
    from vfxpy import io
    cases = json.loads(sys.argv[1])
    results = {}
    for name, path in cases.items():
        try:
            img = vfxpy.read(path)
            results[name] = {"ok": True, "shape": [img.height, img.width, img.channels]}
        except Exception as error:
            results[name] = {"ok": False, "type": type(error).__name__, "message": str(error),
                             "format_error": isinstance(error, vfxpy.FormatError)}
        try:
            io.info(path)
        except Exception:
            pass
    # The peak of this process's own memory (VmHWM): getrusage's ru_maxrss would also hold
    # the test runner's peak, which Linux hands down through vfork and exec.
    with open("/proc/self/status") as status:
        results["__maxrss_kib"] = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    print(json.dumps(results))
    '''
)


def read_damaged(run, tmp_path, files):
    """Writes `files` ({case name: bytes}) and reads each one in one vfxrun subprocess.
    Returns ({case name: outcome}, peak memory in KiB); asserts a clean exit and an
    empty stderr."""
    cases = {}
    for name, data in files.items():
        path = tmp_path / f"damaged_{name}"
        path.write_bytes(data)
        cases[name] = str(path)
    script = tmp_path / "read_damaged.py"
    script.write_text(_SCRIPT)
    result = run(script, json.dumps(cases))
    assert result.returncode == 0, f"killed or failed ({result.returncode}): {result.stderr[-2000:]}"
    assert result.stderr == "", f"a library printed: {result.stderr[-2000:]}"
    outcomes = json.loads(result.stdout.strip().splitlines()[-1])
    peak = outcomes.pop("__maxrss_kib")
    for name, outcome in outcomes.items():
        assert not outcome["ok"], f"{name}: a damaged file was read as {outcome['shape']}"
        assert outcome["type"] in ("FormatError", "MemoryError"), f"{name}: {outcome}"
        assert cases[name] in outcome["message"], f"{name}: the message does not name the file: {outcome}"
    return outcomes, peak


def truncations(data, points=(0.02, 0.1, 0.3, 0.5, 0.8, 0.97), last_byte=True):
    """Prefixes of `data` cut at fractions of its length, and one byte short."""
    cuts = {f"truncated_{int(p * 100)}pct": data[: max(1, int(len(data) * p))] for p in points}
    if last_byte:
        cuts["truncated_last_byte"] = data[:-1]
    return cuts
