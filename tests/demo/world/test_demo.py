"""The demo world: loaded idempotently, adding up to the figures it claims, with the seeds' ties and dates."""

import datetime as dt
import random
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count, F, Q, Sum

from contacts.models import ContactPoint, Entity
from demo import world as demo_world
from demo.users import DEMO_USERS
from events.models import Event, FollowUp, Note, Participant
from relations.anniversary_selectors import anniversaries_between
from relations.models import ApprovalDecision, LayoutPlan, LayoutRule, LayoutTarget, Relation, RelationStep
from servicedesk.models import ApecCard, ServiceEntry

D = dt.date
MODELS = (
    Entity,
    ContactPoint,
    Relation,
    RelationStep,
    ApprovalDecision,
    Event,
    Participant,
    FollowUp,
    Note,
    LayoutPlan,
    LayoutRule,
    LayoutTarget,
    ServiceEntry,
    ApecCard,
)


def _counts() -> dict[str, int]:
    counts = {model.__name__: model.objects.count() for model in MODELS}
    counts.update({f"history of {model.__name__}": model.history.count() for model in MODELS})
    counts["users"] = get_user_model().objects.count()
    return counts


def _figure(queryset) -> tuple[int, int]:
    totals = queryset.aggregate(batches=Count("id"), person_times=Sum("headcount"))
    return totals["batches"], totals["person_times"] or 0


def _held(year: int):
    """The year's held events written by the events stage (the trips stage's outbound events are demo.trips')."""
    return Event.objects.filter(status="held", start_date__year=year, trip__isnull=True)


def _tie(target_en: str, kind: str) -> Relation:
    return Relation.objects.select_related("source", "target").get(target__name_en=target_en, kind=kind)


# --- pure: the tables add up, deterministically ------------------------------------------------------------------


def test_the_demo_tables_add_up_to_the_documented_figures():
    events = demo_world.all_events()
    for year, figures in demo_world.DEMO_FIGURES.items():
        assert demo_world.spec_figures(events, year) == figures
    assert len({(e.title, e.start) for e in events}) == len(events), "events are keyed by title and date"


def test_the_generated_exchanges_are_the_same_on_every_run():
    assert demo_world.year_events(2025) == demo_world.year_events(2025)


def test_fit_headcounts_reaches_the_exact_total_within_the_ranges():
    ranges = [(3, 6), (2, 4), (10, 30), (1, 1)]
    values = demo_world.fit_headcounts(random.Random(7), ranges, 30)
    assert sum(values) == 30
    assert all(lo <= v <= hi for v, (lo, hi) in zip(values, ranges, strict=True))
    with pytest.raises(ValueError):
        demo_world.fit_headcounts(random.Random(7), ranges, 100)


# --- the database ------------------------------------------------------------------------------------------------


def test_loading_the_demo_twice_creates_and_changes_nothing(demo, db):
    assert demo["created"]["entities"] > 150
    assert demo["created"]["events"] > 400
    before = _counts()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert _counts() == before
    assert "already loaded" in out.getvalue()


def test_load_demo_creates_the_demo_users_with_their_roles(demo, db):
    User = get_user_model()
    for username, password, role, _name in DEMO_USERS:
        user = User.objects.get(username=username)
        assert user.check_password(password)
        assert list(user.groups.values_list("name", flat=True)) == [role]


def test_2025_inbound_delegations_add_up_to_the_seeds_figures(demo, db):
    inbound = _held(2025).filter(kind="visit_in")
    assert _figure(inbound) == (96, 1362)
    assert _figure(inbound.filter(level="ministerial")) == (3, 66)
    assert _figure(inbound.filter(level="vice_mayor_plus")) == (10, 150)
    assert _figure(_held(2025).filter(kind="visit_out")) == (42, 264)


def test_2025_consular_visits_come_from_31_countries(demo, db):
    consular = _held(2025).filter(kind="visit_in", level__in=["ambassador", "consul_general", "consular"])
    assert _figure(consular) == (40, 130)
    assert consular.filter(level="ambassador").count() == 1
    assert consular.filter(level="consul_general").count() == 17
    countries = (
        Participant.objects.filter(event__in=consular, entity__kind__in=["consulate", "embassy"])
        .values("entity__country")
        .distinct()
        .count()
    )
    assert countries == 31


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_each_year_adds_up_to_demo_figures(demo, db, year):
    figures = demo_world.DEMO_FIGURES[year]
    inbound = _held(year).filter(kind="visit_in")
    assert _figure(inbound) == figures["visit_in"]
    assert _figure(_held(year).filter(kind="visit_out")) == figures["visit_out"]
    for level in ("ministerial", "vice_mayor_plus", "executive", "prefecture", "other"):
        assert _figure(inbound.filter(level=level)) == figures[level], level


