"""The year's figures: batches (批, one per event) and person-times (人次, the sum of headcounts), broken down by
kind, level, country, region, partner, domestic unit, month or scope (foreign countries apart from Hong Kong, Macao
and Taiwan, as the offices' summaries count them), each against the year before.

What counts: events whose status is `held` and whose start date falls in the year. Planned events have not
happened and cancelled ones never will, so neither is counted (a summary reports what was done).

Everything is aggregated in the database with GROUP BY: a fixed number of queries per breakdown, whatever the
number of events. Breakdowns over participants (country, region, partner, domestic unit) never Sum over a
join that multiplies rows: each (event, key) pair is represented by exactly one participant row (the first
one), so an event with partners from two countries counts once in each country's row, its full headcount in
each, and once in the total.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Sum, Value, When
from django.db.models.functions import ExtractMonth
from django.utils import formats, translation
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries as country_names

from contacts.choices import RegionKind
from contacts.countries import HMT_LABEL, HONG_KONG_MACAO_TAIWAN, foreign_country_codes, is_hong_kong_macao_taiwan
from contacts.models import Entity, Region
from contacts.naming import display_name, entity_display_name
from contacts.selectors import region_countries
from core.versions import RecentAnswers, data_version
from events import sections as report_sections
from events.choices import EventKind, EventLevel, EventStatus
from events.models import Event, Participant

BY_CHOICES = ("kind", "level", "country", "region", "partner", "domestic_unit", "month", "scope")
# The scope breakdown's keys: exchanges with foreign partners, and with partners from Hong Kong, Macao and Taiwan.
SCOPE_FOREIGN, SCOPE_HMT = "foreign", "hmt"
DIRECTIONS = {"inbound": EventKind.VISIT_IN, "outbound": EventKind.VISIT_OUT}
MIN_YEAR, MAX_YEAR = 1900, 2200
COUNTED_STATUS = EventStatus.HELD
# A cached breakdown is keyed by the data's version (stats_data_version), so expiry only frees memory.
STATS_CACHE_SECONDS = 6 * 3600


def change_pct(current: int, previous: int) -> float | None:
    """Change on last year in percent, one decimal; None when last year had nothing (no division by zero)."""
    if not previous:
        return None
    return round((current - previous) * 100.0 / previous, 1)


def parse_year(value, *, field: str = "year") -> int:
    """A year from a query parameter; ValidationError naming the field when it is not a plausible year."""
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError({field: _("Enter a year such as 2024.")}) from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            {field: _("Enter a year between %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}}
        )
    return year


@dataclass(frozen=True)
class StatsFilter:
    """The optional filters of every breakdown: event kind, direction (inbound/outbound), the guests' levels and a
    region's countries."""

    kind: str = ""
    direction: str = ""
    levels: tuple[str, ...] = ()
    region: str = ""
    region_codes: tuple[str, ...] | None = None

    @classmethod
    def build(
        cls, *, kind: str = "", direction: str = "", level: str | Iterable[str] = "", region: str = ""
    ) -> StatsFilter:
        """Checks each filter; ValidationError names the wrong one. `level` is one level or several (a list or
        a comma-separated text)."""
        kind, direction, region = (kind or "").strip(), (direction or "").strip(), (region or "").strip()
        if kind and kind not in EventKind.values:
            raise ValidationError({"kind": _("Unknown kind of event: %(value)s.") % {"value": kind}})
        if direction and direction not in DIRECTIONS:
            raise ValidationError({"direction": _("The direction must be “inbound” or “outbound”.")})
        levels = tuple(
            item.strip() for item in (level.split(",") if isinstance(level, str) else level) if item and item.strip()
        )
        for item in levels:
            if item not in EventLevel.values:
                raise ValidationError({"level": _("Unknown level: %(value)s.") % {"value": item}})
        codes = None
        if region:
            found = region_countries(region)
            if found is None:
                raise ValidationError({"region": _("Unknown region: %(value)s.") % {"value": region}})
            codes = tuple(found)
        return cls(kind=kind, direction=direction, levels=levels, region=region, region_codes=codes)

    def apply(self, queryset: QuerySet[Event]) -> QuerySet[Event]:
        if self.kind:
            queryset = queryset.filter(kind=self.kind)
        if self.direction:
            queryset = queryset.filter(kind=DIRECTIONS[self.direction])
        if self.levels:
            queryset = queryset.filter(level__in=self.levels)
        if self.region_codes is not None:
            queryset = queryset.filter(
                Exists(
                    Participant.objects.filter(
                        event=OuterRef("pk"), entity__domestic=False, entity__country__in=self.region_codes
                    )
                )
            )
        return queryset


