"""Start-up scripts (VFXRUN_PATH init.py / repl.py), the `vfxrun hook` command and the
in-process `vfxpy.hooks` events, driven as a pipeline would: real vfxrun processes."""

import json
import os

import pytest


def make_folder(tmp_path, name, init=None, repl=None):
    folder = tmp_path / name
    folder.mkdir()
    if init is not None:
        (folder / "init.py").write_text(init)
    if repl is not None:
        (folder / "repl.py").write_text(repl)
    return folder


def path_env(*folders):
    return {"VFXRUN_PATH": os.pathsep.join(str(f) for f in folders)}


LOG_INIT = "import os\nwith open(os.environ['LOG'], 'a') as f: f.write('{name}:' + __name__ + '\\n')\n"


@pytest.fixture
def two_inits(tmp_path):
    """Two VFXRUN_PATH folders whose init.py log their name; an empty folder between them
    and a missing one must be harmless."""
    log = tmp_path / "log.txt"
    first = make_folder(tmp_path, "studio", init=LOG_INIT.format(name="studio"))
    empty = make_folder(tmp_path, "empty")
    second = make_folder(tmp_path, "show", init=LOG_INIT.format(name="show"))
    env = dict(path_env(first, empty, tmp_path / "missing", second), LOG=str(log))
    return env, log


def logged(log):
    return log.read_text().splitlines() if log.exists() else []


@pytest.mark.needs_host
@pytest.mark.parametrize("mode", ["script", "-c", "-m", "-", "hook", "batch"])
def test_init_scripts_run_in_path_order_before_every_mode(run, tmp_path, two_inits, mode):
    env, log = two_inits
    body = "import os\nwith open(os.environ['LOG'], 'a') as f: f.write('main\\n')\n"
    (tmp_path / "job.py").write_text(body + "def main(context):\n    return 1\n"
                                     "def process(frame, context):\n    return frame\n")
    args = {"script": ["job.py"], "-c": ["-c", body], "-m": ["-m", "job"], "-": ["-"],
            "hook": ["hook", "job.py"], "batch": ["batch", "job.py", "--frames", "1", "--jobs", "1"]}[mode]
    result = run(*args, input=body if mode == "-" else None, env=env)
    assert result.returncode == 0, result.stderr
    inits = ["studio:__vfxrun_init__", "show:__vfxrun_init__"]
    # batch: the driver runs the inits, then its worker process runs them and the script.
    assert logged(log) == (inits * 2 if mode == "batch" else inits) + ["main"]


@pytest.mark.needs_host
def test_batch_workers_run_init_scripts_too(run, tmp_path):
    log = tmp_path / "log.txt"
    line = "import os\nwith open(os.environ['LOG'], 'a') as f: f.write(f'{os.getpid()} {name}\\n')\n"
    first = make_folder(tmp_path, "studio", init=line.replace("{name}", "studio"))
    second = make_folder(tmp_path, "show", init=line.replace("{name}", "show"))
    (tmp_path / "job.py").write_text("def process(frame, context):\n    return frame\n")
    result = run("batch", "job.py", "--frames", "1-2", "--jobs", "2", env=dict(path_env(first, second), LOG=str(log)))
    assert result.returncode == 0, result.stderr
    by_process = {}
    for entry in logged(log):
        pid, name = entry.split()
        by_process.setdefault(pid, []).append(name)
    # The driver and each of the two workers are vfxrun processes, each running both in order.
    assert list(by_process.values()) == [["studio", "show"]] * 3


@pytest.mark.needs_host
def test_no_init_skips_start_up_scripts(run, two_inits):
    env, log = two_inits
    result = run("--no-init", "-c", "import sys; print(sys.argv)", "--no-init", env=env)
    assert result.returncode == 0, result.stderr
    # Only the leading --no-init is vfxrun's; after -c everything is the script's.
    assert result.stdout.strip() == "['-c', '--no-init']"
    assert logged(log) == []
    # batch workers inherit it.
    (log.parent / "job.py").write_text("def process(frame, context):\n    return frame\n")
    result = run("--no-init", "batch", "job.py", "--frames", "1-2", "--jobs", "2", env=env)
    assert result.returncode == 0, result.stderr
    assert logged(log) == []


@pytest.mark.needs_host
def test_failing_init_script_stops_the_run_naming_its_path(run, tmp_path, two_inits):
    env, log = two_inits
    bad = make_folder(tmp_path, "broken", init="x = 1\nraise RuntimeError('no licence server')\n")
    env = dict(env, VFXRUN_PATH=os.pathsep.join([env["VFXRUN_PATH"], str(bad)]))
    result = run("-c", "print('main ran')", env=env)
    assert result.returncode == 1
    assert "main ran" not in result.stdout
    assert f"start-up script {bad / 'init.py'} failed" in result.stderr
    assert f'File "{bad / "init.py"}", line 2' in result.stderr
    assert "RuntimeError: no licence server" in result.stderr
    assert logged(log) == ["studio:__vfxrun_init__", "show:__vfxrun_init__"]