def test_2024_differs_from_2025_so_the_year_on_year_change_shows(demo, db):
    assert _figure(_held(2024).filter(kind="visit_in")) == (88, 1251)
    assert _figure(_held(2024).filter(kind="visit_in")) != _figure(_held(2025).filter(kind="visit_in"))


def test_person_times_are_the_sum_of_the_participants_headcounts(demo, db):
    counted = Event.objects.filter(headcount_given=False)
    mismatched = counted.annotate(people=Sum("participants__headcount")).exclude(
        Q(people=F("headcount")) | Q(people__isnull=True, headcount=0)
    )
    assert not mismatched.exists()
    assert Event.objects.filter(end_date__lt=F("start_date")).count() == 0


def test_daegu_was_upgraded_to_sister_city_at_its_10th_anniversary(demo, db):
    sister = _tie("Daegu", "sister_city")
    first = sister.upgraded_from
    assert first.kind == "friendly_exchange"
    assert first.status == "upgraded"
    assert first.established_on == D(2014, 5, 21)
    assert sister.status == "signed"
    assert sister.established_on == D(2014, 5, 21), "anniversaries count from the first signing"
    assert first.steps.get(to_status="upgraded").date == D(2024, 5, 21)
    assert list(first.steps.values_list("to_status", flat=True)) == [
        "contact",
        "intent",
        "loi_signed",
        "applied",
        "approved",
        "signed",
        "upgraded",
    ]
    assert sister.steps.get().date == D(2024, 5, 21)
    assert set(sister.approvals.values_list("level", flat=True)) == {"city", "province", "association", "ministry"}


def test_daegu_has_a_rich_record(demo, db):
    daegu = Entity.objects.get(name_en="Daegu")
    events = Event.objects.filter(participants__entity__in=[daegu, *daegu.children.all()]).distinct()
    assert events.count() >= 25
    assert events.dates("start_date", "year").count() >= 10
    assert Note.objects.filter(Q(entity=daegu) | Q(relation__target=daegu)).count() >= 3
    assert FollowUp.objects.filter(entity=daegu).exists()
    changes = [h.population for h in daegu.history.order_by("history_date")]
    assert changes == [2_418_000, 2_375_000], "a field change on file shows on the timeline"


def test_nagaokakyos_30th_anniversary_falls_in_the_next_18_months(demo, db):
    tie = _tie("Nagaokakyo", "sister_city")
    assert tie.established_on == D(1997, 5, 20)
    found = [a for a in anniversaries_between(start=D(2026, 11, 27), end=D(2028, 5, 27)) if a.tie.pk == tie.pk]
    assert (D(2027, 5, 20), 30, True) in [(a.date, a.years, a.milestone) for a in found]
    assert FollowUp.objects.filter(relation=tie, anniversary_on=D(2027, 5, 20)).exists(), "being planned"


def test_other_round_anniversaries_come_in_2027(demo, db):
    items = anniversaries_between(start=D(2027, 1, 1), end=D(2027, 12, 31))
    milestones = {(a.tie.target.name_en, a.years) for a in items if a.milestone}
    assert {("Aachen", 25), ("Rouen", 20), ("Auckland", 10), ("Antwerp", 15), ("Bydgoszcz", 5)} <= milestones


def test_ties_stand_where_the_seeds_say(demo, db):
    assert _tie("Bandar Abbas", "friendly_exchange").status == "loi_signed"
    assert _tie("Manta", "sister_city").status == "intent"
    assert _tie("Koper", "friendly_exchange").status == "contact"
    assert _tie("Bundaberg", "friendly_exchange").status == "dormant"
    ended = _tie("Metropolitan Borough of Knowsley", "friendly_exchange")
    assert ended.status == "ended"
    assert ended.end_date == D(2021, 3, 31)
    assert _tie("iM Bank (Daegu Bank)", "friendly_enterprise").source.name_en == "Bank of Ningbo"
    assert _tie("Odesa Regional Chamber of Commerce and Industry", "friendly_organisation").status == "signed"
    assert Relation.objects.filter(kind="friendly_district", source__kind="district").exists()
    assert Relation.objects.filter(kind="friendly_school", status="signed").count() >= 5


