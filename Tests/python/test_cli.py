"""vfxrun runs code the way python3 does: argv, __file__, sys.path[0], exit codes."""

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import ROOT

# vfxrun's command line and its subprocesses (skipped under another Python).
pytestmark = pytest.mark.needs_host

REPORT = textwrap.dedent(
    """
    import json, sys
    print(json.dumps({"argv": sys.argv, "file": globals().get("__file__"),
                      "path0": sys.path[0], "name": __name__}))
    """
)


def report(result):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_script_gets_argv_file_and_path0(run, tmp_path):
    folder = tmp_path / "tools"
    folder.mkdir()
    script = folder / "show.py"
    script.write_text(REPORT)
    info = report(run("tools/show.py", "a", "b c", "--flag"))
    assert info["argv"] == ["tools/show.py", "a", "b c", "--flag"]
    assert info["file"] == str(script)
    assert info["path0"] == str(folder)
    assert info["name"] == "__main__"


def test_script_options_after_the_script_belong_to_it(run, tmp_path):
    (tmp_path / "s.py").write_text(REPORT)
    info = report(run("s.py", "--version", "-h", "-c"))
    assert info["argv"] == ["s.py", "--version", "-h", "-c"]


def test_dash_c_passes_arguments(run):
    info = report(run("-c", REPORT, "x", "-y"))
    assert info["argv"] == ["-c", "x", "-y"]
    assert info["path0"] == ""


def test_dash_m_runs_a_module_as_main(run, tmp_path):
    (tmp_path / "tool.py").write_text(REPORT)
    info = report(run("-m", "tool", "one", "two"))
    assert info["argv"] == [str(tmp_path / "tool.py"), "one", "two"]
    assert info["name"] == "__main__"


def test_dash_m_runs_a_stdlib_module(run):
    result = run("-m", "json.tool", input='{"a": 1}')
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"a": 1}


def test_dash_reads_the_program_from_stdin(run):
    info = report(run("-", "p", "q", input=REPORT))
    assert info["argv"] == ["-", "p", "q"]


