from typing import Any, Callable, Literal, TypeVar, overload

_Event = Literal["after_read", "before_write", "after_write", "frame_done"]
_F = TypeVar("_F", bound=Callable[[dict[str, Any]], Any])

EVENTS: tuple[str, ...]
current_frame: int | None

@overload
def on(event: _Event, fn: _F) -> _F:
    """Calls fn(context) on every event; returns fn."""
@overload
def on(event: _Event, fn: None = None) -> Callable[[_F], _F]:
    """Without fn: a decorator that registers the function it decorates."""

def off(event: _Event, fn: Callable[[dict[str, Any]], Any]) -> None:
    """Stops calling fn on event; ValueError when it is not registered."""
    ...

def handlers(event: _Event) -> list[Callable[[dict[str, Any]], Any]]:
    """The functions registered for event, in calling order."""
    ...

def emit(event: _Event, context: dict[str, Any]) -> None:
    """Calls every handler of event with context."""
    ...
