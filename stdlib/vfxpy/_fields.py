"""Read-only properties that only hand out a value the object already holds (a native
object's attribute, a header dict's field): one definition for the classes whose
properties are nothing but such forwards, so each property is one line with its doc."""

from operator import attrgetter

__all__ = ["attribute", "item"]


def attribute(path: str, doc: str) -> property:
    """A read-only property giving ``self.<path>``; ``path`` may be dotted
    (``"_native.size"``)."""
    return property(attrgetter(path), doc=doc)


def item(key: str, doc: str, holder: str = "_info") -> property:
    """A read-only property giving ``self.<holder>[key]`` (a field of a header dict)."""

    def get(self):
        return getattr(self, holder)[key]

    return property(get, doc=doc)
