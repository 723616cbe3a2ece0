"""Plumbing the apps' services share; imports no app."""

from collections.abc import Iterable


def check_fields(given: Iterable[str], allowed: Iterable[str]) -> None:
    """Refuse keyword fields a service does not take (a caller's bug, so a TypeError, not a ValidationError)."""
    unknown = sorted(set(given) - set(allowed))
    if unknown:
        raise TypeError(f"Unknown field(s): {', '.join(unknown)}")
