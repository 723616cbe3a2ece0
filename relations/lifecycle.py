"""The lifecycle rules of a tie as pure functions of its status and kind (no database): what may come next."""

from relations.choices import LIFECYCLE, RelationKind, RelationStatus

# Only a friendly-exchange city can be upgraded (to a sister city); the upgrade creates the new tie.
UPGRADABLE_KINDS = (RelationKind.FRIENDLY_EXCHANGE,)
# Statuses a tie may be entered at that need the signing date (anniversaries count from it).
NEEDS_ESTABLISHED_ON = (RelationStatus.SIGNED, RelationStatus.DORMANT)


def allowed_next(status: str, kind: str) -> tuple[str, ...]:
    """The statuses a tie of this kind may move to from `status`, in lifecycle order (LIFECYCLE, minus the
    upgrade for kinds that cannot be upgraded)."""
    steps = LIFECYCLE.get(status, ())
    if kind not in UPGRADABLE_KINDS:
        steps = tuple(s for s in steps if s != RelationStatus.UPGRADED)
    return tuple(str(s) for s in steps)


def is_final(status: str) -> bool:
    """A final status (upgraded, ended) allows no further step."""
    return not LIFECYCLE.get(status, ())


def can_upgrade(status: str, kind: str) -> bool:
    return RelationStatus.UPGRADED in allowed_next(status, kind)


def full_years(since, today) -> int | None:
    """Whole years from `since` to `today` (a tie signed on 2014-05-20 is 10 on 2024-05-20), None without a date."""
    if since is None:
        return None
    years = today.year - since.year - ((today.month, today.day) < (since.month, since.day))
    return max(years, 0)
