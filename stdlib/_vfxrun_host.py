"""Start-up work vfxrun does inside the interpreter.

Not part of the vfxpy API. The host calls :func:`run_init` right after the interpreter
starts (the ``init.py`` start-up scripts of ``VFXRUN_PATH``), :func:`start` before a bare
interactive prompt, and :func:`interactive_hook` (as ``sys.__interactivehook__``) whenever
a prompt opens, including ``-i`` after a script (it runs the ``repl.py`` scripts). The
``run_*`` functions serve the Swift embedding API (``VFXRuntime.Runtime``).
"""

import os
import sys

from _vfxrun_needs_host import require

require("_vfxrun_host", "the interactive prompt and the VFXRUN_PATH start-up scripts")


#: False when ``--no-init`` (or the embedding program) disabled the start-up scripts;
#: batch workers inherit it.
startup_scripts_enabled = True


def startup_folders() -> list:
    """The folders of ``VFXRUN_PATH`` (``os.pathsep``-separated), in order, without empty
    entries."""
    return [folder for folder in os.environ.get("VFXRUN_PATH", "").split(os.pathsep) if folder]


def _run_startup_file(path: str, namespace: dict):
    """Runs one start-up script; returns None, or the report of its failure (the path and
    the traceback)."""
    try:
        with open(path, "rb") as file:
            source = file.read()
        exec(compile(source, path, "exec"), namespace)
    except SystemExit as exit:
        if exit.code in (None, 0):
            return None
        return f"vfxrun: start-up script {path} exited with status {exit.code}"
    except BaseException:
        import traceback

        error = sys.exc_info()[1]
        frames = error.__traceback__.tb_next  # from the script's own frame on
        text = "".join(traceback.format_exception(type(error), error, frames)).rstrip()
        return f"vfxrun: start-up script {path} failed:\n{text}"
    return None


def _startup_scripts(name: str) -> list:
    """The existing ``name`` files (``init.py``, ``repl.py``) of the ``VFXRUN_PATH``
    folders, in path order."""
    return [path for path in (os.path.join(folder, name) for folder in startup_folders()) if os.path.isfile(path)]


def run_init(enabled: bool = True):
    """Runs ``init.py`` of every ``VFXRUN_PATH`` folder, in path order, each in a fresh
    namespace (``__name__ == "__vfxrun_init__"``). Returns None, or the report of the first
    failing script (the run then stops)."""
    global startup_scripts_enabled
    startup_scripts_enabled = enabled
    if not enabled:
        return None
    for path in _startup_scripts("init.py"):
        report = _run_startup_file(path, {"__name__": "__vfxrun_init__", "__file__": path,
                                          "__builtins__": __builtins__})
        if report is not None:
            return report
    return None


def run_repl_scripts():
    """Runs ``repl.py`` of every ``VFXRUN_PATH`` folder in ``__main__``'s namespace (names
    they define are there at the prompt). Returns None or the report of a failure."""
    if not startup_scripts_enabled:
        return None
    import __main__

    for path in _startup_scripts("repl.py"):
        report = _run_startup_file(path, __main__.__dict__)
        if report is not None:
            return report
    return None


def run_path(path: str, argv: list) -> None:
    """``Runtime.run(file:)``: runs a script as ``__main__`` with ``sys.argv = argv``."""
    import runpy

    saved = sys.argv
    sys.argv = list(argv)
    try:
        runpy.run_path(path, run_name="__main__")
    finally:
        sys.argv = saved


def run_module(name: str, argv: list) -> None:
    """``Runtime.run(module:)``: runs a module as ``__main__`` with ``sys.argv = argv``."""
    import runpy

    saved = sys.argv
    sys.argv = list(argv)
    try:
        runpy.run_module(name, run_name="__main__", alter_sys=True)
    finally:
        sys.argv = saved


def run_code(code: str) -> None:
    """``Runtime.run(code:)``: executes source in ``__main__``'s namespace."""
    import __main__

    exec(compile(code, "<vfxruntime>", "exec"), __main__.__dict__)


def evaluate(expression: str):
    """``Runtime.evaluate``: the value of an expression in ``__main__``'s namespace."""
    import __main__

    return eval(compile(expression, "<vfxruntime>", "eval"), __main__.__dict__)


def start() -> None:
    """Loads ``vfxpy`` and ``numpy as np`` into ``__main__`` and prints the one-line
    banner, before the bare interactive prompt."""
    import __main__

    import vfxpy

    names = {"vfxpy": vfxpy}
    numpy_version = "not installed"
    try:
        import numpy

        names["np"] = numpy
        numpy_version = numpy.__version__
    except ImportError:
        pass
    __main__.__dict__.update(names)
    python = sys.version.split()[0]
    print(
        f"vfxrun {vfxpy.__version__} | Python {python} | numpy {numpy_version} | "
        f"vfxpy and numpy as np are loaded; Ctrl-D exits",
        file=sys.stderr,
        flush=True,
    )


def history_file() -> str:
    """The prompt's history file: $VFXRUN_HISTFILE or ~/.vfxrun_history."""
    return os.environ.get("VFXRUN_HISTFILE") or os.path.join(os.path.expanduser("~"), ".vfxrun_history")


def interactive_hook() -> None:
    """The ``repl.py`` start-up scripts, tab completion and a persistent history for the
    interactive prompt. A failing ``repl.py`` is reported and ends the run with status 1."""
    report = run_repl_scripts()
    if report is not None:
        sys.stdout.flush()
        print(report, file=sys.stderr, flush=True)
        os._exit(1)  # raising here would only print "Failed calling sys.__interactivehook__"
    try:
        import atexit
        import readline
        import rlcompleter  # noqa: F401 - importing it installs the completer
    except ImportError:
        return
    if "libedit" in (getattr(readline, "__doc__", "") or ""):
        readline.parse_and_bind("bind ^I rl_complete")
    else:
        readline.parse_and_bind("tab: complete")
    path = history_file()
    try:
        readline.read_history_file(path)
    except OSError:
        pass
    readline.set_history_length(10000)

    def save_history() -> None:
        try:
            readline.write_history_file(path)
        except OSError:
            pass

    atexit.register(save_history)