def same_day_last_year(day: date) -> date:
    """The same month and day a year earlier (29 February becomes the 28th)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def parse_until(value, *, year: int, field: str = "until") -> date | None:
    """The last day of a year-to-date comparison (?until=YYYY-MM-DD, within `year`); None when not given."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        until = value
    else:
        try:
            until = date.fromisoformat(str(value).strip())
        except ValueError:
            raise ValidationError({field: _("Enter a date as YYYY-MM-DD, for example 2024-11-30.")}) from None
    if until.year != year:
        raise ValidationError({field: _("The year to date ends within the year shown (%(year)s).") % {"year": year}})
    return until


def counted_events(*, year: int, filters: StatsFilter | None = None, until: date | None = None) -> QuerySet[Event]:
    """Held events starting in `year` or the year before (the two years every breakdown compares); with `until`,
    only those up to that day of `year` and up to the same day of last year (the year to date against the same
    months of last year)."""
    queryset = Event.objects.filter(status=COUNTED_STATUS)
    if until is None:
        queryset = queryset.filter(start_date__gte=date(year - 1, 1, 1), start_date__lte=date(year, 12, 31))
    else:
        queryset = queryset.filter(
            Q(start_date__gte=date(year, 1, 1), start_date__lte=until)
            | Q(start_date__gte=date(year - 1, 1, 1), start_date__lte=same_day_last_year(until))
        )
    # The year of each event as a comparison, not ExtractYear: SQLite runs ExtractYear as a Python function per row
    # (a third of a breakdown's time at a million events); only two years are ever counted.
    return (filters or StatsFilter()).apply(queryset).order_by().annotate(counted_year=year_of("start_date", year))


def year_of(field: str, year: int) -> Case:
    """`year` or `year - 1` for a date `field` known to fall in one of the two years (see counted_events)."""
    return Case(
        When(**{f"{field}__gte": date(year, 1, 1)}, then=Value(year)),
        default=Value(year - 1),
        output_field=IntegerField(),
    )


# --- raw aggregates: {key: {year: (batches, person_times)}} -------------------------------------------------------

Counts = dict  # {key: {year: (batches, person_times)}}


def _collect(rows, key: str = "key") -> Counts:
    counts: Counts = defaultdict(dict)
    for row in rows:
        counts[row[key]][row["year"]] = (row["batches"], row["person_times"] or 0)
    return counts


def _by_field(events: QuerySet[Event], field: str) -> Counts:
    rows = events.values(key=F(field), year=F("counted_year")).annotate(
        batches=Count("id"), person_times=Sum("headcount")
    )
    return _collect(rows)


def _by_month(events: QuerySet[Event]) -> Counts:
    rows = events.values(key=ExtractMonth("start_date"), year=F("counted_year")).annotate(
        batches=Count("id"), person_times=Sum("headcount")
    )
    return _collect(rows)


