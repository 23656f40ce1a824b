"""The peers of scripts/bench (OpenColorIO, OpenImageIO, OpenCV), timed in their own processes.

Two peers, each one long-lived Python process that imports only numpy and the peer libraries
(never vfxpy, never vfxrun's process):

- "current": what users who pick a peer get today with
  ``pip install opencolorio OpenImageIO opencv-python-headless``. A venv made once from Debian's
  /usr/bin/python3 under ~/.cache/vfxrun/bench-peers (``$VFXRUN_BENCH_PEERS`` overrides), with
  the newest PyPI wheels. When PyPI cannot be reached, the bench says so and has no current peer.
- "debian": Debian 12's own python3 with python3-pyopencolorio, python3-openimageio and
  python3-opencv (OCIO 2.1, OIIO 2.4), which the tests cross-validate against.

A bench section times a peer with source code, run in the peer's process::

    import bench_peers

    seconds = bench_peers.primary().best_of(
        "cpu.applyRGBA(flat)",
        setup='''
    import PyOpenColorIO as OCIO
    cpu = OCIO.Config.CreateRaw().getProcessor(OCIO.FileTransform(src=path)).getDefaultCPUProcessor()
    flat = pixels.reshape(-1, 4)
    ''',
        data={"pixels": pixels, "path": path}, repeat=args.repeat)

or prints the row(s) in one call: the current peer's row, then Debian's as a second row
marked "Debian:" when its time differs from the current one's by more than 25 %::

    bench_peers.rows(row, "lut3d 33^3 tetrahedral", ours, "OCIO CPU applyRGBA",
                     "cpu.applyRGBA(flat)", setup=..., data=..., repeat=args.repeat)

``data`` holds what the setup needs: numpy arrays travel through files in /dev/shm (the peer
gets its own copy of each, so in-place work never leaks into the next request), everything
else as JSON. ``setup`` runs once per request in a fresh namespace that has ``np``, the
data and ``peer_threads`` (the cores the bench may use); ``stmt`` is timed like bench.py's
best_of (one warm-up, then the best of ``repeat``). ``reset`` (optional) runs before each
timed ``stmt`` and its own time is subtracted: for work that must start from the same
pixels every time. ``Peer.run(source, data)`` runs source and returns the JSON-able value it
binds to ``result`` (versions, sizes, checks). A request that fails raises PeerError with
the peer's traceback.
"""

import atexit
import json
import os
import subprocess
import sys
import tempfile
import time

DEBIAN_PYTHON = "/usr/bin/python3"
PYPI_PACKAGES = ("numpy", "opencolorio", "OpenImageIO", "opencv-python-headless")
KEPT_ARRAYS = 3  # arrays a peer keeps (in /dev/shm and loaded) for later requests; older ones are dropped
DIFFERS = 1.25  # Debian's time shown as a second row when it is outside [1/DIFFERS, DIFFERS] x current


def best_of(fn, repeat):
    """Best time of ``repeat`` calls after a warm-up (page faults, thread pool start); both
    sides of every row time this way (scripts/bench.py and the peers' server)."""
    return best_of_each([fn], repeat)[0]


def best_of_each(fns, repeat):
    """The best time of each of ``fns`` over ``repeat`` rounds that call them in turn, after
    a warm-up call of each: ratios between them compare runs made under the same load (the
    machine's other work comes and goes between rows)."""
    for fn in fns:
        fn()
    times = [[] for _ in fns]
    for _ in range(repeat):
        for fn, taken in zip(fns, times):
            t0 = time.perf_counter()
            fn()
            taken.append(time.perf_counter() - t0)
    return [min(taken) for taken in times]


class PeerError(RuntimeError):
    """A peer request that failed: the peer's traceback is the message."""


# --------------------------------------------------------------------------------------------
# The server side: runs under the peer's python (this file as a script), answers one JSON
# request per line on stdin with one JSON line on the protocol pipe.

