"""vfxpy's public names, one canonical name per object: what the API reference must hold
(every one) and what must carry a docstring (every callable, class and property).

Used by Tests/python/test_docs.py (docstrings, and a directive in reference.rst for every
module-level name) and by scripts/docs after a build (every name in the HTML's
objects.inv). Run inside vfxrun: ``vfxrun docs/public_api.py [objects.inv]``.
"""

import importlib
import sys
import types

#: The public modules, in the order the reference documents them: an object exported by
#: several (``vfxpy.read`` is ``vfxpy.io.read``) is documented under the first.
MODULES = ["vfxpy", "vfxpy.io", "vfxpy.io.exr", "vfxpy.io.dpx", "vfxpy.io.png", "vfxpy.io.jpeg", "vfxpy.io.tiff",
           "vfxpy.processor", "vfxpy.lut", "vfxpy.ocio", "vfxpy.ops", "vfxpy.transfer", "vfxpy.color", "vfxpy.hooks",
           "vfxpy.dask"]


def _module_names(module):
    names = getattr(module, "__all__", None)
    if names is None:  # the format modules: what they define themselves
        names = [n for n in vars(module) if not n.startswith("_")
                 and not isinstance(getattr(module, n), types.ModuleType)
                 and getattr(getattr(module, n), "__module__", module.__name__) == module.__name__]
    return [n for n in names if not isinstance(getattr(module, n), types.ModuleType)]


def _members(cls):
    """(name, object) of a class's public members: its own and those of its private
    bases (Lut1D's ``size`` comes from ``_Table``), not those of builtins such as
    Exception. __slots__ given as a dict count as documented attributes."""
    done = set()
    for klass in cls.__mro__:
        if klass is not cls and (klass.__module__ == "builtins" or not klass.__name__.startswith("_")):
            continue
        slots = getattr(klass, "__slots__", None)
        for name, value in vars(klass).items():
            if name.startswith("_") or name in done:
                continue
            done.add(name)
            if isinstance(slots, dict) and name in slots:
                yield name, slots[name]  # the slot's docstring
            else:
                yield name, value


def public_names():
    """[(canonical name, kind, docstring or None)]: kind is 'module-level' or 'member';
    the docstring is None where there should be one and is not, '' for data (documented by
    the reference's text, not a docstring)."""
    seen = set()
    rows = []
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        rows.append((module_name, "module", module.__doc__))
        for name in _module_names(module):
            obj = getattr(module, name)
            documented = callable(obj) or isinstance(obj, type)
            if documented and id(obj) in seen:
                continue  # re-exported: documented where it was first listed
            seen.add(id(obj))
            qualified = f"{module_name}.{name}"
            rows.append((qualified, "module-level", _doc(obj) if documented else ""))
            if isinstance(obj, type):
                for member, value in _members(obj):
                    if isinstance(value, str) and isinstance(getattr(obj, "__slots__", None), dict):
                        rows.append((f"{qualified}.{member}", "member", value))
                    elif isinstance(value, (classmethod, staticmethod)):
                        rows.append((f"{qualified}.{member}", "member", _doc(value.__func__)))
                    elif callable(value) or isinstance(value, property) or type(value).__name__.endswith("descriptor"):
                        rows.append((f"{qualified}.{member}", "member", _doc(value)))
                    else:
                        rows.append((f"{qualified}.{member}", "member", ""))  # class data
    return rows


def _doc(obj):
    doc = getattr(obj, "__doc__", None)
    if not doc or not doc.strip():
        return None
    if type(obj).__doc__ == doc and not isinstance(obj, type):  # inherited from the type, not its own
        return None
    return doc


def missing_from_inventory(path):
    """Canonical names that the built HTML's objects.inv does not hold."""
    from sphinx.util.inventory import InventoryFile

    with open(path, "rb") as stream:
        inventory = InventoryFile.load(stream, "", lambda base, uri: uri)
    present = {name for domain, entries in inventory.items() if domain.startswith("py:") for name in entries}
    return [name for name, _kind, _doc in public_names() if name not in present]


if __name__ == "__main__":
    if len(sys.argv) > 1:
        missing = missing_from_inventory(sys.argv[1])
        if missing:
            print("not in the API reference:\n  " + "\n  ".join(missing), file=sys.stderr)
            sys.exit(1)
        print(f"the API reference holds all {len(public_names())} public names")
    else:
        for row in public_names():
            print(*row[:2], "" if row[2] is None else "documented")