def _pairs_grouped(pairs: QuerySet, *, names: bool) -> list[dict]:
    """`{"key", "year", "batches", "person_times"}` (and the entity's names with `names`) per key and year, from a
    values queryset of distinct (event, key, year, headcount) rows, and under the key None the events that have any
    such pair: ONE grouped query over a common table.

    DISTINCT makes each (event, key) pair one row before anything is summed, so an event with two participants of
    the same key never counts twice, and no correlated subquery runs per participant (at a million events the old
    "first participant of the pair" subquery took 32 s on SQLite). The events with any pair come from the same
    table (its distinct events), so the "not specified" row is the totals less them, with no query of its own.
    """
    quote = connection.ops.quote_name
    inner, params = pairs.query.sql_with_params()
    key, year, hc, ev = (quote(name) for name in ("key", "year", "hc", "ev"))
    grouped = (
        f"SELECT k, y, COUNT(*) AS b, SUM(hc) AS p FROM ("
        f"SELECT {key} AS k, {year} AS y, {hc} AS hc FROM pairs "
        f"UNION ALL SELECT NULL, y, hc FROM (SELECT DISTINCT {ev}, {year} AS y, {hc} AS hc FROM pairs) events_any"
        f") counted GROUP BY k, y"
    )
    if names:
        entity = quote(Entity._meta.db_table)
        sql = (
            f"WITH pairs AS ({inner}) "
            f"SELECT g.k, g.y, g.b, g.p, e.{quote('name')}, e.{quote('name_zh')}, e.{quote('name_en')} "
            f"FROM ({grouped}) g LEFT JOIN {entity} e ON e.{quote('id')} = g.k"
        )
    else:
        sql = f"WITH pairs AS ({inner}) SELECT g.k, g.y, g.b, g.p FROM ({grouped}) g"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        {"key": r[0], "year": int(r[1]), "batches": r[2], "person_times": r[3] or 0, "names": tuple(r[4:])}
        for r in rows
    ]


def _not_specified(counts: Counts, any_counts: dict, totals: dict[int, tuple[int, int]]) -> None:
    """The "not specified" row (key None): per year, the events counted in total but in no key of the breakdown."""
    for row_year, (batches, person_times) in totals.items():
        found_batches, found_person_times = any_counts.get(row_year, (0, 0))
        if batches - found_batches:
            counts[None][row_year] = (batches - found_batches, person_times - found_person_times)


def _by_participant(
    events: QuerySet[Event],
    *,
    year: int,
    key_field: str,
    condition: Q,
    totals: dict[int, tuple[int, int]],
    names: bool = False,
) -> tuple[Counts, dict]:
    """Counts per participant key over distinct (event, key) pairs; also the events with no such participant (one
    "not specified" row, e.g. no foreign partner recorded): the totals less the events with any pair.

    One query whatever the number of events.
    """
    pairs = (
        Participant.objects.filter(condition, event__in=events.values("pk"))
        .values(key=F(key_field), year=year_of("event__start_date", year), hc=F("event__headcount"), ev=F("event_id"))
        .distinct()
        .order_by()
    )
    rows = _pairs_grouped(pairs, names=names)
    labels = {row["key"]: row["names"] for row in rows if row["key"] is not None}
    counts = _collect(rows)
    _not_specified(counts, counts.pop(None, {}), totals)
    return counts, labels


@dataclass(frozen=True)
class _CountryGroup:
    """What _by_region needs of a region: a key and its countries (the scope breakdown's two groups)."""

    code: str
    countries: tuple[str, ...]


ANY_REGION = "(any)"  # _by_region's key for the events in any of the regions asked for (no region code has brackets)


def _scopes() -> list[_CountryGroup]:
    return [
        _CountryGroup(SCOPE_FOREIGN, tuple(foreign_country_codes())),
        _CountryGroup(SCOPE_HMT, HONG_KONG_MACAO_TAIWAN),
    ]


