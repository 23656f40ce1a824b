from typing import Any, Callable, Literal, TypeVar

Event = Literal["after_read", "before_write", "after_write", "frame_done"]
_F = TypeVar("_F", bound=Callable[[dict[str, Any]], Any])

EVENTS: tuple[str, ...]
current_frame: int | None

def on(event: Event, fn: _F | None = None) -> Any:
    """Calls fn(context) on every event; returns fn, or a decorator without fn."""
    ...

def off(event: Event, fn: Callable[[dict[str, Any]], Any]) -> None:
    """Stops calling fn on event; ValueError when it is not registered."""
    ...

def handlers(event: Event) -> list[Callable[[dict[str, Any]], Any]]:
    """The functions registered for event, in calling order."""
    ...

def emit(event: Event, context: dict[str, Any]) -> None:
    """Calls every handler of event with context."""
    ...