@pytest.mark.needs_host
def test_init_script_with_a_syntax_error_or_exit_status_is_reported(run, tmp_path):
    syntax = make_folder(tmp_path, "syntax", init="def broken(:\n")
    result = run("-c", "print('main ran')", env=path_env(syntax))
    assert result.returncode == 1 and "main ran" not in result.stdout
    assert str(syntax / "init.py") in result.stderr and "SyntaxError" in result.stderr
    exits = make_folder(tmp_path, "exits", init="import sys\nsys.exit(3)\n")
    result = run("-c", "print('main ran')", env=path_env(exits))
    assert result.returncode == 1 and "main ran" not in result.stdout
    assert f"{exits / 'init.py'} exited with status 3" in result.stderr


@pytest.mark.needs_host
def test_repl_scripts_run_only_when_a_prompt_opens(run, tmp_path):
    folder = make_folder(tmp_path, "studio", init="import builtins\nbuiltins.order = ['init']\n",
                         repl="order.append('repl')\nshow = 'sq010'\n")
    env = path_env(folder)
    result = run("-c", "print(order, 'show' in globals())", env=env)
    assert result.stdout.strip() == "['init'] False"
    # -i opens the prompt after the command: repl.py ran in __main__, its names are there.
    result = run("-i", "-c", "pass", input="print(order, show)\n", env=env)
    assert result.returncode == 0, result.stderr
    assert "['init', 'repl'] sq010" in result.stdout
    result = run("--no-init", "-i", "-c", "pass", input="print('show' in globals())\n", env=env)
    assert "False" in result.stdout


@pytest.mark.needs_host
def test_failing_repl_script_is_reported_and_exits_1(run, tmp_path):
    folder = make_folder(tmp_path, "studio", repl="import nonexistent_module_xyz\n")
    result = run("-i", "-c", "print('script ran')", input="print('prompt ran')\n", env=path_env(folder))
    assert result.returncode == 1
    assert "script ran" in result.stdout and "prompt ran" not in result.stdout
    assert f"start-up script {folder / 'repl.py'} failed" in result.stderr
    assert "ModuleNotFoundError" in result.stderr


@pytest.mark.needs_host
def test_a_script_named_like_a_subcommand_runs_with_a_path(run, tmp_path):
    (tmp_path / "hook").write_text("import sys\nprint('the hook file', sys.argv[1:])\n")
    result = run("./hook", "x")
    assert result.returncode == 0 and result.stdout.strip() == "the hook file ['x']"
    result = run("hook")  # the subcommand, which needs a script
    assert result.returncode == 2 and "usage: vfxrun hook" in result.stderr


# --- vfxrun hook ------------------------------------------------------------------------

PUBLISH = '''
import sys

def main(context):
    print("publishing", context.get("shot"))          # goes to stderr, not into the JSON
    print("warning on stderr", file=sys.stderr)
    return {"shot": context.get("shot"), "frames": context.get("frames"), "keys": sorted(context),
            "version": context.get("version", 0) + 1}
'''


def hook_json(result):
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    return json.loads(lines[0])


@pytest.mark.needs_host
def test_hook_context_from_file_stdin_and_set(run, tmp_path):
    (tmp_path / "publish.py").write_text(PUBLISH)
    (tmp_path / "ctx.json").write_text(json.dumps({"shot": "sh010", "frames": [1001, 1002], "version": 4}))
    out = hook_json(run("hook", "publish.py", "--context", "ctx.json"))
    assert out == {"shot": "sh010", "frames": [1001, 1002], "keys": ["frames", "shot", "version"], "version": 5}

    result = run("hook", "publish.py", "--context", "-", input=json.dumps({"shot": "sh020"}))
    assert hook_json(result)["shot"] == "sh020"
    assert "publishing sh020" in result.stderr and "warning on stderr" in result.stderr

    # --set: JSON values parse (ints, lists, null), anything else is a string; later wins.
    out = hook_json(run("hook", "publish.py", "--context", "ctx.json", "--set", "shot=sh030",
                        "--set", "frames=[1,2,3]", "--set", "version=41", "--set", "note=a=b c"))
    assert out == {"shot": "sh030", "frames": [1, 2, 3], "keys": ["frames", "note", "shot", "version"], "version": 42}


@pytest.mark.needs_host
def test_hook_script_folder_is_importable(run, tmp_path):
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "helpers.py").write_text("def double(x):\n    return 2 * x\n")
    (hooks / "use.py").write_text("import helpers\n\ndef main(context):\n    return helpers.double(context['n'])\n"
                                  "\nif __name__ == '__main__':\n    raise SystemExit('must not run')\n")
    assert hook_json(run("hook", "hooks/use.py", "--set", "n=21")) == 42