def test_piped_stdin_without_arguments_runs_it(run):
    result = run(input="import vfxpy\nprint('piped', vfxpy.__version__)\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"piped {__import__('vfxpy').__version__}"
    assert ">>>" not in result.stdout + result.stderr


def test_dash_i_runs_the_script_then_reads_more(run, tmp_path):
    (tmp_path / "s.py").write_text("value = 41\n")
    result = run("-i", "s.py", input="print('then', value + 1)\n")
    assert result.returncode == 0, result.stderr
    assert "then 42" in result.stdout


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(run, flag):
    import vfxpy

    result = run(flag)
    assert result.returncode == 0
    line = result.stdout.strip()
    assert line.startswith(f"vfxrun {vfxpy.__version__} ")
    assert f"Python {sys.version.split()[0]}" in line


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help(run, flag):
    result = run(flag)
    assert result.returncode == 0
    assert result.stdout.startswith("usage: vfxrun")
    for mode in ("-c CODE", "-m MODULE", "-i script.py"):
        assert mode in result.stdout


def test_uncaught_exception_prints_traceback_and_exits_1(run, tmp_path):
    (tmp_path / "bad.py").write_text("def f():\n    raise RuntimeError('boom here')\nf()\n")
    result = run("bad.py")
    assert result.returncode == 1
    assert "Traceback (most recent call last):" in result.stderr
    assert 'bad.py", line 2, in f' in result.stderr
    assert "RuntimeError: boom here" in result.stderr


@pytest.mark.parametrize("code, status", [("0", 0), ("3", 3), ("255", 255), ("None", 0), ("'message'", 1)])
def test_system_exit_status(run, code, status):
    result = run("-c", f"import sys; sys.exit({code})")
    assert result.returncode == status
    if code == "'message'":
        assert result.stderr.strip() == "message"


def test_keyboard_interrupt_exits_130(run):
    result = run("-c", "raise KeyboardInterrupt")
    assert result.returncode == 130
    assert "KeyboardInterrupt" in result.stderr


def test_ctrl_c_during_a_script_exits_130(vfxrun, tmp_path):
    script = tmp_path / "wait.py"
    script.write_text("import time\nprint('ready', flush=True)\ntime.sleep(60)\n")
    proc = subprocess.Popen([vfxrun, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "KeyboardInterrupt" in err


def test_unknown_option_exits_2(run):
    result = run("-Z")
    assert result.returncode == 2
    assert "Unknown option: -Z" in result.stderr


def test_missing_script_is_an_error(run):
    result = run("no_such_script.py")
    assert result.returncode == 2
    assert "No such file or directory" in result.stderr


def test_vfxpy_imports_in_threads_and_every_mode(run, tmp_path):
    code = textwrap.dedent(
        """
        import threading
        results = []
        def work():
            import vfxpy
            results.append(vfxpy.Image.new(8, 4).shape)
        threads = [threading.Thread(target=work) for _ in range(4)]
        [t.start() for t in threads]
        [t.join() for t in threads]
        print(results)
        """
    )
    result = run("-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str([(4, 8, 4)] * 4)
    (tmp_path / "mod.py").write_text("import vfxpy\nprint(vfxpy.Image.new(2, 2).width)\n")
    assert run("-m", "mod").stdout.strip() == "2"
    assert run("mod.py").stdout.strip() == "2"
    assert run(input="import vfxpy; print(vfxpy.Image.new(3, 2).width)\n").stdout.strip() == "3"


def test_sys_executable_is_vfxrun_so_subprocesses_get_vfxpy(run):
    code = "import subprocess, sys; print(subprocess.check_output([sys.executable, '-c', 'import vfxpy; print(vfxpy.__name__)'], text=True).strip())"
    result = run("-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "vfxpy"


def test_stdlib_override_and_bad_override(run, tmp_path):
    good = run("-c", "import vfxpy; print(vfxpy.__file__)", env={"VFXRUN_STDLIB": str(ROOT / "stdlib")})
    assert good.returncode == 0, good.stderr
    assert good.stdout.strip() == str(ROOT / "stdlib" / "vfxpy" / "__init__.py")
    bad = run("-c", "print(1)", env={"VFXRUN_STDLIB": str(tmp_path / "nowhere")})
    assert bad.returncode == 1
    assert "VFXRUN_STDLIB" in bad.stderr and "vfxpy/__init__.py" in bad.stderr


def test_python_prefix_is_debians_and_pythonhome_still_wins(run, tmp_path):
    """vfxrun gives CPython the prefix its libpython was built for (Interpreter.start), so
    the interpreter's prefix and stdlib are Debian's wherever vfxrun sits (here the build
    tree); PYTHONHOME set by the user still decides."""
    code = "import json, sys; print(json.dumps([sys.prefix, sys.exec_prefix, sys.base_prefix, sys.path]))"
    result = run("-c", code)
    assert result.returncode == 0, result.stderr
    prefix, exec_prefix, base_prefix, path = json.loads(result.stdout)
    assert prefix == exec_prefix == base_prefix == "/usr"
    assert "/usr/lib/python3.11" in path and "/usr/lib/python3.11/lib-dynload" in path
    home = tmp_path / "home"
    (home / "lib").mkdir(parents=True)
    (home / "lib" / "python3.11").symlink_to("/usr/lib/python3.11")
    result = run("-c", code, env={"PYTHONHOME": str(home)})
    assert result.returncode == 0, result.stderr
    prefix, exec_prefix, base_prefix, path = json.loads(result.stdout)
    assert prefix == exec_prefix == base_prefix == str(home)
    assert str(home / "lib" / "python3.11") in path and "/usr/lib/python3.11" not in path


def test_installed_layout_finds_its_stdlib(vfxrun, tmp_path):
    """scripts/install --prefix puts bin/vfxrun and share/vfxrun/stdlib together, and the
    installed binary finds the installed stdlib (not the build tree's)."""
    prefix = tmp_path / "prefix"
    env = dict(os.environ, VFXRUN_INSTALL_BINARY=vfxrun)
    subprocess.run([str(ROOT / "scripts" / "install"), "--prefix", str(prefix)], check=True, env=env,
                   capture_output=True)
    binary = prefix / "bin" / "vfxrun"
    assert binary.is_file() and os.access(binary, os.X_OK)
    env.pop("VFXRUN_STDLIB", None)
    out = subprocess.run([str(binary), "-c", "import vfxpy; print(vfxpy.__file__)"], capture_output=True,
                         text=True, env=env, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert Path(out.stdout.strip()) == prefix / "share" / "vfxrun" / "stdlib" / "vfxpy" / "__init__.py"
    # compiled at install time: users who cannot write there do not compile at every start
    cached = prefix / "share" / "vfxrun" / "stdlib" / "vfxpy" / "__pycache__"
    assert (cached / f"__init__.{sys.implementation.cache_tag}.pyc").is_file()
    # the libraries opened on first use come along, in lib/vfxrun
    assert sorted(p.name for p in (prefix / "lib" / "vfxrun").iterdir()) == [
        "libvfxrun-jpeg.so", "libvfxrun-ocio.so", "libvfxrun-openexr.so", "libvfxrun-png.so", "libvfxrun-tiff.so",
        "libvfxrun-xml.so"]
    out = subprocess.run([str(binary), "-c", _USES_LAZY_LIBRARIES], capture_output=True, text=True, env=env,
                         cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["exr", "0.5", "tiff", "7", "png", "9", "jpeg", "2x3x3", "ocio", "clf"]


# Writes and reads an EXR (OpenEXR), a TIFF (libtiff), a PNG (libpng) and a JPEG
# (libjpeg-turbo), asks OCIO's version and reads a CLF (libxml2): each opens its library
# on first use.
_USES_LAZY_LIBRARIES = textwrap.dedent("""
    import numpy as np, vfxpy
    from vfxpy import lut, ocio
    vfxpy.write("half.exr", vfxpy.Image(np.full((2, 3, 4), 0.5, np.float32)))
    print("exr", vfxpy.read("half.exr").numpy()[1, 2, 0])
    vfxpy.write("u8.tif", vfxpy.Image(np.full((2, 3, 3), 7, np.uint8)))
    print("tiff", vfxpy.read("u8.tif").numpy()[1, 2, 1])
    vfxpy.write("u8.png", vfxpy.Image(np.full((2, 3, 3), 9, np.uint8)))
    print("png", vfxpy.read("u8.png").numpy()[1, 2, 1])
    vfxpy.write("u8.jpg", vfxpy.Image(np.full((2, 3, 3), 9, np.uint8)))
    print("jpeg", "x".join(map(str, vfxpy.read("u8.jpg").shape)))
    print("ocio" if ocio.version().count(".") == 2 else ocio.version())
    open("m.clf", "w").write('<ProcessList compCLFversion="3" id="m"><Matrix inBitDepth="32f" '
                             'outBitDepth="32f"><Array dim="3 3">1 0 0 0 1 0 0 0 1</Array></Matrix></ProcessList>')
    print("clf" if lut.read_clf("m.clf") is not None else "no clf")
""")


def test_start_up_links_no_codec_library(vfxrun):
    """OpenEXR, OpenColorIO, libxml2 (with ICU), libtiff (with its codecs and libdeflate),
    libpng and libjpeg-turbo are opened on first use, not linked, and the C++ runtime is
    linked statically: a start-up does not load and relocate them (`vfxrun -c pass` like
    python3's)."""
    linked = subprocess.run(["ldd", vfxrun], capture_output=True, text=True, check=True).stdout
    for name in ("libOpenEXR", "libOpenColorIO", "libxml2", "libicu", "libyaml-cpp", "libImath", "libtiff",
                 "libLerc", "libwebp", "libjbig", "libpng", "libturbojpeg", "libjpeg", "libdeflate", "libstdc++"):
        assert name not in linked, linked


def test_missing_library_is_a_clear_error(vfxrun, tmp_path):
    """A vfxrun whose libvfxrun-*.so are missing starts and runs, and each feature that
    needs one raises vfxpy.UnsupportedError naming the feature and the file."""
    alone = tmp_path / "bin" / "vfxrun"
    alone.parent.mkdir()
    shutil.copy2(vfxrun, alone)  # a copy: /proc/self/exe of a link is the build folder
    env = dict(os.environ, VFXRUN_STDLIB=str(ROOT / "stdlib"), LD_LIBRARY_PATH="")
    env.pop("PYTHONSTARTUP", None)
    script = textwrap.dedent("""
        import numpy as np, vfxpy
        from vfxpy import lut, ocio
        def attempt(what, call):
            try:
                call()
            except vfxpy.UnsupportedError as error:
                print(what, "|", error)
            else:
                print(what, "| no error")
        attempt("exr", lambda: vfxpy.write("a.exr", vfxpy.Image(np.zeros((2, 2, 4), np.float32))))
        attempt("exr again", lambda: vfxpy.write("a.exr", vfxpy.Image(np.zeros((2, 2, 4), np.float32))))
        attempt("tiff", lambda: vfxpy.write("a.tif", vfxpy.Image(np.zeros((2, 2, 3), np.uint8))))
        attempt("ocio", ocio.version)
        open("m.clf", "w").write('<ProcessList compCLFversion="3" id="m"></ProcessList>')
        attempt("clf", lambda: lut.read_clf("m.clf"))
        attempt("png", lambda: vfxpy.write("a.png", vfxpy.Image(np.zeros((2, 2, 4), np.uint8))))
        attempt("jpeg", lambda: vfxpy.write("a.jpg", vfxpy.Image(np.zeros((2, 2, 3), np.uint8))))
        vfxpy.write("a.dpx", vfxpy.Image(np.zeros((2, 2, 3), np.uint16)))
        print("dpx", vfxpy.read("a.dpx").shape)
    """)
    out = subprocess.run([str(alone), "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    lines = dict(line.split(" | ", 1) for line in out.stdout.splitlines() if " | " in line)
    for what, feature, file in [("exr", "OpenEXR", "libvfxrun-openexr.so"),
                                ("exr again", "OpenEXR", "libvfxrun-openexr.so"),
                                ("tiff", "TIFF", "libvfxrun-tiff.so"),
                                ("ocio", "OpenColorIO", "libvfxrun-ocio.so"),
                                ("clf", "XML (CLF)", "libvfxrun-xml.so"),
                                ("png", "PNG", "libvfxrun-png.so"),
                                ("jpeg", "JPEG", "libvfxrun-jpeg.so")]:
        assert f"{feature} support is not available: {file} was not found" in lines[what], lines[what]
    assert "dpx (2, 2, 3)" in out.stdout
    for name in ("a.exr", "a.tif", "a.png", "a.jpg"):
        assert not (tmp_path / name).exists(), name


def test_import_vfxpy_stays_light(run):
    """`import vfxpy` loads neither numpy nor the heavy stdlib modules: scripts and hooks
    that only read or write files start fast (scripts/bench measures the time)."""
    result = run("-c", "import sys, vfxpy; print(sorted(m for m in ('numpy', 'typing', 'dataclasses', 're') "
                       "if m in sys.modules))")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_vfxpy_submodules_load_on_first_use(run):
    """The color, LUT, ops and Processor parts load when first touched, not at `import
    vfxpy`; attribute access, `from vfxpy import ...` and `import *` reach them alike."""
    result = run("-c", textwrap.dedent("""
        import sys, vfxpy
        lazy = ("vfxpy.lut", "vfxpy._clf", "vfxpy.ops", "vfxpy.color", "vfxpy.transfer", "vfxpy.processor",
                "vfxpy._progress", "vfxpy.ocio", "vfxpy._async", "vfxpy._stream", "vfxpy.io", "vfxpy.hooks",
                "vfxpy._display")
        print(sorted(m for m in lazy if m in sys.modules))
        print(vfxpy.Processor.__module__, vfxpy.lut.Lut3D.__module__, vfxpy.progress.__module__)
        from vfxpy import ops, devices
        print(ops.__name__, callable(devices), "vfxpy.color" in sys.modules)
        namespace = {}
        exec("from vfxpy import *", namespace)
        print(namespace["color"].__name__, namespace["transfer"].__name__, "Processor" in dir(vfxpy))
        print(vfxpy.read.__module__, vfxpy.write.__module__, vfxpy.show.__module__, vfxpy.io.exr.__name__,
              vfxpy.hooks.__name__)
    """))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:5] == [
        "[]", "vfxpy.processor vfxpy.lut vfxpy._progress", "vfxpy.ops True False", "vfxpy.color vfxpy.transfer True",
        "vfxpy.io vfxpy.io vfxpy._display vfxpy.io.exr vfxpy.hooks"]


def test_first_preview_loads_the_display_module(run):
    """Image._repr_png_ is there from `import vfxpy` (notebooks look it up on every result)
    and loads vfxpy._display, which draws the preview, at its first call."""
    result = run("-c", textwrap.dedent("""
        import os, sys, numpy as np, vfxpy
        img = vfxpy.Image(np.full((4, 6, 3), 0.5, dtype=np.float32))
        print(hasattr(vfxpy.Image, "_repr_png_"), "vfxpy._display" in sys.modules)
        png = img._repr_png_()
        print(png[:8] == bytes([137, 80, 78, 71, 13, 10, 26, 10]), "vfxpy._display" in sys.modules)
        path = vfxpy.show(img)  # prints where it wrote the sheet
        print(vfxpy.read(path).shape)
        os.unlink(path)
    """))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("\n")
    assert lines[:2] == ["True False", "True True"] and lines[2].startswith("vfxpy.show: ") and lines[3] == "(4, 6, 3)"
