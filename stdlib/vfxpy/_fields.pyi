"""Type stubs for vfxpy._fields: read-only forwarding properties."""

__all__ = ["attribute", "item"]

def attribute(path: str, doc: str) -> property:
    """A read-only property giving self.<path> (dotted paths allowed)."""

def item(key: str, doc: str, holder: str = "_info") -> property:
    """A read-only property giving self.<holder>[key]."""
