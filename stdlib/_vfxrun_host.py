"""Start-up work vfxrun does inside the interpreter before running anything.

Not part of the vfxpy API: the host calls :func:`start` once, after the interpreter is
initialized and before the script, command, module or prompt runs.
"""

import os
import sys


def start(interactive_prompt: bool) -> None:
    """Prepares interactive use; with ``interactive_prompt`` (bare ``vfxrun`` on a
    terminal) also loads ``vfxpy`` and ``numpy as np`` into ``__main__`` and prints the
    one-line banner."""
    sys.__interactivehook__ = _interactive_hook
    if interactive_prompt:
        _prepare_prompt()


def _prepare_prompt() -> None:
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


def _interactive_hook() -> None:
    """Tab completion and a persistent history for the interactive prompt."""
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
