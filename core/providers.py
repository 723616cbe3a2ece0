"""Reads a lower app needs from a higher one, supplied by the higher app (dependency inversion).

The layers point one way (core <- contacts <- relations <- events <- ...), so `relations` may not read events'
tables. Where a lower app needs such a fact (the last exchange of each tie, say) it declares a `Provider` with a
safe default, and the higher app registers the real function in its `AppConfig.ready()`:

    # relations/providers.py
    last_exchanges = Provider("last_exchanges", default=lambda relation_ids: {})

    # events/apps.py, in ready()
    from relations import providers
    providers.last_exchanges.register(events.selectors.last_exchanges_by_relation)

The lower app calls `providers.last_exchanges(ids)` and never learns where the answer came from.
"""

from collections.abc import Callable
from typing import Any


class Provider:
    """A named function slot: `default` until a higher app registers the real one (once)."""

    def __init__(self, name: str, *, default: Callable[..., Any]):
        self.name = name
        self.default = default
        self._function: Callable[..., Any] | None = None

    def register(self, function: Callable[..., Any]) -> Callable[..., Any]:
        """Install `function` (usable as a decorator); registering again replaces it (tests, reloads)."""
        self._function = function
        return function

    @property
    def registered(self) -> bool:
        return self._function is not None

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return (self._function or self.default)(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<Provider {self.name} {'registered' if self.registered else 'default'}>"


class Providers:
    """Several named functions answering one read (calendar items from each app above): called, it returns the
    concatenation of their lists, in registration order; no function registered answers []."""

    def __init__(self, name: str):
        self.name = name
        self._functions: dict[str, Callable[..., list]] = {}

    def register(self, key: str, function: Callable[..., list]) -> Callable[..., list]:
        """Install `function` under `key`; registering the same key again replaces it (tests, reloads)."""
        self._functions[key] = function
        return function

    def unregister(self, key: str) -> None:
        self._functions.pop(key, None)

    def __call__(self, *args: Any, **kwargs: Any) -> list:
        found: list = []
        for function in self._functions.values():
            found.extend(function(*args, **kwargs))
        return found

    def __repr__(self) -> str:
        return f"<Providers {self.name} {sorted(self._functions)}>"
