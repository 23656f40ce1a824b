"""Start-up work vfxrun does inside the interpreter for interactive use.

Not part of the vfxpy API. The host calls :func:`start` before a bare interactive
prompt, and :func:`interactive_hook` (as ``sys.__interactivehook__``) whenever a prompt
opens, including ``-i`` after a script.
"""

import os
import sys


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
