"""Sphinx configuration for the vfxpy docs. Built by scripts/docs with Sphinx running
inside vfxrun (``vfxrun -m sphinx -W``), so autodoc reads the live vfxpy module, native
part included. The figures are made by docs/figures/*.py (vfxpy itself) before the build,
into _figures/ beside this file's copy in the build folder."""

import vfxpy

project = "vfxpy"
author = "the vfxrun team"
copyright = "the vfxrun team"
version = release = vfxpy.__version__

extensions = ["sphinx.ext.autodoc"]
exclude_patterns = ["figures", "_build"]
templates_path = []
html_static_path = []
html_theme = "alabaster"
html_theme_options = {"page_width": "1100px", "sidebar_width": "230px", "fixed_sidebar": True}
html_title = f"vfxpy {release}"
pygments_style = "sphinx"

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_docstring_signature = True  # the native methods' first docstring line is their signature
autodoc_default_options = {"members": True}
# The reference documents each object once, under one name (see public_api.py); a
# re-exported name is mentioned, not documented twice.
suppress_warnings = []
