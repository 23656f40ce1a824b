"""Runs an independent reference (OpenImageIO, OpenColorIO, OpenCV) in Debian's own
python3, a separate process: the reference never shares memory, libraries or state with
vfxrun. A helper is Python source that takes one JSON request as argv[1] and prints one
JSON answer as its last line of output."""

import json
import subprocess

DEBIAN_PYTHON = "/usr/bin/python3"


def run_helper(source, request, *, label, timeout=300, answers=True):
    """Runs helper ``source`` on ``request``; returns its JSON answer ({} if it printed
    none, or if ``answers`` is False: a helper that only writes files). A helper that
    fails raises RuntimeError with its stderr."""
    result = subprocess.run([DEBIAN_PYTHON, "-c", source, json.dumps(request)], capture_output=True, text=True,
                            timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"{label} helper failed: {result.stderr}")
    lines = result.stdout.strip().splitlines()
    return json.loads(lines[-1]) if lines and answers else {}


def checked(answer, label):
    """``answer``, unless the helper reported an error: then RuntimeError naming ``label``."""
    if answer.get("error"):
        raise RuntimeError(f"{label}: {answer['error']}")
    return answer