def _by_region(
    events: QuerySet[Event], regions: Sequence[Region | _CountryGroup], *, year: int, totals: dict[int, tuple[int, int]]
) -> Counts:
    """Counts per region over distinct (region, event) pairs, and the events in none of them (`totals`, the
    events' counts per year, less those in any region): one query whatever the number of events or regions.
    Regions may overlap (blocs): an event counts in each of its regions, once.

    The pairs come from the distinct (event, country) pairs of foreign participants joined to the regions' member
    lists (a VALUES table of (region, country), and every member under one more key for "in any region"), in one
    pass over the participants: a flag per region (EXISTS for each event and each of eight continents) took 6.8 s
    at a million events on SQLite.
    """
    member_set = {(str(region.code), str(code)) for region in regions for code in (region.countries or ())}
    countries = sorted({code for _region, code in member_set})
    members = sorted(member_set | {(ANY_REGION, code) for code in countries})
    counts: Counts = defaultdict(dict)
    if members:
        pairs = (
            Participant.objects.filter(event__in=events.values("pk"), entity__domestic=False)
            .filter(entity__country__in=countries)
            .values(
                country=F("entity__country"),
                year=year_of("event__start_date", year),
                hc=F("event__headcount"),
                ev=F("event_id"),
            )
            .distinct()
            .order_by()
        )
        quote = connection.ops.quote_name
        inner, params = pairs.query.sql_with_params()
        table = ", ".join(["(%s, %s)"] * len(members))
        sql = (
            f"SELECT r.k, r.y, COUNT(*), SUM(r.hc) FROM ("
            f"SELECT DISTINCT m.column1 AS k, pairs.{quote('ev')} AS ev, pairs.{quote('year')} AS y, "
            f"pairs.{quote('hc')} AS hc "
            f"FROM ({inner}) pairs JOIN (VALUES {table}) m ON m.column2 = pairs.{quote('country')}"
            f") r GROUP BY r.k, r.y"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, (*params, *(value for pair in members for value in pair)))
            for key, row_year, batches, person_times in cursor.fetchall():
                counts[key][int(row_year)] = (batches, person_times or 0)
    _not_specified(counts, counts.pop(ANY_REGION, {}), totals)
    return counts


def _totals(events: QuerySet[Event], *, version: str | None = None) -> dict[int, tuple[int, int]]:
    """Batches and person-times per year of `events`. Every breakdown of the same filters has the same totals:
    with the data's `version`, the answer is kept in the cache under it and the query (a quarter of a second at a
    million events) runs once for the dozen breakdowns of the year's report."""
    from django.core.cache import cache

    rows = events.values(year=F("counted_year")).annotate(batches=Count("id"), person_times=Sum("headcount"))
    key = ""
    if version is not None:
        sql, params = rows.query.sql_with_params()
        key = "crm:stats-totals:" + hashlib.sha1(repr((sql, params, version)).encode()).hexdigest()
        found = cache.get(key)
        if found is not None:
            return found
    totals = {row["year"]: (row["batches"], row["person_times"] or 0) for row in rows}
    if key:
        cache.set(key, totals, STATS_CACHE_SECONDS)
    return totals


# --- rows -------------------------------------------------------------------------------------------------------


def row(key, label: str, current: tuple[int, int], previous: tuple[int, int]) -> dict:
    """One figure row: two measures (batches and person-times, or batches and items) this year and last."""
    batches, person_times = current
    prev_batches, prev_person_times = previous
    return {
        "key": key,
        "label": label,
        "batches": batches,
        "person_times": person_times,
        "prev_batches": prev_batches,
        "prev_person_times": prev_person_times,
        "change_batches_pct": change_pct(batches, prev_batches),
        "change_person_times_pct": change_pct(person_times, prev_person_times),
    }


def stats_data_version() -> str:
    """A fingerprint of what the figures read (core.versions.data_version): events, participants, entities,
    regions."""
    return data_version((Event, Participant, Entity, Region))


def year_stats(*, version: str | None = None, **params) -> dict:
    """`_year_stats` (below) cached per year, parameters and language, under the data's version (`version`, when
    the caller computed it already, else one more query). A refusal (ValidationError) is never cached."""
    from django.core.cache import cache

    version = version or stats_data_version()
    key = (
        "crm:stats:"
        + hashlib.sha1(repr((sorted(params.items()), translation.get_language(), version)).encode()).hexdigest()
    )
    recent = _RECENT.get(key)
    if recent is not None:
        return recent
    cached = cache.get(key)
    if cached is None:
        cached = _year_stats(**params, version=version)
        cache.set(key, cached, STATS_CACHE_SECONDS)
    _RECENT.keep(key, cached)
    return cached