def _serve():
    import traceback

    import numpy as np

    protocol = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)  # what peer code prints goes to stderr, never into the protocol
    sys.stdout = sys.stderr
    loaded = {}

    def namespace(request):
        ns = {"np": np, "peer_threads": request["threads"]}
        for name, path in request["arrays"].items():
            if path not in loaded:
                loaded[path] = np.load(path)
            ns[name] = loaded[path].copy()
        ns.update(request["values"])
        return ns

    for line in sys.stdin:
        request = json.loads(line)
        try:
            if request.get("forget"):
                for path in request["forget"]:
                    loaded.pop(path, None)
                answer = {}
            else:
                ns = namespace(request)
                exec(compile(request["setup"], "<peer setup>", "exec"), ns)
                answer = {}
                if request.get("stmt"):
                    stmt = compile(request["stmt"], "<peer stmt>", "exec")
                    seconds = best_of(lambda: exec(stmt, ns), request["repeat"])
                    if request.get("reset"):
                        reset = compile(request["reset"], "<peer reset>", "exec")
                        seconds -= best_of(lambda: exec(reset, ns), request["repeat"])
                        seconds = max(seconds, 1e-6)
                    answer["seconds"] = seconds
                answer["result"] = ns.get("result")
        except BaseException:  # the bench side raises it as PeerError
            answer = {"error": traceback.format_exc()}
        protocol.write(json.dumps(answer) + "\n")
        protocol.flush()


_VERSIONS = """
import importlib
result = {"python": ".".join(map(str, __import__("sys").version_info[:3])), "numpy": np.__version__}
for key, module in (("OCIO", "PyOpenColorIO"), ("OIIO", "OpenImageIO"), ("OpenCV", "cv2")):
    try:
        result[key] = importlib.import_module(module).__version__
    except Exception as error:
        result[key] = None
"""


# --------------------------------------------------------------------------------------------
# The bench side.

class Peer:
    """One peer process: ``name`` ("current" or "debian"), ``python`` (its interpreter),
    ``versions`` ({"OCIO": "2.6.0", "OIIO": ..., "OpenCV": ..., "numpy": ...}; None for a
    library it cannot import)."""

    def __init__(self, name, python, note):
        self.name, self.python, self.note = name, python, note
        self._proc = subprocess.Popen([python, "-u", os.path.abspath(__file__), "--serve"], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, text=True)
        self._files = {}  # id(array) -> (array, path): each array saved once, the last KEPT_ARRAYS kept
        self._saved = 0
        self._folder = tempfile.mkdtemp(prefix=f"vfxbench-peer-{name}-", dir="/dev/shm" if os.path.isdir("/dev/shm")
                                        else None)
        atexit.register(self.close)
        self.versions = self.run(_VERSIONS)

    def __repr__(self):
        libs = ", ".join(f"{key} {value}" for key, value in self.versions.items() if key != "python" and value)
        return f"{self.name}: {libs} (python {self.versions['python']}, {self.note})"

    def _request(self, request):
        if self._proc.poll() is not None:
            raise PeerError(f"the {self.name} peer process has exited ({self._proc.returncode})")
        self._proc.stdin.write(json.dumps(request) + "\n")
        self._proc.stdin.flush()
        line = self._proc.stdout.readline()
        if not line:
            raise PeerError(f"the {self.name} peer process died")
        answer = json.loads(line)
        if "error" in answer:
            raise PeerError(f"{self.name} peer ({self.python}): {answer['error']}")
        return answer

    def _split(self, data):
        import numpy as np

        arrays, values = {}, {}
        for key, value in (data or {}).items():
            if isinstance(value, np.ndarray):
                if id(value) not in self._files:
                    path = os.path.join(self._folder, f"{self._saved}.npy")
                    self._saved += 1
                    np.save(path, value)
                    self._files[id(value)] = (value, path)
                    stale = list(self._files.values())[:-KEPT_ARRAYS]
                    if stale:
                        self.forget(*(array for array, _ in stale))
                arrays[key] = self._files[id(value)][1]
            else:
                values[key] = value
        return arrays, values

    def _send(self, setup, stmt, data, repeat, reset):
        arrays, values = self._split(data)
        return self._request({"setup": setup, "stmt": stmt, "reset": reset, "repeat": repeat, "arrays": arrays,
                              "values": values, "threads": _threads()})

    def best_of(self, stmt, setup="", data=None, repeat=7, reset=None):
        """Seconds: the best of ``repeat`` runs of ``stmt`` after ``setup`` (see the module doc)."""
        return self._send(setup, stmt, data, repeat, reset)["seconds"]

    def run(self, source, data=None):
        """Runs ``source`` once in the peer; returns what it binds to ``result``."""
        return self._send(source, "", data, 0, None)["result"]

    def forget(self, *arrays):
        """Drops the peer's and this side's copies of ``arrays`` (to free memory between sections)."""
        paths = [self._files.pop(id(a))[1] for a in arrays if id(a) in self._files]
        self._request({"forget": paths})
        for path in paths:
            os.remove(path)

    def close(self):
        if self._proc.poll() is None:
            self._proc.stdin.close()
            self._proc.wait()
        for _, path in self._files.values():
            if os.path.exists(path):
                os.remove(path)
        self._files.clear()
        if os.path.isdir(self._folder):
            os.rmdir(self._folder)


