"""The interactive prompt, driven on a pseudo-terminal as a person would use it."""

import os

import pytest

# vfxrun's command line and its subprocesses (skipped under another Python).
pytestmark = pytest.mark.needs_host

pexpect = pytest.importorskip("pexpect")

PROMPT = ">>> "


def prompt(vfxrun, tmp_path, *args):
    """Starts vfxrun on a pseudo-terminal and waits for its first prompt (what it printed
    before is in ``child.before``)."""
    env = dict(os.environ, VFXRUN_HISTFILE=str(tmp_path / "history"), TERM="dumb", HOME=str(tmp_path))
    env.pop("PYTHONSTARTUP", None)
    child = pexpect.spawn(vfxrun, list(args), env=env, encoding="utf-8", timeout=30, cwd=str(tmp_path))
    child.expect(PROMPT)
    return child


def ask(child, line):
    """Types a line at the prompt and returns what it printed before the next prompt."""
    child.sendline(line)
    child.expect(PROMPT)
    return child.before


def expect_exit(child, status):
    """Waits for vfxrun to end and checks its exit status."""
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == status


def quit_with_ctrl_d(child):
    child.sendcontrol("d")
    expect_exit(child, 0)


def test_bare_vfxrun_opens_a_prompt_with_vfxpy_and_numpy(vfxrun, tmp_path):
    import vfxpy

    child = prompt(vfxrun, tmp_path)
    banner = child.before
    assert f"vfxrun {vfxpy.__version__}" in banner
    assert "Python 3.11" in banner and "numpy" in banner
    assert len(banner.strip().splitlines()) == 1
    shown = ask(child, "img = vfxpy.Image(np.full((3, 5, 4), 0.5, np.float32)); img.shape, float(img.numpy().sum())")
    assert "((3, 5, 4), 30.0)" in shown
    assert "ZeroDivisionError" in ask(child, "1 / 0")
    quit_with_ctrl_d(child)


def test_tab_completion_and_history_file(vfxrun, tmp_path):
    child = prompt(vfxrun, tmp_path)
    child.send("vfxpy.__vers\t")
    child.expect("__version__")
    child.sendline("")
    child.expect(PROMPT)
    import vfxpy

    assert f"'{vfxpy.__version__}'" in child.before
    ask(child, "answer = 6 * 7")
    quit_with_ctrl_d(child)
    history = (tmp_path / "history").read_text().splitlines()
    assert "vfxpy.__version__" in history
    assert "answer = 6 * 7" in history
    # The next session reads it back: the up arrow recalls the last line.
    child = prompt(vfxrun, tmp_path)
    ask(child, "answer = 0")
    ask(child, "\x1b[A\x1b[A")  # up twice: 'answer = 6 * 7' from the earlier session
    assert "value 42" in ask(child, "print('value', answer)")
    quit_with_ctrl_d(child)


def test_dash_i_prompt_after_script(vfxrun, tmp_path):
    (tmp_path / "s.py").write_text("import vfxpy\nplate = vfxpy.Image.new(16, 9)\n")
    child = prompt(vfxrun, tmp_path, "-i", "s.py")
    assert "(16, 9)" in ask(child, "plate.width, plate.height")
    child.sendline("raise SystemExit(4)")
    expect_exit(child, 4)


def test_ctrl_c_at_the_prompt_keeps_it_running(vfxrun, tmp_path):
    child = prompt(vfxrun, tmp_path)
    child.sendintr()
    child.expect("KeyboardInterrupt")
    child.expect(PROMPT)
    assert "still here" in ask(child, "print('still', 'here')")
    quit_with_ctrl_d(child)