def test_marlboro_was_approved_through_the_whole_chain(demo, db):
    tie = _tie("Marlboro Township", "sister_city")
    assert tie.status == "approved"
    assert tie.source.name_en == "Cixi"
    decisions = list(tie.approvals.order_by("date").values_list("level", "outcome", "date"))
    assert decisions == [
        ("city", "approved", D(2026, 3, 6)),
        ("province", "approved", D(2026, 4, 17)),
        ("association", "approved", D(2026, 5, 26)),
        ("ministry", "approved", D(2026, 6, 18)),
    ]
    steps = list(tie.steps.values_list("to_status", "date"))
    assert ("applied", D(2026, 2, 24)) in steps and steps[-1] == ("approved", D(2026, 6, 30))
    introducer = Relation.objects.get(kind="introducer", target=tie.target)
    assert introducer.source.name_en == "Helen Shen"
    assert Relation.objects.filter(kind="position", source=introducer.source, title="Deputy Mayor").exists()


def test_an_application_returned_by_the_province_went_back_to_intent(demo, db):
    tie = _tie("Haiphong", "friendly_exchange")
    statuses = list(tie.steps.values_list("to_status", flat=True))
    assert statuses[statuses.index("returned") + 1] == "intent"
    assert tie.approvals.filter(outcome="returned", level="province").exists()


def test_every_tie_has_dated_steps_recorded_by_a_demo_user(demo, db):
    demo_users = set(demo["users"].values())
    assert not Relation.objects.annotate(n=Count("steps")).filter(n=0).exists()
    assert {step.recorded_by for step in RelationStep.objects.select_related("recorded_by")} <= demo_users
    assert not Entity.history.filter(history_user__isnull=True).exists()
    assert not Event.history.filter(history_user__isnull=True).exists()


def test_history_is_dated_when_the_office_recorded_it(demo, db):
    signing = Event.objects.get(title__startswith="Ningbo and Nagaokakyo sign")
    assert signing.history.earliest("history_date").history_date.date() == D(1997, 5, 21)


def test_follow_ups_are_open_overdue_and_done(demo, db):
    today = D(2026, 11, 27)
    open_ = FollowUp.objects.filter(done_at__isnull=True)
    assert open_.filter(due_date__lt=today).count() >= 2
    assert open_.filter(due_date__gte=today).count() >= 3
    assert FollowUp.objects.filter(done_at__isnull=False, done_by__isnull=False).count() >= 3


def test_the_layout_plan_follows_the_seeds(demo, db):
    plan = LayoutPlan.objects.get(home__name_en="Ningbo")
    assert (plan.start_year, plan.end_year) == (2026, 2030)
    tiers = {(r.region or r.country.code): r.tier for r in plan.rules.all()}
    assert tiers["asean"] == "focus"
    assert tiers["JP"] == tiers["KR"] == "deepen"
    assert {tiers[r] for r in ("europe", "northern-america", "oceania")} == {"expand"}
    assert {tiers[r] for r in ("latin-america-and-the-caribbean", "africa")} == {"consider"}
    assert {"KH", "LA", "MM", "CL", "BR", "DE", "FR", "ES"} <= set(tiers)
    assert {t.entity.name_en for t in plan.targets.select_related("entity")} == {"Bogor", "Los Angeles County"}


def test_the_home_city_and_its_districts_are_on_file(demo, db):
    home = demo_world.demo_home()
    assert home.domestic and home.kind == "city" and home.country.code == "CN"
    assert home.population and home.latitude and home.longitude
    names = set(home.children.filter(kind__in=["district", "county"]).values_list("name_en", flat=True))
    assert {
        "Haishu District",
        "Jiangbei District",
        "Beilun District",
        "Zhenhai District",
        "Yinzhou District",
        "Fenghua District",
        "Yuyao",
        "Cixi",
        "Ninghai County",
        "Xiangshan County",
    } == names
    assert Entity.objects.filter(kind="city", domestic=True).count() == 1, "one home city"
    daegu = Entity.objects.get(name_en="Daegu")
    assert (daegu.name, daegu.name_zh, daegu.country.code) == ("대구광역시", "大邱", "KR")
    assert Entity.objects.filter(kind="consulate", country="PK").exists()
