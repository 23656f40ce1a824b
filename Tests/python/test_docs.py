"""The docs cover the API: every public name of vfxpy has a docstring and a directive in
docs/reference.rst (so autodoc puts it in the HTML), and every figure script's image is
on a page. scripts/docs builds the HTML (Sphinx -W, inside vfxrun) and checks its
objects.inv holds every name; scripts/test runs it."""

import re
import sys

from conftest import ROOT

DOCS = ROOT / "docs"
sys.path.insert(0, str(DOCS))
import public_api  # noqa: E402


def test_every_public_name_has_a_docstring():
    rows = public_api.public_names()
    assert len(rows) > 150 and ("vfxpy.Image.numpy", "member") in [(n, k) for n, k, _ in rows]
    assert [name for name, _kind, doc in rows if doc is None] == []


def test_every_module_level_name_has_its_directive_in_the_reference():
    text = (DOCS / "reference.rst").read_text()
    # auto* directives, and plain ``.. data::`` for the native module's constants (no source to read)
    directives = re.findall(r"^\.\. (?:auto)?(module|class|exception|function|data):: (\S+)$", text, re.M)
    documented = [name for _kind, name in directives]
    wanted = [name for name, kind, _doc in public_api.public_names() if kind in ("module", "module-level")]
    assert sorted(set(wanted) - set(documented)) == []   # a public name with no place in the reference
    assert sorted(set(documented) - set(wanted)) == []   # a directive for a name that is gone or private
    assert len(documented) == len(set(documented))       # each documented once


def test_every_figure_is_on_a_page_and_every_page_in_the_toctree():
    pages = {p.stem: p.read_text() for p in DOCS.glob("*.rst")}
    figures = sorted(p.stem for p in (DOCS / "figures").glob("*.py") if not p.name.startswith("_"))
    assert figures == ["blend_modes", "grade", "ocio_view", "resize_filters", "transfer_curves"]
    for figure in figures:
        assert any(f"_figures/{figure}.png" in text for text in pages.values()), figure
    listed = re.findall(r"^   (\w+)$", pages["index"], re.M)
    assert sorted(listed) == sorted(name for name in pages if name != "index")