# The breakdown by partner of a province's year is tens of thousands of rows: unpickling it from the cache cost
# about 30 ms of each page of the list, so this process keeps its last answers as they are (callers only read them).
_RECENT = RecentAnswers(size=16)


def _year_stats(
    *,
    year: int,
    by: str,
    kind: str = "",
    direction: str = "",
    level: str | Iterable[str] = "",
    region: str = "",
    region_kind: str = RegionKind.CONTINENT,
    until: date | None = None,
    version: str | None = None,
) -> dict:
    """`{"year", "by", "until", "rows": [...], "total": {...}}` for one breakdown; ValidationError names a bad
    parameter. With `until`, the year to date against the same part of last year. `version`: the data's, under
    which the totals are shared by the breakdowns.

    Rows hold keys seen in either year (a key absent last year has prev 0 and change None). Events without any
    participant of the breakdown's sort appear in one row with key None ("not specified").
    """
    if by not in BY_CHOICES:
        raise ValidationError({"by": _("Choose one of: %(choices)s.") % {"choices": ", ".join(BY_CHOICES)}})
    if region_kind not in RegionKind.values:
        raise ValidationError(
            {"region_kind": _("Choose one of: %(choices)s.") % {"choices": ", ".join(RegionKind.values)}}
        )
    filters = StatsFilter.build(kind=kind, direction=direction, level=level, region=region)
    until = parse_until(until, year=year)
    events = counted_events(year=year, filters=filters, until=until)
    not_specified = _("Not specified")
    labels: dict = {}
    order: list | None = None
    totals = _totals(events, version=version)
    if by == "kind":
        counts = _by_field(events, "kind")
        labels = dict(EventKind.choices)
        order = list(EventKind.values)
    elif by == "level":
        counts = _by_field(events, "level")
        if "" in counts:
            counts[None] = counts.pop("")
        labels = dict(EventLevel.choices)
        order = [*EventLevel.values, None]
    elif by == "month":
        counts = _by_month(events)
        for month in range(1, 13):
            counts.setdefault(month, {})
        labels = {month: str(MONTHS[month]) for month in range(1, 13)}
        order = list(range(1, 13))
    elif by == "country":
        condition = Q(entity__domestic=False) & ~Q(entity__country="")
        counts, _raw = _by_participant(
            events, year=year, key_field="entity__country", condition=condition, totals=totals
        )
        labels = {code: str(country_names.name(code)) or code for code in counts if code}
    elif by in ("partner", "domestic_unit"):
        condition = Q(entity__domestic=(by == "domestic_unit"))
        counts, raw = _by_participant(
            events, year=year, key_field="entity_id", condition=condition, totals=totals, names=True
        )
        labels = {key: display_name(*names) for key, names in raw.items()}
    elif by == "scope":
        counts = _by_region(events, _scopes(), year=year, totals=totals)
        labels = {SCOPE_FOREIGN: _("Foreign countries"), SCOPE_HMT: str(HMT_LABEL)}
        order = [SCOPE_FOREIGN, SCOPE_HMT, None]
    else:  # region
        regions = list(Region.objects.filter(kind=region_kind).order_by("code"))
        counts = _by_region(events, regions, year=year, totals=totals)
        labels = {region.code: entity_display_name(region) for region in regions}
    rows = [
        row(
            key,
            str(labels.get(key, key)) if key is not None else not_specified,
            per_year.get(year, (0, 0)),
            per_year.get(year - 1, (0, 0)),
        )
        for key, per_year in counts.items()
    ]
    if order is not None:
        position = {key: index for index, key in enumerate(order)}
        rows.sort(key=lambda r: position.get(r["key"], len(position)))
    else:
        # Largest first; "not specified" last.
        rows.sort(key=lambda r: (r["key"] is None, -r["batches"], -r["person_times"], -r["prev_batches"], r["label"]))
    total = row(None, _("Total"), totals.get(year, (0, 0)), totals.get(year - 1, (0, 0)))
    return {"year": year, "by": by, "until": until, "rows": rows, "total": total}


# --- the year's report: every breakdown and the summary in sentences ----------------------------------------------

