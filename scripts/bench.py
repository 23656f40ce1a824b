"""vfxpy beside its peers, in one run, printed as ratios (run through scripts/bench).

Each row times one operation in vfxpy and the closest peer (numpy, or python3 for
start-up) on the same input, best of several repeats after a warm-up; the ratio is
vfxpy time / peer time, so below 1.0 means vfxpy is faster.
"""

import argparse
import functools
import os
import subprocess
import sys

import numpy as np

import vfxpy
from bench_peers import DEBIAN_PYTHON, best_of, best_of_each


def startup(commands, runs):
    """The best (minimum) wall time of `runs` runs of each command, interleaved (one run of
    each in turn, so both sides see the same load), after one warm-up run each."""
    env = dict(os.environ)
    env.pop("PYTHONSTARTUP", None)
    # As users run it: bytecode caches written by the warm-up run and used by the timed
    # ones (a developer's PYTHONDONTWRITEBYTECODE=1 would time compiling the sources).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return best_of_each([functools.partial(subprocess.run, cmd, check=True, env=env) for cmd in commands], runs)


def archive_python():
    """python3 rebuilt from the archive vfxrun embeds: a C `main` that only calls
    Py_BytesMain, linked as vfxrun links the interpreter (scripts/env.sh's prepare_python
    object: Debian's libpython3.11.a, PGO-built but without the link-time optimization of
    Debian's own /usr/bin/python3.11; non-PIE, only the C API exported). Its start-up
    beside python3's is the floor of embedding that archive; vfxrun's beside it is what
    vfxrun adds. Built once into .build/bench; None (with a message) where it cannot be."""
    import shutil
    from pathlib import Path

    build = Path(__file__).resolve().parent.parent / ".build"
    archive, exports = build / "python" / "libpython3.11-static.o", build / "python" / "exports.list"
    program = build / "bench" / "python3-archive"
    compiler = shutil.which("clang") or shutil.which("cc")
    if not (archive.is_file() and exports.is_file() and compiler):
        print(f"  (no archive floor: needs {archive}, {exports.name} and a C compiler)")
        return None
    if program.is_file() and program.stat().st_mtime > archive.stat().st_mtime:
        return str(program)
    program.parent.mkdir(parents=True, exist_ok=True)
    source = program.with_suffix(".c")
    source.write_text("#include <Python.h>\nint main(int argc, char **argv) { return Py_BytesMain(argc, argv); }\n")
    made = subprocess.run([compiler, "-O2", "-no-pie", "-I/usr/include/python3.11", str(source), str(archive),
                           "-Wl,--no-export-dynamic", f"-Wl,--dynamic-list={exports}", "-lexpat", "-lz", "-lm", "-ldl",
                           "-o", str(program)], capture_output=True, text=True)
    if made.returncode != 0:
        print(f"  (no archive floor: {compiler} failed: {made.stderr.strip()[-300:]})")
        return None
    return str(program)


def duration(seconds):
    return f"{seconds * 1e3:9.2f} ms" if seconds >= 1e-3 else f"{seconds * 1e6:9.2f} us"


def row(name, ours, peer, peer_name):
    ratio = ours / peer if peer else float("nan")
    print(f"{name:<38} {duration(ours)}  {peer_name:<22} {duration(peer)}  ratio {ratio:5.2f}")
    return ratio


def sections():
    """The benchmark sections: scripts/benchmarks/*.py, each with run(row, best_of, args),
    in file name order."""
    import importlib.util
    from pathlib import Path

    folder = Path(__file__).resolve().parent / "benchmarks"
    for path in sorted(folder.glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"bench_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        yield path.stem, module.run


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--startup-runs", type=int, default=30)
    parser.add_argument("--only", metavar="TEXT", action="append", default=[],
                        help="run only the sections whose file name contains TEXT (repeatable), "
                             "e.g. --only gpu --only ops; --only startup for the start-up rows")
    args = parser.parse_args()

    print(f"vfxpy {vfxpy.__version__}, numpy {np.__version__}, {vfxpy.cpu_count} cores")
    print(f"{'operation':<38} {'vfxpy':>12}  {'peer':<22} {'':>12}")
    me = sys.executable
    if not args.only or any(text in "startup" for text in args.only):
        floor = archive_python()
        pythons = [DEBIAN_PYTHON] + ([floor] if floor else [])
        ours, peer, *archive = startup([[me, "-c", "pass"]] + [[p, "-c", "pass"] for p in pythons],
                                       args.startup_runs)
        row("start-up: -c pass", ours, peer, "python3 -c pass")
        if archive:
            row("  same, vfxrun vs the archive floor", ours, archive[0], "archive python -c pass")
            row("  the archive floor vs python3", archive[0], peer, "python3 -c pass")
        ours, both, peer, *archive = startup([[me, "-c", "import vfxpy"], [me, "-c", "import vfxpy, numpy"]]
                                             + [[p, "-c", "import numpy"] for p in pythons], args.startup_runs)
        row("start-up: -c 'import vfxpy'", ours, peer, "python3 import numpy")
        row("start-up: -c 'import vfxpy, numpy'", both, peer, "python3 import numpy")
        if archive:
            row("  same, vfxrun vs the archive floor", both, archive[0], "archive import numpy")
            row("  the archive floor vs python3", archive[0], peer, "python3 import numpy")

    for name, section in sections():
        if not args.only or any(text in name for text in args.only):
            section(row, best_of, args)

if __name__ == "__main__":
    main()