def _threads():
    try:
        import vfxpy

        return vfxpy.threads()
    except ImportError:
        return os.cpu_count()


def venv_folder():
    return os.environ.get("VFXRUN_BENCH_PEERS") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "vfxrun", "bench-peers")


def make_venv(log=sys.stderr):
    """The current peers' python: a venv from Debian's python3 with the newest PyPI wheels of
    PYPI_PACKAGES, made once (a lock makes concurrent benches wait for one another); None,
    after saying why, when it cannot be made (PyPI unreachable, no python3-venv)."""
    import fcntl

    folder = venv_folder()
    python = os.path.join(folder, "bin", "python")
    done = os.path.join(folder, "vfxrun-bench-peers.json")
    os.makedirs(os.path.dirname(folder), exist_ok=True)
    with open(folder + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if os.path.exists(done):
            with open(done) as f:
                if json.load(f).get("packages") == list(PYPI_PACKAGES):
                    return python
        print(f"bench: making the current peers' venv in {folder} (pip install {' '.join(PYPI_PACKAGES)}) ...",
              file=log, flush=True)
        try:
            if not os.path.exists(python):
                subprocess.run([DEBIAN_PYTHON, "-m", "venv", folder], check=True, capture_output=True, text=True)
            subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                            "--only-binary=:all:", "--upgrade", *PYPI_PACKAGES], check=True, capture_output=True,
                           text=True, timeout=900)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
            detail = (getattr(error, "stderr", None) or str(error)).strip().splitlines()
            print(f"bench: could not make the current peers' venv ({detail[-1] if detail else error}); "
                  "falling back to Debian's peers only", file=log, flush=True)
            return None
        with open(done, "w") as f:
            json.dump({"packages": list(PYPI_PACKAGES), "made": time.strftime("%Y-%m-%d %H:%M:%S")}, f)
        return python


_peers = None


def peers():
    """[current, debian], or [debian] when the current peers cannot be had; started once."""
    global _peers
    if _peers is None:
        _peers = []
        if os.environ.get("VFXRUN_BENCH_DEBIAN_PEERS_ONLY") != "1":
            python = make_venv()
            if python:
                try:
                    _peers.append(Peer("current", python, "PyPI venv"))
                except (OSError, PeerError) as error:
                    print(f"bench: the current peers do not start ({error}); Debian's only", file=sys.stderr)
        _peers.append(Peer("debian", DEBIAN_PYTHON, "Debian 12 packages"))
        print(describe())
    return _peers


def primary():
    """The peer every row is measured against: the current one, else Debian's."""
    return peers()[0]


def debian():
    return peers()[-1]


def describe():
    """One line per peer, for the bench's header."""
    return "\n".join(f"peer {peer!r}" for peer in _peers)


def rows(row, name, ours, peer_name, stmt, setup="", data=None, repeat=7, reset=None):
    """Prints ``name``'s row against the primary peer and, when Debian's time differs by more
    than DIFFERS, a second row against Debian's (marked so). Returns the primary's seconds."""
    first = primary()
    seconds = first.best_of(stmt, setup, data, repeat, reset)
    row(name, ours, seconds, peer_name)
    if first is not debian():
        try:
            old = debian().best_of(stmt, setup, data, repeat, reset)
        except PeerError as error:
            print(f"  (Debian's peer cannot run this row: {str(error).strip().splitlines()[-1]})")
        else:
            if not 1 / DIFFERS <= old / seconds <= DIFFERS:
                row(name, ours, old, f"Debian: {peer_name}")
    return seconds


if __name__ == "__main__" and sys.argv[1:] == ["--serve"]:
    _serve()