REPORT_BREAKDOWNS = ("kind", "level", "country", "region", "partner", "domestic_unit", "month", "scope")


def _n(value: int) -> str:
    return formats.number_format(value, force_grouping=True)


def _pct(value: float) -> str:
    return formats.number_format(abs(value), decimal_pos=1)


def _join(items: list[str]) -> str:
    """Items joined the office's way: "a, b, c" / "a、b、c"."""
    if not items:
        return ""
    text = items[0]
    for item in items[1:]:
        text = _("%(first)s, %(second)s") % {"first": text, "second": item}
    return text


def change_text(row: dict) -> str:
    """The change on last year of a row's batches and person-times, as a clause of a sentence."""
    b, p = row["change_batches_pct"], row["change_person_times_pct"]
    if b is None and p is None:
        return _("no figures for last year to compare")
    if b is not None and p is not None and b > 0 and p > 0:
        return _("up %(batches)s%% in batches and %(person_times)s%% in person-times on last year") % {
            "batches": _pct(b),
            "person_times": _pct(p),
        }
    if b is not None and p is not None and b < 0 and p < 0:
        return _("down %(batches)s%% in batches and %(person_times)s%% in person-times on last year") % {
            "batches": _pct(b),
            "person_times": _pct(p),
        }
    if b is None:
        batches = _("no batches last year")
    elif b > 0:
        batches = _("batches up %(pct)s%%") % {"pct": _pct(b)}
    elif b < 0:
        batches = _("batches down %(pct)s%%") % {"pct": _pct(b)}
    else:
        batches = _("batches unchanged")
    if p is None:
        person_times = _("no person-times last year")
    elif p > 0:
        person_times = _("person-times up %(pct)s%%") % {"pct": _pct(p)}
    elif p < 0:
        person_times = _("person-times down %(pct)s%%") % {"pct": _pct(p)}
    else:
        person_times = _("person-times unchanged")
    return _("%(batches)s and %(person_times)s on last year") % {"batches": batches, "person_times": person_times}


# The levels the inbound sentence names (the seeds' 「其中省部级3批66人次，副市长级以上10批150人次」), and the
# diplomatic ones that get their own sentence (「共接待31国驻华使领馆官员40批130人次」).
SENIOR_LEVELS = (EventLevel.NATIONAL_LEADER, EventLevel.MINISTERIAL, EventLevel.PREFECTURE, EventLevel.VICE_MAYOR_PLUS)
DIPLOMATIC_LEVELS = (EventLevel.AMBASSADOR, EventLevel.CONSUL_GENERAL, EventLevel.CONSULAR)


# What the summary's 「其中…」 names, as the offices' summaries do: the senior levels of the guests (inbound) and of
# our delegations (outbound), the consular officials (their own sentence), and the main partners of the year.
SUMMARY_PARTNERS = 3


def is_named(row: dict) -> bool:
    """A row worth naming in a 「其中…」: batches and person-times this year (never 「周年庆祝2批0人次」)."""
    return bool(row["batches"] and row["person_times"])


def _level_item(row: dict) -> str | None:
    values = {"batches": _n(row["batches"]), "person_times": _n(row["person_times"])}
    texts = {
        EventLevel.NATIONAL_LEADER: _("%(batches)s (%(person_times)s) at the level of national leaders"),
        EventLevel.MINISTERIAL: _("%(batches)s (%(person_times)s) at ministerial level"),
        EventLevel.PREFECTURE: _("%(batches)s (%(person_times)s) at prefecture level"),
        EventLevel.VICE_MAYOR_PLUS: _("%(batches)s (%(person_times)s) at vice-mayor level and above"),
        EventLevel.AMBASSADOR: _("%(batches)s (%(person_times)s) led by ambassadors"),
        EventLevel.CONSUL_GENERAL: _("%(batches)s (%(person_times)s) led by consuls-general"),
        EventLevel.CONSULAR: _("%(batches)s (%(person_times)s) of consular officials"),
        EventLevel.EXECUTIVE: _("%(batches)s (%(person_times)s) of enterprise executives"),
    }
    text = texts.get(row["key"])
    return text % values if text and is_named(row) else None


