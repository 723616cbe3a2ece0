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


# --- what may stand at each end of a tie, and where it may start (issue 15 item 4) ---------------------------------

# Entity kinds, as strings (contacts.choices.EntityKind's values; relations sits above contacts and may import it,
# but this module stays a table of plain values that reads no model).
LOCALITIES = ("city", "county", "district", "province")
SUB_LOCALITIES = ("county", "district")
SCHOOLS = ("school", "university")
NOT_PEOPLE = (*LOCALITIES, "consulate", "embassy", "enterprise", "school", "university", "organisation")
ANY_KIND = (*NOT_PEOPLE, "person")

# Every status a tie may be put on file at; `upgraded` is only ever reached by the upgrade itself.
_FILED_AT = tuple(s.value for s in RelationStatus if s != RelationStatus.UPGRADED)
# A post held or a broker has no application: known of (contact), in force (signed), lapsed (dormant) or over.
_IN_FORCE = tuple(
    s.value for s in (RelationStatus.CONTACT, RelationStatus.SIGNED, RelationStatus.DORMANT, RelationStatus.ENDED)
)


class TieRule:
    """Which entities may stand at each end of a tie of one kind, and the statuses it may be put on file at.

    `source_domestic` / `target_domestic`: True (must be on our own side), False (must be foreign), None (either).
    """

    def __init__(
        self,
        *,
        source: tuple[str, ...],
        target: tuple[str, ...],
        source_domestic: bool | None = None,
        target_domestic: bool | None = None,
        starts: tuple[str, ...] = _FILED_AT,
    ):
        self.source, self.target = source, target
        self.source_domestic, self.target_domestic = source_domestic, target_domestic
        self.starts = starts


def _partnership(source: tuple[str, ...], target: tuple[str, ...] | None = None) -> TieRule:
    # A partnership joins one of ours (source) and a foreign partner (target): two foreign cities are not our tie.
    return TieRule(source=source, target=target or source, source_domestic=True, target_domestic=False)


TIE_RULES: dict[str, TieRule] = {
    RelationKind.SISTER_CITY: _partnership(LOCALITIES),
    RelationKind.FRIENDLY_EXCHANGE: _partnership(LOCALITIES),
    RelationKind.FRIENDLY_DISTRICT: _partnership(SUB_LOCALITIES, LOCALITIES),
    RelationKind.FRIENDLY_SCHOOL: _partnership(SCHOOLS),
    RelationKind.FRIENDLY_ENTERPRISE: _partnership(("enterprise",)),
    RelationKind.FRIENDLY_ORGANISATION: _partnership(("organisation", *SCHOOLS, "enterprise")),
    RelationKind.COOPERATION: _partnership(NOT_PEOPLE),
    RelationKind.MEMBERSHIP: TieRule(source=NOT_PEOPLE, target=("organisation",)),
    RelationKind.POSITION: TieRule(source=("person",), target=NOT_PEOPLE, starts=_IN_FORCE),
    RelationKind.INTRODUCER: TieRule(source=("person",), target=ANY_KIND, starts=_IN_FORCE),
}


def tie_rule(kind: str) -> TieRule | None:
    return TIE_RULES.get(kind)


def end_problem(kind: str, end: str, entity_kind: str, domestic: bool) -> str | None:
    """Why an entity of `entity_kind` (domestic or not) cannot stand at `end` ("source"/"target") of a tie of
    `kind`: "kind" (its kind is not allowed there), "domestic" (it should be ours), "foreign", or None (it may)."""
    rule = tie_rule(kind)
    if rule is None:
        return None
    kinds = rule.source if end == "source" else rule.target
    must_be = rule.source_domestic if end == "source" else rule.target_domestic
    if entity_kind not in kinds:
        return "kind"
    if must_be is True and not domestic:
        return "domestic"
    if must_be is False and domestic:
        return "foreign"
    return None


def allowed_starts(kind: str) -> tuple[str, ...]:
    """The statuses a tie of this kind may be put on file at."""
    rule = tie_rule(kind)
    return rule.starts if rule is not None else _FILED_AT


# --- the approval chain --------------------------------------------------------------------------------------------

# The levels a city's own tie goes through, in order (settings.CRM_APPROVAL_CHAIN; this is the default).
DEFAULT_APPROVAL_CHAIN = ("city", "province", "association", "ministry")
# Ties below the city level (districts, schools, enterprises, units, agreements) stop at the province.
_LOWER_LEVELS = ("city", "province")


def approval_chain(kind: str, city_chain: tuple[str, ...] = DEFAULT_APPROVAL_CHAIN) -> tuple[str, ...]:
    """The levels that decide an application for a tie of `kind`, in the order they decide."""
    if kind in (RelationKind.SISTER_CITY, RelationKind.FRIENDLY_EXCHANGE):
        return tuple(city_chain)
    if kind == RelationKind.MEMBERSHIP:
        # Joining an international organisation is a matter for the province's foreign-affairs office and above.
        return tuple(level for level in city_chain if level != "city")
    if kind in (RelationKind.POSITION, RelationKind.INTRODUCER):
        return ()
    return tuple(level for level in city_chain if level in _LOWER_LEVELS)


def next_level(chain: tuple[str, ...], approved: set[str]) -> str | None:
    """The first level of the chain that has not yet approved (None: the whole chain has)."""
    return next((level for level in chain if level not in approved), None)
