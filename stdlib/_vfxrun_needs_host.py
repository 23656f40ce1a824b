"""The guard of vfxrun's host-side modules (``_vfxrun_host``, ``_vfxrun_hook``,
``_vfxrun_batch``): the prompt, start-up scripts, ``vfxrun hook`` and ``vfxrun batch``.

Not part of the vfxpy API. vfxpy itself imports under any CPython 3.11 (Debian's
``python3``, a venv: ``_vfxpy`` is then the extension module), but these modules serve
the vfxrun command, whose interpreter has ``_vfxpy`` built in; elsewhere they raise
:class:`ImportError` saying so, instead of half working.
"""

import sys


def in_vfxrun() -> bool:
    """True inside vfxrun (or a program embedding ``VFXRuntime``): ``_vfxpy`` is built in."""
    return "_vfxpy" in sys.builtin_module_names


def require(module: str, use: str) -> None:
    """Raises ImportError for ``module`` (serving ``use``) outside the vfxrun host."""
    if not in_vfxrun():
        raise ImportError(
            f"{module} needs the vfxrun host ({use}); under {sys.executable or 'this Python'} only "
            f"vfxpy itself is available: run it with vfxrun instead",
            name=module,
        )