def _sentence(main: str, items: list[str], row: dict, *, including: bool = False) -> str:
    if items:
        detail = (_(", including %(items)s") if including else _(", of which %(items)s")) % {"items": _join(items)}
    else:
        detail = ""
    return _("%(main)s%(detail)s, %(change)s.") % {"main": main, "detail": detail, "change": change_text(row)}


def _has_figures(row: dict) -> bool:
    return bool(row["batches"] or row["prev_batches"])


def year_summary(
    *,
    year: int,
    all_kinds: dict,
    inbound_levels: dict,
    diplomatic: dict,
    outbound: dict,
    countries: dict,
    scopes: dict | None = None,
    outbound_levels: dict | None = None,
    partners: dict | None = None,
) -> list[str]:
    """The year's work summary in sentences, in the active language, from breakdowns already computed.

    E.g. 「2024年全年共接待来访团组96批1362人次，其中省部级3批66人次、副市长级以上10批150人次，批次和人次同比
    分别增长12.5%和8.0%。」 / "In 2024 we received 96 inbound delegations (1,362 person-times), of which 3 (66) at
    ministerial level, 10 (150) at vice-mayor level and above, up 12.5% in batches and 8.0% in person-times on
    last year."
    """
    total = all_kinds["total"]
    if not _has_figures(total):
        return [_("No exchanges were recorded in %(year)s.") % {"year": year}]
    sentences = []
    inbound = inbound_levels["total"]
    if _has_figures(inbound):
        main = ngettext(
            "In %(year)s we received %(batches)s inbound delegation (%(person_times)s person-times)",
            "In %(year)s we received %(batches)s inbound delegations (%(person_times)s person-times)",
            inbound["batches"],
        ) % {"year": year, "batches": _n(inbound["batches"]), "person_times": _n(inbound["person_times"])}
        levels = [_level_item(row) for row in inbound_levels["rows"] if row["key"] in SENIOR_LEVELS]
        sentences.append(_sentence(main, [item for item in levels if item], inbound))
    officials = diplomatic["total"]
    if _has_figures(officials):
        count = len([row for row in diplomatic["rows"] if row["key"] is not None and row["batches"]])
        main = ngettext(
            "We received consular and diplomatic officials from %(countries)s country in %(batches)s batches "
            "(%(person_times)s person-times)",
            "We received consular and diplomatic officials from %(countries)s countries in %(batches)s batches "
            "(%(person_times)s person-times)",
            count,
        ) % {"countries": _n(count), "batches": _n(officials["batches"]), "person_times": _n(officials["person_times"])}
        leads = [
            _level_item(row)
            for row in inbound_levels["rows"]
            if row["key"] in (EventLevel.AMBASSADOR, EventLevel.CONSUL_GENERAL)
        ]
        sentences.append(_sentence(main, [item for item in leads if item], officials))
    out = outbound["total"]
    if _has_figures(out):
        main = ngettext(
            "We sent %(batches)s outbound delegation (%(person_times)s person-times)",
            "We sent %(batches)s outbound delegations (%(person_times)s person-times)",
            out["batches"],
        ) % {"batches": _n(out["batches"]), "person_times": _n(out["person_times"])}
        levels = [_level_item(row) for row in (outbound_levels or {}).get("rows", []) if row["key"] in SENIOR_LEVELS]
        sentences.append(_sentence(main, [item for item in levels if item], out))
    main = ngettext(
        "Altogether %(batches)s exchange was recorded (%(person_times)s person-times)",
        "Altogether %(batches)s exchanges were recorded (%(person_times)s person-times)",
        total["batches"],
    ) % {"batches": _n(total["batches"]), "person_times": _n(total["person_times"])}
    # The year's main partners (the partner breakdown is sorted largest first), not a pick of odd kinds.
    main_partners = [row for row in (partners or {}).get("rows", []) if row["key"] is not None and is_named(row)]
    items = [
        _("with %(label)s %(batches)s (%(person_times)s)")
        % {"label": row["label"], "batches": _n(row["batches"]), "person_times": _n(row["person_times"])}
        for row in main_partners[:SUMMARY_PARTNERS]
    ]
    sentences.append(_sentence(main, items, total, including=True))
    by_scope = {row["key"]: row for row in (scopes or {}).get("rows", [])}
    foreign, hmt = by_scope.get(SCOPE_FOREIGN), by_scope.get(SCOPE_HMT)
    # Said when there were exchanges with Hong Kong, Macao or Taiwan (this year or last): the two counts apart.
    if hmt and _has_figures(hmt):
        nothing = {"batches": 0, "person_times": 0}
        foreign, hmt = foreign or nothing, hmt or nothing
        sentences.append(
            _(
                "Of these, exchanges with foreign countries: %(foreign_batches)s (%(foreign_person_times)s "
                "person-times); with Hong Kong, Macao and Taiwan: %(hmt_batches)s (%(hmt_person_times)s "
                "person-times)."
            )
            % {
                "foreign_batches": _n(foreign["batches"]),
                "foreign_person_times": _n(foreign["person_times"]),
                "hmt_batches": _n(hmt["batches"]),
                "hmt_person_times": _n(hmt["person_times"]),
            }
        )
    named = [
        row
        for row in countries["rows"]
        if row["key"] is not None and row["batches"] and not is_hong_kong_macao_taiwan(row["key"])
    ]
    if named:
        top = _join(
            [_("%(label)s (%(batches)s)") % {"label": row["label"], "batches": _n(row["batches"])} for row in named[:5]]
        )
        sentences.append(
            ngettext(
                "Our partners came from %(count)s country; the most frequent: %(top)s.",
                "Our partners came from %(count)s countries; the most frequent: %(top)s.",
                len(named),
            )
            % {"count": _n(len(named)), "top": top}
        )
    return sentences


