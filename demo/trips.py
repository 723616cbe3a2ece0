"""The demo's outbound trips (因公出国(境)): two years of applications, each taken through the trips' services from
submission to the filed report, so that the trips pages and the Reports page show real-looking figures.

2025 follows Wujiang's summary in the seeds: of 85 batches submitted, 5 batches (21 person-times) refused, 2 (4)
postponed, 2 had their members changed; every other one approved, travelled, its passports handed back and its
report filed (the 100% rates the summary reports). 2026 runs to October, a little busier. Each trip's people are
filed as persons of its organising unit (the rules allow one trip per person per year). Deterministic: the same
trips on every machine, and a second load adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass

from contacts.models import Entity

# (organiser key in demo.world, kind, category, approving level)
ORGANISERS = (
    ("fao", "self_organised", "officials", "city"),
    ("commerce", "self_organised", "officials", "city"),
    ("scitech", "joining", "officials", "province"),
    ("culture", "self_organised", "officials", "city"),
    ("edu", "study", "school", "city"),
    ("health", "study", "officials", "city"),
    ("nbu", "self_organised", "school", "city"),
    ("youngor", "enterprise", "private_enterprise", "city"),
    ("joyson", "enterprise", "private_enterprise", "city"),
    ("fotile", "enterprise", "private_enterprise", "city"),
)
# Destinations (country code, the Chinese name for the title), with the partners the demo already files there.
DESTINATIONS = (
    ("DE", "德国"), ("FR", "法国"), ("BE", "比利时"), ("PL", "波兰"), ("JP", "日本"), ("KR", "韩国"), ("SG", "新加坡"),
    ("AU", "澳大利亚"), ("NZ", "新西兰"), ("US", "美国"), ("GB", "英国"), ("SI", "斯洛文尼亚"), ("TH", "泰国"),
    ("VN", "越南"), ("MA", "摩洛哥"), ("ZA", "南非"),
)  # fmt: skip
PURPOSES = ("经贸考察", "友城交流", "招商推介", "文化交流", "教育合作洽谈", "科技合作", "医疗卫生交流", "参加国际会议")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华慧建国志红玉兰春梅海波宁晨斌鹏飞宇浩凯"
LEVELS = ("bureau", "division", "division", "section", "section", "none")


@dataclass(frozen=True)
class TripPlan:
    """One demo application: who, where, when, and how it ends."""

    number: int
    year: int
    organiser: str
    kind: str
    category: str
    level: str
    countries: tuple[str, ...]
    start: dt.date
    people: int
    outcome: str  # "back", "refused", "postponed"
    members_changed: bool = False


# Wujiang's year (seeds): 85 submitted, 5 batches / 21 person-times refused, 2 / 4 postponed, 2 member changes.
YEARS = {
    2025: {"submitted": 85, "refused": (5, 21), "postponed": (2, 4), "members_changed": 2, "last_month": 12},
    2026: {"submitted": 92, "refused": (4, 15), "postponed": (3, 5), "members_changed": 3, "last_month": 10},
}


def _split(total: int, parts: int, rng: random.Random, low: int = 1, high: int = 6) -> list[int]:
    """`total` people over `parts` trips, each between low and high (the rules' largest delegation is 6)."""
    sizes = [low] * parts
    for _ in range(total - low * parts):
        candidates = [n for n in range(parts) if sizes[n] < high]
        sizes[rng.choice(candidates)] += 1
    return sizes


def year_plans(year: int) -> list[TripPlan]:
    """The year's applications, in the order they were submitted (deterministic)."""
    figures = YEARS[year]
    rng = random.Random(f"trips-{year}")
    count = figures["submitted"]
    refused_n, refused_people = figures["refused"]
    postponed_n, postponed_people = figures["postponed"]
    outcomes = ["refused"] * refused_n + ["postponed"] * postponed_n
    outcomes += ["back"] * (count - len(outcomes))
    rng.shuffle(outcomes)
    refused_sizes = iter(_split(refused_people, refused_n, rng))
    postponed_sizes = iter(_split(postponed_people, postponed_n, rng))
    changed = set(rng.sample([n for n, o in enumerate(outcomes) if o == "back"], figures["members_changed"]))
    days_of_year = (dt.date(year, figures["last_month"], 28) - dt.date(year, 1, 8)).days
    plans = []
    for number, outcome in enumerate(outcomes):
        organiser, kind, category, level = ORGANISERS[rng.randrange(len(ORGANISERS))]
        start = dt.date(year, 1, 8) + dt.timedelta(days=int(days_of_year * (number + rng.random()) / count))
        countries = tuple(c for c, _ in rng.sample(DESTINATIONS, rng.choice((1, 1, 1, 2, 2, 3))))
        if outcome == "refused":
            people = next(refused_sizes)
        elif outcome == "postponed":
            people = next(postponed_sizes)
        else:
            people = rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5, 6))
        plans.append(
            TripPlan(
                number=number + 1,
                year=year,
                organiser=organiser,
                kind=kind,
                category=category,
                level=level,
                countries=countries,
                start=start,
                people=people,
                outcome=outcome,
                members_changed=number in changed,
            )  # fmt: skip
        )
    return plans


def _person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


