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