def year_report(*, year: int, region_kind: str = RegionKind.CONTINENT, until: date | None = None, user=None) -> dict:
    """Every breakdown of the year against the year before, the registered sections (trips, services …) and the
    summary: what the Reports page and the XLSX export show. With `until`, the year to date against the same
    months of last year, everywhere. With `user`, only the sections the user may read. A fixed number of queries
    (about twenty, and each section's few) whatever the number of events.
    """
    until = parse_until(until, year=year)
    version = stats_data_version()
    breakdowns = {
        by: year_stats(year=year, by=by, region_kind=region_kind, until=until, version=version)
        for by in REPORT_BREAKDOWNS
    }
    # The level tables apart by direction: the guests' levels of inbound visits, our delegations' of outbound ones.
    inbound_levels = year_stats(year=year, by="level", direction="inbound", until=until, version=version)
    outbound_levels = year_stats(year=year, by="level", direction="outbound", until=until, version=version)
    diplomatic = year_stats(
        year=year, by="country", direction="inbound", level=DIPLOMATIC_LEVELS, until=until, version=version
    )
    outbound = year_stats(year=year, by="kind", direction="outbound", until=until, version=version)
    sections = report_sections.build(year=year, until=until, user=user)
    summary = year_summary(
        year=year,
        all_kinds=breakdowns["kind"],
        inbound_levels=inbound_levels,
        diplomatic=diplomatic,
        outbound=outbound,
        countries=breakdowns["country"],
        scopes=breakdowns["scope"],
        outbound_levels=outbound_levels,
        partners=breakdowns["partner"],
    )
    if until is not None:
        summary.insert(
            0,
            _("Figures of the year to %(until)s, against the same months of %(prev_year)s.")
            % {"until": formats.date_format(until), "prev_year": year - 1},
        )
    for section in sections:
        summary.extend(section["summary"])
    return {
        "year": year,
        "until": until,
        "breakdowns": breakdowns,
        "inbound_levels": inbound_levels,
        "outbound_levels": outbound_levels,
        "diplomatic": diplomatic,
        "outbound": outbound,
        "total": breakdowns["kind"]["total"],
        "sections": sections,
        "summary": summary,
    }