class TripLoader:
    """Writes the plans through trips.services, dated with demo.world's history clock (`at`)."""

    def __init__(self, *, entities: dict[str, Entity], officer, admin, at, created: Counter, create_entity):
        self.entities = entities
        self.officer = officer
        self.admin = admin
        self.at = at
        self.created = created
        self.create_entity = create_entity  # demo.world's _entity_create(spec, changes)

    def load(self) -> None:
        from trips.models import Trip

        for year in YEARS:
            titles = Trip.objects.filter(start_date__year=year, title__startswith="【演示】").values_list("title")
            known = {title for (title,) in titles}
            for plan in year_plans(year):
                if self._title(plan) not in known:
                    self._trip(plan)

    @staticmethod
    def _title(plan: TripPlan) -> str:
        from demo.world import ENTITY_BY_KEY

        unit = ENTITY_BY_KEY[plan.organiser].name_zh
        where = "、".join(dict(DESTINATIONS)[c] for c in plan.countries)
        purpose = PURPOSES[plan.number % len(PURPOSES)]
        return f"【演示】{plan.year}-{plan.number:03d} {unit}赴{where}{purpose}"

    def _people(self, plan: TripPlan, count: int, offset: int = 0) -> list[Entity]:
        from demo.world import EntitySpec

        rng = random.Random(f"people-{plan.year}-{plan.number}-{offset}")
        people = []
        for n in range(count):
            name = _person_name(rng)
            spec = EntitySpec(
                key=f"trip-{plan.year}-{plan.number}-{offset + n}", kind="person", name=name, name_zh=name,
                country="CN", domestic=True, parent=plan.organiser, since=plan.start - dt.timedelta(days=60),
                title="", notes=f"演示数据：出访人员（{plan.year}年第{plan.number}批）",
            )  # fmt: skip
            people.append(self.create_entity(spec, {}))
        return people

    def _trip(self, plan: TripPlan) -> None:
        from trips import services
        from trips.models import Trip

        rules = {1: 5, 2: 8, 3: 10}
        days = rules[len(plan.countries)] - plan.number % 2
        end = plan.start + dt.timedelta(days=days - 1)
        submitted = plan.start - dt.timedelta(days=35)
        people = self._people(plan, plan.people)
        levels = random.Random(f"levels-{plan.year}-{plan.number}")
        members = [
            {"person": person, "post": "团长" if n == 0 else "团员", "level": levels.choice(LEVELS), "leader": n == 0}
            for n, person in enumerate(people)
        ]
        legs = []
        for n, code in enumerate(plan.countries):
            share = days // len(plan.countries) + (1 if n < days % len(plan.countries) else 0)
            legs.append({"country": code, "days": share})
        by = self.officer
        with self.at(submitted):
            trip: Trip = services.trip_create(
                by=by, title=self._title(plan), organiser=self.entities[plan.organiser], kind=plan.kind,
                category=plan.category, approving_level=plan.level, start_date=plan.start, end_date=end,
                purpose=f"{PURPOSES[plan.number % len(PURPOSES)]}：会见合作伙伴，落实交流项目。", legs=legs,
                members=members, invitation_from="对方合作机构", budget=18000 * plan.people,
            )  # fmt: skip
            services.trip_submit(trip=trip, by=by, on=submitted)
        self.created["trips"] += 1
        checked = submitted + dt.timedelta(days=3)
        with self.at(checked):
            if plan.outcome == "refused":
                services.trip_check(trip=trip, outcome="refused", by=by, on=checked,
                                    reason="出访任务不实，无实质性内容。")  # fmt: skip
                return
            if plan.outcome == "postponed":
                services.trip_check(trip=trip, outcome="postponed", by=by, on=checked,
                                    reason="与市领导出访安排冲突，暂缓。")  # fmt: skip
                return
            services.trip_check(trip=trip, outcome="accepted", by=by, on=checked)
        approved = checked + dt.timedelta(days=7)
        with self.at(approved):
            services.trip_approve(trip=trip, level=plan.level, by=self.admin, on=approved,
                                  document_no=f"外办〔{plan.year}〕{plan.number}号")  # fmt: skip
        if plan.members_changed:
            changed_on = approved + dt.timedelta(days=5)
            stand_in = self._people(plan, 1, offset=100)[0]
            with self.at(changed_on):
                services.trip_members_change(
                    trip=trip,
                    members=[*members[:-1], {**members[-1], "person": stand_in, "leader": len(members) == 1}],
                    by=by, reason="原团员因工作原因不能出访，经批准更换。", on=changed_on,
                )  # fmt: skip
        documents = approved + dt.timedelta(days=10)
        with self.at(documents):
            services.trip_documents(trip=trip, by=by, on=documents)
        if plan.start > _demo_today():
            return  # still to come
        with self.at(plan.start):
            services.trip_travel(trip=trip, by=by, on=plan.start)
        if end >= _demo_today():
            return
        back = end + dt.timedelta(days=1)
        with self.at(back):
            services.trip_back(trip=trip, by=by, on=back)
        returned = back + dt.timedelta(days=2 + plan.number % 4)
        if returned < _demo_today():
            with self.at(returned):
                services.trip_passports_return(trip=trip, by=by, on=returned)
        filed = back + dt.timedelta(days=10 + plan.number % 15)
        if filed < _demo_today():
            with self.at(filed):
                services.trip_report_file(trip=trip, by=by, on=filed,
                                          report="按计划完成出访任务，会见了合作方，达成了交流意向。")  # fmt: skip


def _demo_today() -> dt.date:
    from demo.world import DEMO_TODAY

    return DEMO_TODAY
