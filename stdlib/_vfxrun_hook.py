"""``vfxrun hook script.py [--context FILE|-] [--set key=value ...]``: runs a pipeline hook.

Not part of the vfxpy API. The contract: the script defines ``main(context)``; ``context``
is a dict (from a JSON object file, standard input, and ``--set`` pairs, later ones
winning); ``main`` returns something JSON-able (None, bool, int, float, str, lists and
dicts with str keys), which is written as one line of JSON on standard output. Anything
the hook prints goes to standard error, so standard output carries only the result.
Exit status: 0 on success; 1 when the hook raises (traceback on standard error), lacks
``main`` or returns something that is not JSON-able; 2 for bad command-line arguments.
``call_hook`` is the same contract for the Swift embedding API (``Runtime.callHook``).
"""

import os
import sys

from _vfxrun_needs_host import require

require("_vfxrun_hook", "`vfxrun hook`")


class HookError(Exception):
    """A hook that breaks the contract: no ``main``, or a result that is not JSON-able."""


def load(path: str):
    """Imports the hook script as module ``__vfxrun_hook__`` (its ``if __name__ ==
    "__main__"`` block does not run), with its folder first on ``sys.path``."""
    import importlib.util

    path = os.path.abspath(os.fspath(path))
    if not os.path.isfile(path):
        raise FileNotFoundError(2, "hook script not found", path)
    folder = os.path.dirname(path)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    spec = importlib.util.spec_from_file_location("__vfxrun_hook__", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["__vfxrun_hook__"] = module
    spec.loader.exec_module(module)
    return module


def check_json(value, where="result"):
    """Raises :class:`HookError` naming the first part of ``value`` JSON cannot hold."""
    if value is None or isinstance(value, (bool, int, str)):
        return
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise HookError(f"{where} is {value}, which JSON cannot hold")
        return
    if isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            check_json(item, f"{where}[{index}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise HookError(f"{where} has a key of type {type(key).__name__} ({key!r}); JSON keys are str")
            check_json(item, f"{where}[{key!r}]")
        return
    raise HookError(f"{where} holds a {type(value).__name__} object, which is not JSON-able "
                    "(return None, bool, int, float, str, list or dict)")


def call_hook(path: str, context: dict):
    """Loads the hook at ``path``, calls ``main(context)`` and returns its checked result."""
    module = load(path)
    main = getattr(module, "main", None)
    if not callable(main):
        raise HookError(f"{path} defines no main(context) function")
    result = main(context)
    check_json(result)
    return result


def format_error(error: BaseException) -> str:
    """The traceback of ``error`` from the hook's own frames on (this module's frames,
    the machinery, left out)."""
    import traceback

    frames = error.__traceback__
    while frames is not None and frames.tb_frame.f_code.co_filename == __file__:
        frames = frames.tb_next
    return "".join(traceback.format_exception(type(error), error, frames))


def _parse_value(text: str):
    """A ``--set`` value: JSON when it parses (1001, 2.5, true, null, [1,2], "x"), else
    the text itself."""
    import json

    try:
        return json.loads(text)
    except ValueError:
        return text


def _arguments(argv):
    import argparse

    parser = argparse.ArgumentParser(
        prog="vfxrun hook",
        description="Calls main(context) of a hook script; prints its JSON-able result on stdout.")
    parser.add_argument("script", help="the hook script (defines main(context))")
    parser.add_argument("--context", metavar="FILE",
                        help="JSON object file with the context ('-' reads standard input)")
    parser.add_argument("--set", dest="values", metavar="KEY=VALUE", action="append", default=[],
                        help="set context[KEY] (VALUE parsed as JSON when it is JSON, else a string); repeatable")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    """The ``vfxrun hook`` command; returns the exit status."""
    import json

    args = _arguments(sys.argv[1:] if argv is None else argv)
    context = {}
    if args.context is not None:
        source = "standard input" if args.context == "-" else args.context
        try:
            if args.context == "-":
                text = sys.stdin.read()
            else:
                with open(args.context, encoding="utf-8") as file:
                    text = file.read()
            context = json.loads(text)
        except OSError as error:
            print(f"vfxrun hook: cannot read the context {source}: {error.strerror or error}", file=sys.stderr)
            return 1
        except ValueError as error:
            print(f"vfxrun hook: the context in {source} is not valid JSON: {error}", file=sys.stderr)
            return 1
        if not isinstance(context, dict):
            print(f"vfxrun hook: the context in {source} must be a JSON object, not {type(context).__name__}",
                  file=sys.stderr)
            return 1
    for pair in args.values:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            print(f"vfxrun hook: --set {pair!r}: expected KEY=VALUE", file=sys.stderr)
            return 2
        context[key] = _parse_value(value)
    stdout = sys.stdout
    sys.stdout = sys.stderr  # the hook's prints must not corrupt the JSON result
    try:
        result = call_hook(args.script, context)
    except HookError as error:
        print(f"vfxrun hook: {error}", file=sys.stderr)
        return 1
    except Exception as error:
        if isinstance(error, FileNotFoundError) and error.filename == os.path.abspath(args.script):
            print(f"vfxrun hook: {error.filename}: {error.strerror}", file=sys.stderr)
            return 1
        print(f"vfxrun hook: {args.script} failed:\n{format_error(error)}", file=sys.stderr, end="")
        return 1
    finally:
        sys.stdout = stdout
    stdout.write(json.dumps(result, allow_nan=False) + "\n")
    stdout.flush()
    return 0


if __name__ == "__main__":
    import _vfxrun_hook  # the same module Runtime.callHook uses, not a __main__ copy

    sys.exit(_vfxrun_hook.main())