@pytest.mark.parametrize("script, message", [
    ("def main(context):\n    return {'n': 1}['missing']\n", "KeyError: 'missing'"),
    ("x = 1\n", "defines no main(context) function"),
    ("main = 3\n", "defines no main(context) function"),
    ("def main(context):\n    return {'when': object()}\n", "result['when'] holds a object object"),
    ("def main(context):\n    return {1: 'a'}\n", "has a key of type int"),
    ("def main(context):\n    return float('nan')\n", "result is nan, which JSON cannot hold"),
    ("import nonexistent_module_xyz\n", "ModuleNotFoundError"),
])
@pytest.mark.needs_host
def test_bad_hooks_fail_clearly_with_status_1(run, tmp_path, script, message):
    (tmp_path / "bad.py").write_text(script)
    result = run("hook", "bad.py")
    assert result.returncode == 1
    assert result.stdout == ""
    assert message in result.stderr


@pytest.mark.needs_host
def test_hook_traceback_points_into_the_hook(run, tmp_path):
    (tmp_path / "bad.py").write_text("def main(context):\n    raise ValueError('no plate for ' + context['shot'])\n")
    result = run("hook", "bad.py", "--set", "shot=sh010")
    assert result.returncode == 1 and result.stdout == ""
    assert f'File "{tmp_path / "bad.py"}", line 2, in main' in result.stderr
    assert "ValueError: no plate for sh010" in result.stderr
    assert "_vfxrun_hook" not in result.stderr  # the machinery's frames are left out


@pytest.mark.parametrize("args, input, message, status", [
    (["--context", "missing.json"], None, "cannot read the context missing.json", 1),
    (["--context", "-"], "{not json", "is not valid JSON", 1),
    (["--context", "-"], "[1, 2]", "must be a JSON object, not list", 1),
    (["--set", "novalue"], None, "expected KEY=VALUE", 2),
])
@pytest.mark.needs_host
def test_bad_context_is_a_clear_error(run, tmp_path, args, input, message, status):
    (tmp_path / "ok.py").write_text("def main(context):\n    return context\n")
    result = run("hook", "ok.py", *args, input=input)
    assert result.returncode == status
    assert message in result.stderr and result.stdout == ""


@pytest.mark.needs_host
def test_missing_hook_script(run, tmp_path):
    result = run("hook", "nope.py")
    assert result.returncode == 1
    assert f"{tmp_path / 'nope.py'}: hook script not found" in result.stderr


# --- vfxpy.hooks ------------------------------------------------------------------------

def test_io_events_carry_path_image_and_frame(run, tmp_path):
    script = '''
import vfxpy
from vfxpy.io import exr
seen = []
def log(name):
    def handler(ctx):
        seen.append((name, ctx["path"], ctx["image"].width, ctx["frame"], ctx.get("file_format")))
    return handler
handlers = {e: vfxpy.hooks.on(e, log(e)) for e in ("before_write", "after_write", "after_read")}

@vfxpy.hooks.on("before_write")
def stamp(ctx):
    ctx["image"].metadata["pipeline:stamp"] = "sh010"

img = vfxpy.Image.new(8, 4, channels=3, format="f16", fill=0.5)
vfxpy.write("a.exr", img)
back = exr.read("a.exr")
assert back.metadata["pipeline:stamp"] == "sh010", back.metadata
vfxpy.hooks.current_frame = 1001      # what a batch worker sets around process()
vfxpy.read("a.exr")
vfxpy.hooks.current_frame = None
for e, h in handlers.items():
    vfxpy.hooks.off(e, h)
vfxpy.hooks.off("before_write", stamp)
vfxpy.write("b.exr", img)
vfxpy.read("b.exr")
for item in seen:
    print(*item)
'''
    (tmp_path / "events.py").write_text(script)
    result = run("events.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "before_write a.exr 8 None None",
        "after_write a.exr 8 None None",
        "after_read a.exr 8 None exr",
        "after_read a.exr 8 1001 None",
    ]


def test_before_write_hook_that_raises_stops_the_write(run, tmp_path):
    script = '''
import os, vfxpy
def refuse(ctx):
    raise PermissionError("read-only show: " + ctx["path"])
vfxpy.hooks.on("before_write", refuse)
try:
    vfxpy.write("out.exr", vfxpy.Image.new(4, 4, channels=3, format="f32"))
except PermissionError as error:
    print("refused", error)
print(os.path.exists("out.exr"))
'''
    result = run("-c", script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["refused read-only show: out.exr", "False"]


def test_hooks_reject_bad_events_and_functions():
    import vfxpy

    with pytest.raises(ValueError, match="event must be one of"):
        vfxpy.hooks.on("before_render", print)
    with pytest.raises(TypeError, match="event must be a str"):
        vfxpy.hooks.on(3, print)
    with pytest.raises(TypeError, match="fn must be callable"):
        vfxpy.hooks.on("after_write", 42)
    with pytest.raises(ValueError, match="not registered"):
        vfxpy.hooks.off("after_write", print)
    vfxpy.hooks.on("frame_done", print)
    assert vfxpy.hooks.handlers("frame_done") == [print]
    vfxpy.hooks.off("frame_done", print)
    assert vfxpy.hooks.handlers("frame_done") == []
