"""The demo world `make run` shows: Ningbo's foreign-affairs office (宁波市外办) and its record.

Built from the seeds (shared/seeds: the work summaries of several municipal foreign-affairs offices): the home
city Ningbo with its districts and counties, its own schools, firms and bureaus; the foreign partners the seeds
name, with their real countries, coordinates and populations; consulates-general in Shanghai, foreign firms,
schools, organisations and people (the people are fictional); the ties between them with their dated lifecycle
(Daegu upgraded at its 10th anniversary, Nagaokakyo's 30th anniversary in 2027, Bandar Abbas at a letter of
intent, Manta at preliminary intent, Koper at first contact, Cixi–Marlboro approved through the whole chain, a
dormant and an ended tie); three years of exchanges (2024, 2025 and 2026 up to 27 November) whose totals are
the figures in DEMO_FIGURES, a few planned ones in December 2026 and 2027, follow-ups, timeline notes, and the
layout plan of the seeds.

Everything is written through the services the product itself uses (relations.services, events.services),
so the demo obeys the same rules as an officer's input: lifecycle steps in order, approvals before `approved`,
person-times summed from the participants. Entities and the layout plan are written with the ORM (full_clean, then
save) because no service exists for them yet.

History: every row is attributed to a demo user, and dated on the day the office would have recorded it (a
receiver of simple-history's pre_create_historical_record signal applies the loader's clock), so timelines and
"changes" read like a real record rather than all happening at load time.

Idempotent: every record is looked up by a natural key (entity: kind + name + country; tie: both ends + kind;
event: title + start date; follow-up: title + due date; note: text + subject) and created only when missing; a
second run creates nothing and changes nothing. Deterministic: the generated exchanges use fixed seeds.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import transaction
from simple_history.signals import pre_create_historical_record

from contacts.models import ContactPoint, Entity
from core.history import attribute
from events.choices import EventKind, EventLevel, EventStatus, ParticipantRole
from events.models import Event, FollowUp, Note
from events.services import anniversary_plan, event_create, followup_create, followup_mark_done, note_create
from relations.choices import ApprovalLevel, ApprovalOutcome, PlanTier, RelationKind, RelationStatus
from relations.models import ApprovalDecision, LayoutPlan, LayoutRule, LayoutTarget, Relation
from relations.services import approval_record, relation_advance, relation_create, relation_update, relation_upgrade
from servicedesk.models import ApecCard, ServiceKind
from servicedesk.services import apec_card_create, service_month_record

D = dt.date
TZ = ZoneInfo("Asia/Shanghai")

# The day the demo's record runs up to: events after it are planned; 2026 figures count what was held before it.
DEMO_TODAY = D(2026, 11, 27)
HOME_KEY = "ningbo"

# The figures the demo's exchanges add up to exactly (held events, by start date), as an office's year summary
# reports them: (batches 批, person-times 人次). 2025 encodes the seeds' figures (96 / 1,362 inbound friendly
# delegations, 3 / 66 ministerial, 10 / 150 vice-mayor and above, 42 / 264 outbound, consular officials of 31
# countries 40 / 130, of which 1 batch led by an ambassador and 17 by consuls-general); 2024 is the year before,
# to compare with; 2026 runs to DEMO_TODAY. "consular" = levels ambassador + consul_general + consular.
DEMO_FIGURES: dict[int, dict[str, tuple[int, int]]] = {
    2024: {
        "visit_in": (88, 1251),
        "ministerial": (2, 41),
        "vice_mayor_plus": (9, 268),
        "consular": (35, 112),
        "executive": (7, 44),
        "prefecture": (5, 62),
        "other": (30, 724),
        "visit_out": (37, 228),
    },
    2025: {
        "visit_in": (96, 1362),
        "ministerial": (3, 66),
        "vice_mayor_plus": (10, 150),
        "consular": (40, 130),
        "executive": (9, 56),
        "prefecture": (6, 84),
        "other": (28, 876),
        "visit_out": (42, 264),
    },
    2026: {
        "visit_in": (84, 1174),
        "ministerial": (2, 38),
        "vice_mayor_plus": (11, 205),
        "consular": (36, 118),
        "executive": (8, 50),
        "prefecture": (5, 58),
        "other": (22, 705),
        "visit_out": (39, 247),
    },
}
# Countries the consular officials came from, and how the consular batches split by level (ambassador,
# consul_general, consular).
DEMO_CONSULAR_COUNTRIES = {2024: 27, 2025: 31, 2026: 29}
DEMO_CONSULAR_LEVELS = {2024: (1, 15, 19), 2025: (1, 17, 22), 2026: (0, 16, 20)}

# Ties and their anniversaries (counted from the first signing): Nagaokakyo's 30th falls on 2027-05-20.
NAGAOKAKYO_SIGNED = D(1997, 5, 20)
DAEGU_FIRST_SIGNED = D(2014, 5, 21)
DAEGU_UPGRADED = D(2024, 5, 21)

# ---------------------------------------------------------------------------------------------------------------
# Entities
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntitySpec:
    key: str
    kind: str
    name: str
    name_zh: str = ""
    name_en: str = ""
    country: str = ""
    lat: float | None = None
    lon: float | None = None
    population: int | None = None
    geonameid: int | None = None
    parent: str | None = None
    domestic: bool = False
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    title: str = ""
    website: str = ""
    notes: str = ""
    since: dt.date = D(2010, 3, 1)  # on file since (the date its history starts)


def _place(key, kind, name, zh, en, country, lat, lon, pop, gid=None, **extra) -> EntitySpec:
    return EntitySpec(
        key=key,
        kind=kind,
        name=name,
        name_zh=zh,
        name_en=en,
        country=country,
        lat=lat,
        lon=lon,
        population=pop,
        geonameid=gid,
        **extra,
    )


def _unit(key, kind, name, zh, parent, **extra) -> EntitySpec:
    """One of our own units: a bureau, school, hospital or firm of Ningbo (domestic)."""
    return EntitySpec(
        key=key, kind=kind, name=zh, name_zh=zh, name_en=name, country="CN", parent=parent, domestic=True, **extra
    )


def _org(key, kind, name, zh, country, parent=None, local="", **extra) -> EntitySpec:
    return EntitySpec(
        key=key, kind=kind, name=local or name, name_zh=zh, name_en=name, country=country, parent=parent, **extra
    )


def _person(key, name, zh, country, title, parent=None, local="", **extra) -> EntitySpec:
    return EntitySpec(
        key=key,
        kind="person",
        name=local or name,
        name_zh=zh,
        name_en=name,
        country=country,
        title=title,
        parent=parent,
        **extra,
    )


HOME = [
    _place(
        "ningbo",
        "city",
        "宁波市",
        "宁波",
        "Ningbo",
        "CN",
        29.8683,
        121.5440,
        9_698_000,
        1799397,
        domestic=True,
        aliases=("Ningbo City", "Ningpo", "甬"),
        website="https://www.ningbo.gov.cn/",
        since=D(2009, 6, 1),
        notes="Sub-provincial city in Zhejiang; port city (Ningbo Zhoushan Port). Home of this office's record.",
    ),
]
DISTRICTS = [
    # key, kind, local name, English, lat, lon, population (2020 census, rounded)
    _place(
        "haishu",
        "district",
        "海曙区",
        "海曙区",
        "Haishu District",
        "CN",
        29.8596,
        121.5508,
        1_412_000,
        parent="ningbo",
        domestic=True,
        aliases=("Haishu",),
    ),
    _place(
        "jiangbei",
        "district",
        "江北区",
        "江北区",
        "Jiangbei District",
        "CN",
        29.8866,
        121.5553,
        582_000,
        parent="ningbo",
        domestic=True,
        aliases=("Jiangbei",),
    ),
    _place(
        "beilun",
        "district",
        "北仑区",
        "北仑区",
        "Beilun District",
        "CN",
        29.8990,
        121.8446,
        805_000,
        parent="ningbo",
        domestic=True,
        aliases=("Beilun",),
    ),
    _place(
        "zhenhai",
        "district",
        "镇海区",
        "镇海区",
        "Zhenhai District",
        "CN",
        29.9490,
        121.7160,
        500_000,
        parent="ningbo",
        domestic=True,
        aliases=("Zhenhai",),
    ),
    _place(
        "yinzhou",
        "district",
        "鄞州区",
        "鄞州区",
        "Yinzhou District",
        "CN",
        29.8170,
        121.5462,
        1_613_000,
        parent="ningbo",
        domestic=True,
        aliases=("Yinzhou",),
    ),
    _place(
        "fenghua",
        "district",
        "奉化区",
        "奉化区",
        "Fenghua District",
        "CN",
        29.6563,
        121.4064,
        578_000,
        parent="ningbo",
        domestic=True,
        aliases=("Fenghua",),
    ),
    _place(
        "yuyao",
        "county",
        "余姚市",
        "余姚",
        "Yuyao",
        "CN",
        30.0372,
        121.1546,
        1_254_000,
        1785545,
        parent="ningbo",
        domestic=True,
        aliases=("Yuyao City",),
        notes="County-level city administered by Ningbo.",
    ),
    _place(
        "cixi",
        "county",
        "慈溪市",
        "慈溪",
        "Cixi",
        "CN",
        30.1696,
        121.2663,
        1_829_000,
        1806602,
        parent="ningbo",
        domestic=True,
        aliases=("Cixi City",),
        notes="County-level city administered by Ningbo.",
    ),
    _place(
        "ninghai",
        "county",
        "宁海县",
        "宁海县",
        "Ninghai County",
        "CN",
        29.2889,
        121.4297,
        695_000,
        parent="ningbo",
        domestic=True,
        aliases=("Ninghai",),
    ),
    _place(
        "xiangshan",
        "county",
        "象山县",
        "象山县",
        "Xiangshan County",
        "CN",
        29.4766,
        121.8692,
        569_000,
        parent="ningbo",
        domestic=True,
        aliases=("Xiangshan",),
    ),
]
OUR_UNITS = [
    _unit(
        "fao",
        "organisation",
        "Ningbo Municipal Foreign Affairs Office",
        "宁波市人民政府外事办公室",
        "ningbo",
        aliases=("Ningbo FAO", "市外办"),
        tags=("government",),
    ),
    _unit(
        "paffc",
        "organisation",
        "Ningbo People's Association for Friendship with Foreign Countries",
        "宁波市人民对外友好协会",
        "ningbo",
        aliases=("Ningbo PAFFC", "市对外友协"),
        tags=("friendship-association",),
    ),
    _unit("edu", "organisation", "Ningbo Municipal Education Bureau", "宁波市教育局", "ningbo", tags=("government",)),
    _unit(
        "culture",
        "organisation",
        "Ningbo Municipal Bureau of Culture, Radio, Television and Tourism",
        "宁波市文化广电旅游局",
        "ningbo",
        tags=("government",),
    ),
    _unit(
        "commerce",
        "organisation",
        "Ningbo Municipal Bureau of Commerce",
        "宁波市商务局",
        "ningbo",
        tags=("government",),
    ),
    _unit(
        "scitech",
        "organisation",
        "Ningbo Municipal Bureau of Science and Technology",
        "宁波市科学技术局",
        "ningbo",
        tags=("government",),
    ),
    _unit(
        "health",
        "organisation",
        "Ningbo Municipal Health Commission",
        "宁波市卫生健康委员会",
        "ningbo",
        tags=("government",),
    ),
    _unit(
        "hr",
        "organisation",
        "Ningbo Municipal Human Resources and Social Security Bureau",
        "宁波市人力资源和社会保障局",
        "ningbo",
        tags=("government",),
    ),
    _unit("sports", "organisation", "Ningbo Municipal Sports Bureau", "宁波市体育局", "ningbo", tags=("government",)),
    _unit(
        "fic",
        "organisation",
        "Ningbo Federation of Industry and Commerce",
        "宁波市工商业联合会",
        "ningbo",
        aliases=("市工商联",),
        tags=("chamber-of-commerce",),
    ),
    _unit(
        "autoparts",
        "organisation",
        "Ningbo Auto Parts Industry Association",
        "宁波市汽车零部件产业协会",
        "ningbo",
        aliases=("市汽配协会",),
        tags=("industry-association",),
    ),
    _unit(
        "cpaffc",
        "organisation",
        "Chinese People's Association for Friendship with Foreign Countries",
        "中国人民对外友好协会",
        None,
        aliases=("CPAFFC", "全国友协"),
        tags=("friendship-association", "national"),
    ),
    _unit("nbu", "university", "Ningbo University", "宁波大学", "jiangbei", website="https://www.nbu.edu.cn/"),
    _unit(
        "unnc", "university", "University of Nottingham Ningbo China", "宁波诺丁汉大学", "yinzhou", aliases=("UNNC",)
    ),
    _unit(
        "nbufe",
        "university",
        "Ningbo University of Finance and Economics",
        "宁波财经学院",
        "yinzhou",
        aliases=("宁波大红鹰学院", "Ningbo Dahongying University"),
    ),
    _unit("xiaoshi", "school", "Ningbo Xiaoshi High School", "宁波市效实中学", "haishu"),
    _unit("nbms", "school", "Ningbo Middle School", "宁波中学", "jiangbei"),
    _unit("zhenhai_hs", "school", "Zhenhai High School", "镇海中学", "zhenhai"),
    _unit("nfls", "school", "Ningbo Foreign Language School", "宁波外国语学校", "yinzhou"),
    _unit("yuyao_ms", "school", "Yuyao Middle School", "余姚中学", "yuyao"),
    _unit("cixi_hs", "school", "Cixi High School", "慈溪中学", "cixi"),
    _unit("nb2h", "organisation", "Ningbo No. 2 Hospital", "宁波市第二医院", "haishu", tags=("hospital",)),
    _unit(
        "lihuili",
        "organisation",
        "Ningbo Medical Center Lihuili Hospital",
        "宁波市医疗中心李惠利医院",
        "yinzhou",
        tags=("hospital",),
    ),
    _unit(
        "bon",
        "enterprise",
        "Bank of Ningbo",
        "宁波银行",
        "yinzhou",
        aliases=("BON",),
        website="https://www.nbcb.com.cn/",
    ),
    _unit(
        "nzport",
        "enterprise",
        "Ningbo Zhoushan Port Group",
        "宁波舟山港集团",
        "beilun",
        aliases=("Ningbo Zhoushan Port",),
        tags=("port",),
    ),
    _unit("youngor", "enterprise", "Youngor Group", "雅戈尔集团", "haishu"),
    _unit("joyson", "enterprise", "Joyson Electronics", "均胜电子", "yinzhou"),
    _unit("fotile", "enterprise", "Fotile Group", "方太集团", "cixi"),
]

# Foreign places: local name, Chinese, English; coordinates and populations rounded from public figures.
PLACES = [
    _place(
        "daegu",
        "city",
        "대구광역시",
        "大邱",
        "Daegu",
        "KR",
        35.8714,
        128.6014,
        2_375_000,
        1835329,
        aliases=("Daegu Metropolitan City", "Taegu", "大邱广域市"),
        website="https://www.daegu.go.kr/",
        since=D(2011, 9, 20),
    ),
    _place(
        "nagaokakyo",
        "city",
        "長岡京市",
        "长冈京",
        "Nagaokakyo",
        "JP",
        34.9268,
        135.6957,
        80_600,
        1858681,
        aliases=("Nagaokakyō", "Nagaokakyo City"),
        website="https://www.city.nagaokakyo.lg.jp/",
        since=D(1996, 4, 10),
    ),
    _place(
        "aachen",
        "city",
        "Aachen",
        "亚琛",
        "Aachen",
        "DE",
        50.7753,
        6.0839,
        252_000,
        3247449,
        aliases=("Aix-la-Chapelle",),
        website="https://www.aachen.de/",
        since=D(2001, 5, 8),
    ),
    _place(
        "rouen",
        "city",
        "Rouen",
        "鲁昂",
        "Rouen",
        "FR",
        49.4431,
        1.0993,
        114_000,
        2982652,
        website="https://rouen.fr/",
        since=D(2006, 3, 15),
    ),
    _place(
        "antwerp",
        "city",
        "Antwerpen",
        "安特卫普",
        "Antwerp",
        "BE",
        51.2194,
        4.4025,
        536_000,
        2803138,
        aliases=("Anvers",),
        website="https://www.antwerpen.be/",
        since=D(2011, 4, 12),
    ),
    _place(
        "bydgoszcz",
        "city",
        "Bydgoszcz",
        "比得哥什",
        "Bydgoszcz",
        "PL",
        53.1235,
        18.0084,
        330_000,
        3102014,
        website="https://www.bydgoszcz.pl/",
        since=D(2019, 10, 8),
    ),
    _place(
        "marrakech",
        "city",
        "Marrakech",
        "马拉喀什",
        "Marrakech",
        "MA",
        31.6295,
        -7.9811,
        929_000,
        2542997,
        aliases=("Marrakesh", "مراكش"),
        since=D(2010, 5, 4),
    ),
    _place(
        "cotonou", "city", "Cotonou", "科托努", "Cotonou", "BJ", 6.3703, 2.3912, 679_000, 2394819, since=D(2007, 6, 5)
    ),
    _place(
        "auckland",
        "city",
        "Auckland",
        "奥克兰",
        "Auckland",
        "NZ",
        -36.8485,
        174.7633,
        1_710_000,
        2193733,
        aliases=("Tāmaki Makaurau",),
        website="https://www.aucklandcouncil.govt.nz/",
        since=D(2015, 9, 1),
    ),
    _place(
        "busan",
        "city",
        "부산광역시",
        "釜山",
        "Busan",
        "KR",
        35.1796,
        129.0756,
        3_290_000,
        1838524,
        aliases=("Busan Metropolitan City", "Pusan"),
        website="https://www.busan.go.kr/",
        since=D(2014, 11, 3),
    ),
    _place(
        "suncheon",
        "city",
        "순천시",
        "顺天",
        "Suncheon",
        "KR",
        34.9506,
        127.4872,
        276_000,
        1835648,
        aliases=("Suncheon City",),
        since=D(2004, 6, 1),
    ),
    _place(
        "hiroshima",
        "city",
        "広島市",
        "广岛",
        "Hiroshima",
        "JP",
        34.3853,
        132.4553,
        1_190_000,
        1862415,
        since=D(2009, 4, 7),
    ),
    _place(
        "bandar_abbas",
        "city",
        "بندرعباس",
        "阿巴斯港",
        "Bandar Abbas",
        "IR",
        27.1832,
        56.2666,
        526_000,
        141681,
        aliases=("Bandar-e Abbas",),
        since=D(2023, 11, 14),
    ),
    _place("manta", "city", "Manta", "曼塔", "Manta", "EC", -0.9677, -80.7089, 271_000, 3654410, since=D(2024, 10, 8)),
    _place(
        "koper",
        "city",
        "Koper",
        "科佩尔",
        "Koper",
        "SI",
        45.5481,
        13.7302,
        25_750,
        3197753,
        aliases=("Capodistria",),
        website="https://www.koper.si/",
        since=D(2025, 10, 21),
    ),
    _place(
        "kielce",
        "city",
        "Kielce",
        "凯尔采",
        "Kielce",
        "PL",
        50.8661,
        20.6286,
        185_000,
        769250,
        website="https://www.kielce.eu/",
        since=D(2024, 4, 9),
    ),
    _place(
        "gosford",
        "city",
        "Gosford",
        "戈斯福德",
        "Gosford",
        "AU",
        -33.4267,
        151.3417,
        346_000,
        aliases=("Central Coast Council",),
        since=D(2024, 8, 20),
        notes="Since 2016 part of the Central Coast Council area (population of the council area).",
    ),
    _place(
        "norfolk",
        "city",
        "Norfolk",
        "诺福克",
        "Norfolk",
        "US",
        36.8508,
        -76.2859,
        238_000,
        4776222,
        parent="virginia",
        since=D(2024, 6, 11),
    ),
    _place(
        "bonghwa",
        "county",
        "봉화군",
        "奉化郡",
        "Bonghwa County",
        "KR",
        36.8932,
        128.7325,
        30_500,
        aliases=("Bonghwa", "Bonghwa-gun"),
        since=D(2024, 3, 19),
    ),
    _place(
        "gwacheon",
        "city",
        "과천시",
        "果川",
        "Gwacheon",
        "KR",
        37.4292,
        126.9876,
        80_000,
        aliases=("Gwacheon City",),
        since=D(2007, 5, 14),
    ),
    _place(
        "knowsley",
        "district",
        "Knowsley",
        "诺斯利",
        "Metropolitan Borough of Knowsley",
        "GB",
        53.4546,
        -2.8529,
        155_000,
        aliases=("Knowsley Council",),
        since=D(2010, 2, 2),
    ),
    _place(
        "bundaberg",
        "city",
        "Bundaberg",
        "班达伯格",
        "Bundaberg",
        "AU",
        -24.8661,
        152.3489,
        73_700,
        2173323,
        since=D(2008, 9, 9),
    ),
    _place("uki", "city", "宇城市", "宇城", "Uki", "JP", 32.6473, 130.6846, 58_000, 11612554, since=D(2014, 6, 3)),
    _place(
        "khon_kaen",
        "city",
        "ขอนแก่น",
        "孔敬",
        "Khon Kaen",
        "TH",
        16.4322,
        102.8236,
        114_000,
        1609776,
        since=D(2015, 1, 13),
    ),
    _place(
        "haiphong",
        "city",
        "Hải Phòng",
        "海防",
        "Haiphong",
        "VN",
        20.8449,
        106.6881,
        2_100_000,
        1581298,
        aliases=("Hai Phong",),
        since=D(2024, 3, 5),
    ),
    _place(
        "bogor",
        "city",
        "Bogor",
        "茂物",
        "Bogor",
        "ID",
        -6.5971,
        106.8060,
        1_127_000,
        1648473,
        aliases=("Kota Bogor", "Buitenzorg"),
        since=D(2025, 4, 15),
    ),
    _place(
        "la_county",
        "county",
        "Los Angeles County",
        "洛杉矶郡",
        "Los Angeles County",
        "US",
        34.0522,
        -118.2437,
        9_663_000,
        aliases=("County of Los Angeles", "LA County"),
        since=D(2026, 3, 10),
    ),
    _place(
        "bourgoin",
        "city",
        "Bourgoin-Jallieu",
        "布尔昆·雅里昂",
        "Bourgoin-Jallieu",
        "FR",
        45.5861,
        5.2736,
        29_000,
        since=D(1993, 5, 4),
    ),
    _place("dubbo", "city", "Dubbo", "达博", "Dubbo", "AU", -32.2569, 148.6011, 43_500, 2168305, since=D(1997, 8, 12)),
    _place(
        "chiba",
        "city",
        "千葉市",
        "千叶",
        "Chiba",
        "JP",
        35.6073,
        140.1063,
        980_000,
        2113015,
        aliases=("Chiba City",),
        since=D(2010, 9, 7),
    ),
    _place(
        "hwaseong",
        "city",
        "화성시",
        "华城",
        "Hwaseong",
        "KR",
        37.1995,
        126.8312,
        950_000,
        1843847,
        aliases=("Hwaseong-si",),
        since=D(2002, 9, 3),
    ),
    _place(
        "mogale",
        "city",
        "Mogale City",
        "莫哈林",
        "Mogale City",
        "ZA",
        -26.0858,
        27.7752,
        384_000,
        aliases=("Krugersdorp",),
        since=D(2011, 8, 16),
    ),
    _place(
        "uchinada",
        "city",
        "内灘町",
        "内滩町",
        "Uchinada",
        "JP",
        36.6536,
        136.6453,
        26_000,
        1856472,
        aliases=("Uchinada Town",),
        since=D(2000, 7, 4),
    ),
    _place(
        "marlboro",
        "city",
        "Marlboro",
        "马伯洛",
        "Marlboro Township",
        "US",
        40.3154,
        -74.2463,
        41_000,
        5100886,
        aliases=("Marlboro, New Jersey", "Marlboro NJ"),
        since=D(2023, 8, 15),
        notes="Monmouth County, New Jersey; about an hour from New York and Philadelphia.",
    ),
    _place(
        "chungbuk",
        "province",
        "충청북도",
        "忠清北道",
        "Chungcheongbuk-do",
        "KR",
        36.6357,
        127.4917,
        1_591_000,
        aliases=("North Chungcheong Province", "Chungbuk"),
        since=D(2009, 5, 12),
    ),
    _place(
        "odesa_oblast",
        "province",
        "Одеська область",
        "敖德萨州",
        "Odesa Oblast",
        "UA",
        46.4846,
        30.7326,
        2_351_000,
        aliases=("Odessa Oblast", "奥德萨大区"),
        since=D(2025, 6, 3),
    ),
    _place(
        "virginia",
        "province",
        "Virginia",
        "弗吉尼亚州",
        "Commonwealth of Virginia",
        "US",
        37.5407,
        -77.4360,
        8_716_000,
        aliases=("State of Virginia",),
        since=D(2013, 9, 10),
    ),
    _place(
        "kuyavia",
        "province",
        "Województwo kujawsko-pomorskie",
        "库亚维-滨海省",
        "Kuyavian-Pomeranian Voivodeship",
        "PL",
        53.0138,
        18.5984,
        2_027_000,
        since=D(2019, 10, 8),
    ),
    _place(
        "hormozgan",
        "province",
        "استان هرمزگان",
        "霍尔木兹甘省",
        "Hormozgan Province",
        "IR",
        27.1832,
        56.2666,
        1_777_000,
        since=D(2023, 11, 14),
    ),
    _place(
        "eastern_cape",
        "province",
        "Eastern Cape",
        "东开普省",
        "Eastern Cape",
        "ZA",
        -32.2968,
        26.4194,
        6_676_000,
        since=D(2025, 9, 2),
    ),
]

# Consulates-general in Shanghai (their consular district covers Zhejiang): ISO code, English and Chinese names.
CONSULATE_COUNTRIES = {
    "KR": ("the Republic of Korea", "大韩民国", "Korea", "韩国"),
    "SG": ("the Republic of Singapore", "新加坡共和国", "Singapore", "新加坡"),
    "AU": ("Australia", "澳大利亚", "Australia", "澳大利亚"),
    "CA": ("Canada", "加拿大", "Canada", "加拿大"),
    "JP": ("Japan", "日本国", "Japan", "日本"),
    "DE": ("the Federal Republic of Germany", "德意志联邦共和国", "Germany", "德国"),
    "US": ("the United States of America", "美利坚合众国", "the United States", "美国"),
    "PK": ("the Islamic Republic of Pakistan", "巴基斯坦伊斯兰共和国", "Pakistan", "巴基斯坦"),
    "FR": ("France", "法兰西共和国", "France", "法国"),
    "GB": ("the United Kingdom", "大不列颠及北爱尔兰联合王国", "the United Kingdom", "英国"),
    "IT": ("Italy", "意大利共和国", "Italy", "意大利"),
    "ES": ("Spain", "西班牙王国", "Spain", "西班牙"),
    "NL": ("the Netherlands", "荷兰王国", "the Netherlands", "荷兰"),
    "BE": ("Belgium", "比利时王国", "Belgium", "比利时"),
    "PL": ("the Republic of Poland", "波兰共和国", "Poland", "波兰"),
    "CZ": ("the Czech Republic", "捷克共和国", "the Czech Republic", "捷克"),
    "HU": ("Hungary", "匈牙利", "Hungary", "匈牙利"),
    "AT": ("the Republic of Austria", "奥地利共和国", "Austria", "奥地利"),
    "CH": ("Switzerland", "瑞士联邦", "Switzerland", "瑞士"),
    "SE": ("Sweden", "瑞典王国", "Sweden", "瑞典"),
    "DK": ("Denmark", "丹麦王国", "Denmark", "丹麦"),
    "NO": ("Norway", "挪威王国", "Norway", "挪威"),
    "FI": ("Finland", "芬兰共和国", "Finland", "芬兰"),
    "IE": ("Ireland", "爱尔兰", "Ireland", "爱尔兰"),
    "NZ": ("New Zealand", "新西兰", "New Zealand", "新西兰"),
    "TH": ("the Kingdom of Thailand", "泰王国", "Thailand", "泰国"),
    "VN": ("the Socialist Republic of Viet Nam", "越南社会主义共和国", "Viet Nam", "越南"),
    "MY": ("Malaysia", "马来西亚", "Malaysia", "马来西亚"),
    "ID": ("the Republic of Indonesia", "印度尼西亚共和国", "Indonesia", "印度尼西亚"),
    "PH": ("the Republic of the Philippines", "菲律宾共和国", "the Philippines", "菲律宾"),
    "IN": ("the Republic of India", "印度共和国", "India", "印度"),
    "RU": ("the Russian Federation", "俄罗斯联邦", "Russia", "俄罗斯"),
    "BR": ("the Federative Republic of Brazil", "巴西联邦共和国", "Brazil", "巴西"),
    "MX": ("the United Mexican States", "墨西哥合众国", "Mexico", "墨西哥"),
    "AR": ("the Argentine Republic", "阿根廷共和国", "Argentina", "阿根廷"),
    "CL": ("the Republic of Chile", "智利共和国", "Chile", "智利"),
    "IL": ("the State of Israel", "以色列国", "Israel", "以色列"),
    "TR": ("the Republic of Türkiye", "土耳其共和国", "Türkiye", "土耳其"),
    "EG": ("the Arab Republic of Egypt", "阿拉伯埃及共和国", "Egypt", "埃及"),
    "ZA": ("the Republic of South Africa", "南非共和国", "South Africa", "南非"),
    "IR": ("the Islamic Republic of Iran", "伊朗伊斯兰共和国", "Iran", "伊朗"),
    "GR": ("the Hellenic Republic", "希腊共和国", "Greece", "希腊"),
    "PT": ("the Portuguese Republic", "葡萄牙共和国", "Portugal", "葡萄牙"),
    "UA": ("Ukraine", "乌克兰", "Ukraine", "乌克兰"),
    "KZ": ("the Republic of Kazakhstan", "哈萨克斯坦共和国", "Kazakhstan", "哈萨克斯坦"),
}
CONSULATES = [
    EntitySpec(
        key=f"cg_{code.lower()}",
        kind="consulate",
        name=f"Consulate General of {formal} in Shanghai",
        name_zh=f"{formal_zh}驻上海总领事馆",
        name_en=f"Consulate General of {formal} in Shanghai",
        country=code,
        aliases=(f"{short_zh}驻沪总领馆", f"{short} Consulate General, Shanghai"),
        tags=("shanghai-consular-corps",),
        since=D(2009, 6, 1),
    )
    for code, (formal, formal_zh, short, short_zh) in CONSULATE_COUNTRIES.items()
]
EMBASSIES = [
    EntitySpec(
        key="emb_si",
        kind="embassy",
        name="Embassy of the Republic of Slovenia in China",
        name_zh="斯洛文尼亚共和国驻华大使馆",
        name_en="Embassy of the Republic of Slovenia in China",
        country="SI",
        since=D(2025, 3, 4),
    ),
    EntitySpec(
        key="emb_ec",
        kind="embassy",
        name="Embassy of the Republic of Ecuador in China",
        name_zh="厄瓜多尔共和国驻华大使馆",
        name_en="Embassy of the Republic of Ecuador in China",
        country="EC",
        since=D(2024, 9, 24),
    ),
]
FOREIGN_ORGS = [
    # International organisations have no country of their own.
    _org(
        "uclg",
        "organisation",
        "United Cities and Local Governments (UCLG)",
        "世界城市和地方政府组织",
        "",
        aliases=("UCLG", "CGLU"),
        tags=("international-organisation",),
        website="https://www.uclg.org/",
        since=D(2014, 4, 2),
    ),
    _org(
        "metropolis",
        "organisation",
        "Metropolis – World Association of the Major Metropolises",
        "世界大都市协会",
        "",
        aliases=("Metropolis",),
        tags=("international-organisation",),
        since=D(2017, 3, 7),
    ),
    _org(
        "wego",
        "organisation",
        "WeGO – World Smart Sustainable Cities Organization",
        "世界智慧可持续城市组织",
        "",
        aliases=("WeGO",),
        tags=("international-organisation",),
        since=D(2026, 4, 15),
    ),
    _org(
        "undp",
        "organisation",
        "United Nations Development Programme (UNDP)",
        "联合国开发计划署",
        "",
        aliases=("UNDP", "UNDP China"),
        tags=("international-organisation",),
        since=D(2024, 11, 20),
    ),
    _org(
        "aivp",
        "organisation",
        "International Association of Cities and Ports (AIVP)",
        "国际港口城市协会",
        "",
        aliases=("AIVP",),
        tags=("international-organisation",),
        since=D(2016, 5, 10),
    ),
    _org(
        "nagaokakyo_jcfa",
        "organisation",
        "Nagaokakyo Japan–China Friendship Association",
        "长冈京市日中友好协会",
        "JP",
        parent="nagaokakyo",
        local="長岡京市日中友好協会",
        tags=("friendship-association",),
        since=D(1996, 4, 10),
    ),
    _org(
        "kcfa",
        "organisation",
        "Korea–China Friendship Association",
        "韩中友好协会",
        "KR",
        local="한중우호협회",
        tags=("friendship-association",),
        since=D(2012, 3, 6),
    ),
    _org(
        "austria_fa",
        "organisation",
        "Austrian-Chinese Friendship Society",
        "奥中友好协会",
        "AT",
        local="Österreichisch-Chinesische Gesellschaft",
        tags=("friendship-association",),
        since=D(2015, 5, 5),
    ),
    _org(
        "poland_fa",
        "organisation",
        "Polish-Chinese Friendship Society",
        "波中友好协会",
        "PL",
        local="Towarzystwo Przyjaźni Polsko-Chińskiej",
        tags=("friendship-association",),
        since=D(2016, 9, 6),
    ),
    _org(
        "odesa_chamber",
        "organisation",
        "Odesa Regional Chamber of Commerce and Industry",
        "敖德萨地区工商会",
        "UA",
        parent="odesa_oblast",
        local="Одеська регіональна торгово-промислова палата",
        tags=("chamber-of-commerce",),
        since=D(2025, 6, 3),
    ),
    _org(
        "gb_machinery",
        "organisation",
        "Gyeongbuk Machinery Industry Cooperative",
        "庆北机械工业协会",
        "KR",
        local="경북기계공업협동조합",
        tags=("industry-association",),
        since=D(2025, 5, 13),
    ),
    _org(
        "amcham",
        "organisation",
        "American Chamber of Commerce in Shanghai",
        "上海美国商会",
        "US",
        aliases=("AmCham Shanghai",),
        tags=("chamber-of-commerce",),
        since=D(2012, 1, 10),
    ),
    _org(
        "ahk",
        "organisation",
        "German Chamber of Commerce in China – East China",
        "中国德国商会（华东）",
        "DE",
        aliases=("AHK Shanghai",),
        tags=("chamber-of-commerce",),
        since=D(2012, 1, 10),
    ),
    _org("sg_mot", "organisation", "Ministry of Transport, Singapore", "新加坡交通部", "SG", since=D(2025, 5, 20)),
    _org("sg_csc", "organisation", "Civil Service College Singapore", "新加坡公共服务学院", "SG", since=D(2018, 2, 6)),
    _org(
        "chu_rouen",
        "organisation",
        "Rouen University Hospital",
        "鲁昂大学医院",
        "FR",
        parent="rouen",
        local="CHU de Rouen",
        tags=("hospital",),
        since=D(2019, 3, 5),
    ),
    _org(
        "uk_aachen",
        "organisation",
        "RWTH Aachen University Hospital",
        "亚琛工业大学附属医院",
        "DE",
        parent="aachen",
        local="Uniklinik RWTH Aachen",
        tags=("hospital",),
        since=D(2019, 3, 5),
    ),
    # Firms
    _org(
        "lg_chem", "enterprise", "LG Chem", "LG化学", "KR", local="LG화학", tags=("fortune-500",), since=D(2012, 5, 3)
    ),
    _org(
        "ibm",
        "enterprise",
        "IBM",
        "IBM",
        "US",
        aliases=("International Business Machines",),
        tags=("fortune-500",),
        since=D(2012, 5, 3),
    ),
    _org("cardinal", "enterprise", "Cardinal Health", "康德乐", "US", tags=("fortune-500",), since=D(2013, 4, 9)),
    _org(
        "mgm",
        "enterprise",
        "MGM Resorts International",
        "美高梅国际酒店集团",
        "US",
        aliases=("MGM", "米高梅"),
        tags=("fortune-500",),
        since=D(2013, 4, 9),
    ),
    _org("ingersoll", "enterprise", "Ingersoll Rand", "英格索兰", "US", tags=("fortune-500",), since=D(2011, 7, 5)),
    _org(
        "daegu_bank",
        "enterprise",
        "iM Bank (Daegu Bank)",
        "大邱银行",
        "KR",
        parent="daegu",
        local="iM뱅크",
        aliases=("Daegu Bank", "DGB Daegu Bank", "대구은행"),
        notes="Renamed iM Bank in May 2024.",
        since=D(2024, 11, 12),
    ),
    _org(
        "port_antwerp",
        "enterprise",
        "Port of Antwerp-Bruges",
        "安特卫普-布鲁日港",
        "BE",
        parent="antwerp",
        aliases=("Port of Antwerp", "Port of Zeebrugge"),
        tags=("port",),
        since=D(2012, 6, 12),
    ),
    _org(
        "luka_koper",
        "enterprise",
        "Luka Koper (Port of Koper)",
        "科佩尔港",
        "SI",
        parent="koper",
        local="Luka Koper",
        tags=("port",),
        since=D(2025, 10, 21),
    ),
    # Schools and universities
    _org(
        "keimyung",
        "university",
        "Keimyung University",
        "启明大学",
        "KR",
        parent="daegu",
        local="계명대학교",
        since=D(2015, 3, 10),
    ),
    _org(
        "dflhs",
        "school",
        "Daegu Foreign Language High School",
        "大邱外国语高中",
        "KR",
        parent="daegu",
        local="대구외국어고등학교",
        since=D(2016, 9, 13),
    ),
    _org(
        "rwth",
        "university",
        "RWTH Aachen University",
        "亚琛工业大学",
        "DE",
        parent="aachen",
        local="RWTH Aachen",
        since=D(2018, 11, 6),
    ),
    _org(
        "lycee_rouen", "school", "Lycée Camille Saint-Saëns", "圣-桑高中", "FR", parent="rouen", since=D(2009, 10, 13)
    ),
    _org(
        "otokuni",
        "school",
        "Kyoto Prefectural Otokuni High School",
        "京都府立乙训高中",
        "JP",
        parent="nagaokakyo",
        local="京都府立乙訓高等学校",
        since=D(1998, 10, 6),
    ),
    _org("ags", "school", "Auckland Grammar School", "奥克兰文法学校", "NZ", parent="auckland", since=D(2024, 9, 24)),
    _org(
        "uoa",
        "university",
        "University of Auckland",
        "奥克兰大学",
        "NZ",
        parent="auckland",
        local="Waipapa Taumata Rau",
        since=D(2017, 3, 28),
    ),
    _org(
        "kku",
        "university",
        "Khon Kaen University",
        "孔敬大学",
        "TH",
        parent="khon_kaen",
        local="มหาวิทยาลัยขอนแก่น",
        since=D(2015, 1, 13),
    ),
    _org("oiselet", "school", "Lycée L'Oiselet", "瓦塞莱中学", "FR", parent="bourgoin", since=D(2005, 10, 11)),
    _org("marlboro_hs", "school", "Marlboro High School", "马伯洛高中", "US", parent="marlboro", since=D(2025, 2, 10)),
]
PEOPLE = [
    # Fictional people in real posts (the record keeps who held what, when).
    _person(
        "daegu_mayor",
        "Park Seong-jin",
        "朴成镇",
        "KR",
        "Mayor of Daegu",
        parent="daegu",
        local="박성진",
        since=D(2022, 7, 1),
    ),
    _person(
        "daegu_mayor_old",
        "Lee Dong-hoon",
        "李东勋",
        "KR",
        "Former Mayor of Daegu",
        parent="daegu",
        local="이동훈",
        since=D(2014, 7, 1),
    ),
    _person(
        "nagaokakyo_mayor",
        "Nakamura Kenji",
        "中村健二",
        "JP",
        "Mayor of Nagaokakyo",
        parent="nagaokakyo",
        local="中村健二",
        since=D(2019, 6, 11),
    ),
    _person(
        "aachen_mayor",
        "Claudia Behrens",
        "克劳迪娅·贝伦斯",
        "DE",
        "Lord Mayor of Aachen",
        parent="aachen",
        since=D(2020, 11, 1),
    ),
    _person("rouen_mayor", "Laurent Morel", "洛朗·莫雷尔", "FR", "Mayor of Rouen", parent="rouen", since=D(2020, 7, 4)),
    _person(
        "busan_vmayor",
        "Kim Ha-neul",
        "金夏恩",
        "KR",
        "Vice Mayor for Economic Affairs, Busan",
        parent="busan",
        local="김하늘",
        since=D(2024, 1, 2),
    ),
    _person(
        "marlboro_mayor",
        "Daniel Harper",
        "丹尼尔·哈珀",
        "US",
        "Mayor of Marlboro Township",
        parent="marlboro",
        since=D(2023, 8, 15),
    ),
    _person(
        "helen_shen",
        "Helen Shen",
        "沈慧敏",
        "US",
        "Deputy Mayor of Marlboro Township",
        parent="marlboro",
        aliases=("Shen Huimin",),
        tags=("friend-of-the-city",),
        since=D(2023, 8, 15),
        notes="Marlboro resident born in Cixi; introduced Cixi to Marlboro on a family visit in 2023 and "
        "became the township's deputy mayor in January 2026.",
    ),
    _person(
        "cg_kr_head",
        "Choi Jae-won",
        "崔在源",
        "KR",
        "Consul-General of the Republic of Korea in Shanghai",
        parent="cg_kr",
        local="최재원",
        since=D(2024, 3, 4),
    ),
    _person(
        "cg_jp_head",
        "Sato Hiroshi",
        "佐藤浩",
        "JP",
        "Consul-General of Japan in Shanghai",
        parent="cg_jp",
        local="佐藤浩",
        since=D(2023, 9, 12),
    ),
    _person(
        "cg_de_head",
        "Markus Lehmann",
        "马库斯·莱曼",
        "DE",
        "Consul-General of Germany in Shanghai",
        parent="cg_de",
        since=D(2023, 8, 1),
    ),
    _person(
        "cg_us_head",
        "Jennifer Collins",
        "詹妮弗·柯林斯",
        "US",
        "Consul-General of the United States in Shanghai",
        parent="cg_us",
        since=D(2024, 8, 19),
    ),
    _person(
        "cg_sg_head",
        "Tan Wei Ling",
        "陈慧玲",
        "SG",
        "Consul-General of Singapore in Shanghai",
        parent="cg_sg",
        since=D(2023, 1, 9),
    ),
    _person(
        "cg_pk_head",
        "Ahmed Raza Khan",
        "艾哈迈德·拉扎·汗",
        "PK",
        "Consul-General of Pakistan in Shanghai",
        parent="cg_pk",
        since=D(2022, 10, 3),
    ),
    _person(
        "cg_au_head",
        "Sarah Whitfield",
        "莎拉·惠特菲尔德",
        "AU",
        "Consul-General of Australia in Shanghai",
        parent="cg_au",
        since=D(2024, 2, 5),
    ),
    _person(
        "hoffmann",
        "Klaus Hoffmann",
        "克劳斯·霍夫曼",
        "DE",
        "Honorary Citizen of Ningbo (宁波市荣誉市民)",
        parent="rwth",
        tags=("honorary-citizen",),
        since=D(2018, 11, 6),
        notes="Professor at RWTH Aachen; brought the first Ningbo–Aachen research projects; honorary citizen "
        "since 2019.",
    ),
    _person(
        "yamada",
        "Yamada Keiko",
        "山田惠子",
        "JP",
        "Honorary Citizen of Ningbo (宁波市荣誉市民)",
        parent="nagaokakyo_jcfa",
        local="山田恵子",
        tags=("honorary-citizen",),
        since=D(1996, 4, 10),
        notes="Chair of the Nagaokakyo Japan–China Friendship Association; has led 20 citizens' groups to "
        "Ningbo; honorary citizen since 2012.",
    ),
    _person(
        "lefevre",
        "Jean-Pierre Lefèvre",
        "让-皮埃尔·勒菲弗",
        "FR",
        "Honorary Citizen of Ningbo (宁波市荣誉市民)",
        parent="rouen",
        tags=("honorary-citizen",),
        since=D(2006, 3, 15),
        notes="Former deputy mayor of Rouen for international relations (2008–2020).",
    ),
    _person(
        "lin_guodong",
        "Lin Guodong",
        "林国栋",
        "CN",
        "Director-General, Ningbo Foreign Affairs Office",
        parent="fao",
        domestic=True,
        since=D(2022, 3, 1),
    ),
    _person(
        "chen_hui",
        "Chen Hui",
        "陈慧",
        "CN",
        "Deputy Director-General, Ningbo Foreign Affairs Office",
        parent="fao",
        domestic=True,
        since=D(2019, 8, 12),
    ),
]

ENTITIES: list[EntitySpec] = HOME + DISTRICTS + OUR_UNITS + PLACES + CONSULATES + EMBASSIES + FOREIGN_ORGS + PEOPLE
ENTITY_BY_KEY: dict[str, EntitySpec] = {spec.key: spec for spec in ENTITIES}

CONTACT_POINTS = [
    # entity key, kind, label, value (public addresses of city halls)
    ("daegu", "address", "City Hall", "88 Gongpyeong-ro, Jung-gu, Daegu, Republic of Korea"),
    ("aachen", "address", "Rathaus", "Markt, 52062 Aachen, Germany"),
    ("rouen", "address", "Hôtel de Ville", "Place du Général de Gaulle, 76000 Rouen, France"),
    ("fao", "address", "Office", "宁波市鄞州区宁穿路2001号 Ningbo Administrative Center"),
]

# ---------------------------------------------------------------------------------------------------------------
# Ties
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One lifecycle step to replay through relation_advance (or relation_upgrade for `upgraded`)."""

    status: str
    on: dt.date
    note: str = ""
    document_no: str = ""


@dataclass(frozen=True)
class Approval:
    """One level's decision, replayed through approval_record while the tie is at `applied`."""

    level: str
    outcome: str
    on: dt.date
    note: str = ""
    document_no: str = ""


@dataclass(frozen=True)
class TieSpec:
    key: str
    kind: str
    source: str
    target: str
    steps: tuple  # of Step / Approval; the first is a Step: the status the tie was put on file at
    established_on: dt.date | None = None
    title: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    notes: str = ""
    successor: str = ""  # key of the sister-city tie an `upgraded` step creates


S, A = Step, Approval
C, INT, L, AP, OK, SG = "contact", "intent", "loi_signed", "applied", "approved", "signed"
CITY, PROV, ASSOC, MIN = ApprovalLevel.CITY, ApprovalLevel.PROVINCE, ApprovalLevel.ASSOCIATION, ApprovalLevel.MINISTRY
YES, BACK = ApprovalOutcome.APPROVED, ApprovalOutcome.RETURNED


def _signed(key, kind, source, target, on, note="", **extra) -> TieSpec:
    """A tie entered as signed (an office files decades-old agreements with their date)."""
    steps = (S(SG, on, note or "Agreement signed."),)
    return TieSpec(key=key, kind=kind, source=source, target=target, steps=steps, established_on=on, **extra)


def _full_chain(
    key, kind, source, target, contact, intent, loi, applied, approvals, signed, *, docs=("", ""), note="", **extra
) -> TieSpec:
    """A tie with its whole lifecycle on file: contact → intent → LOI → application → approvals → signed."""
    steps = (
        S(C, contact, "First contact."),
        S(INT, intent, "Preliminary intent reached."),
        S(L, loi, "Letter of intent signed."),
        S(AP, applied, "Application submitted upward.", docs[0]),
        *approvals,
        S(OK, approvals[-1].on, "Approved through the chain.", docs[1]),
        S(SG, signed, note or "Agreement signed."),
    )
    return TieSpec(key=key, kind=kind, source=source, target=target, steps=steps, **extra)


def _approvals(city, province, association, ministry, prefix) -> tuple[Approval, ...]:
    return (
        A(CITY, YES, city, "City government agreed to submit the application.", f"{prefix}〔{city.year}〕1号"),
        A(PROV, YES, province, "Provincial foreign-affairs office approved.", f"浙外〔{province.year}〕"),
        A(ASSOC, YES, association, "CPAFFC agreed.", f"友协〔{association.year}〕"),
        A(MIN, YES, ministry, "Ministry of Foreign Affairs approved.", f"外复〔{ministry.year}〕"),
    )


SC, FX, FD, FS = (
    RelationKind.SISTER_CITY,
    RelationKind.FRIENDLY_EXCHANGE,
    RelationKind.FRIENDLY_DISTRICT,
    RelationKind.FRIENDLY_SCHOOL,
)
FE, FO, COOP, MEM = (
    RelationKind.FRIENDLY_ENTERPRISE,
    RelationKind.FRIENDLY_ORGANISATION,
    RelationKind.COOPERATION,
    RelationKind.MEMBERSHIP,
)
POS, INTRO = RelationKind.POSITION, RelationKind.INTRODUCER

TIES: list[TieSpec] = [
    # --- Ningbo's city-level partners ---------------------------------------------------------------------------
    TieSpec(
        "daegu_fx",
        FX,
        "ningbo",
        "daegu",
        (
            S(C, D(2011, 9, 20), "Daegu's first delegation to Ningbo; both sides agreed to stay in touch."),
            S(INT, D(2012, 6, 14), "Preliminary intent reached during the Ningbo delegation's visit to Daegu."),
            S(L, D(2013, 4, 18), "Letter of intent on friendly exchange signed in Daegu.", "甬外〔2013〕27号"),
            S(
                AP,
                D(2013, 10, 9),
                "Application submitted to the provincial foreign-affairs office.",
                "甬政〔2013〕88号",
            ),
            *_approvals(D(2013, 10, 9), D(2013, 12, 3), D(2014, 2, 20), D(2014, 3, 27), "甬政"),
            S(OK, D(2014, 3, 27), "Approved by the Ministry of Foreign Affairs.", "外复〔2014〕12号"),
            S(SG, DAEGU_FIRST_SIGNED, "Friendly-exchange agreement signed in Ningbo by the two mayors."),
            S(
                "upgraded",
                DAEGU_UPGRADED,
                "Upgraded to sister cities at the 10th anniversary, in Ningbo.",
                "甬外〔2024〕31号",
            ),
        ),
        established_on=DAEGU_FIRST_SIGNED,
        successor="daegu",
    ),
    _signed(
        "nagaokakyo",
        SC,
        "ningbo",
        "nagaokakyo",
        NAGAOKAKYO_SIGNED,
        "Sister-city agreement signed in Nagaokakyo by the two mayors.",
    ),
    _signed("aachen", SC, "ningbo", "aachen", D(2002, 9, 12), "Sister-city agreement signed in Aachen town hall."),
    _signed("rouen", SC, "ningbo", "rouen", D(2007, 10, 22), "Sister-city agreement signed in Rouen."),
    _signed("marrakech", SC, "ningbo", "marrakech", D(2011, 5, 10), "Sister-city agreement signed in Ningbo."),
    _signed("cotonou", SC, "ningbo", "cotonou", D(2008, 2, 26), "Sister-city agreement signed in Cotonou."),
    _signed("suncheon", SC, "ningbo", "suncheon", D(2005, 4, 14), "Sister-city agreement signed in Suncheon."),
    _full_chain(
        "auckland",
        SC,
        "ningbo",
        "auckland",
        D(2015, 9, 1),
        D(2015, 12, 8),
        D(2016, 4, 19),
        D(2016, 7, 5),
        _approvals(D(2016, 7, 5), D(2016, 9, 13), D(2016, 11, 22), D(2017, 1, 17), "甬政"),
        D(2017, 3, 28),
        docs=("甬政〔2016〕51号", "外复〔2017〕3号"),
        note="Sister-city agreement signed in Auckland during the Ningbo mayor's visit.",
    ),
    _signed("antwerp", FX, "ningbo", "antwerp", D(2012, 6, 12), "Friendly-exchange agreement signed in Antwerp."),
    _full_chain(
        "bydgoszcz",
        FX,
        "ningbo",
        "bydgoszcz",
        D(2019, 10, 8),
        D(2020, 6, 16),
        D(2021, 3, 23),
        D(2021, 6, 1),
        _approvals(D(2021, 6, 1), D(2021, 8, 10), D(2021, 11, 2), D(2022, 1, 18), "甬政"),
        D(2022, 4, 26),
        docs=("甬政〔2021〕39号", "外复〔2022〕5号"),
        note="Agreement signed by video link (travel restrictions).",
    ),
    _signed("busan", FX, "ningbo", "busan", D(2016, 11, 2), "Friendly-exchange agreement signed in Busan."),
    _signed("hiroshima", FX, "ningbo", "hiroshima", D(2010, 10, 19)),
    _signed(
        "khon_kaen",
        FX,
        "ningbo",
        "khon_kaen",
        D(2016, 3, 18),
        "Friendly-exchange agreement signed; Chinese-teacher programme agreed.",
    ),
    _signed("chungbuk", FX, "ningbo", "chungbuk", D(2010, 5, 11), "Friendly-exchange agreement with the province."),
    TieSpec(
        "bundaberg",
        FX,
        "ningbo",
        "bundaberg",
        (
            S(SG, D(2009, 8, 18), "Friendly-exchange agreement signed."),
            S("dormant", D(2022, 6, 20), "No exchange since the 2019 student camp; letters unanswered since 2022."),
        ),
        established_on=D(2009, 8, 18),
    ),
    TieSpec(
        "knowsley",
        FX,
        "ningbo",
        "knowsley",
        (
            S(SG, D(2011, 3, 8), "Friendly-exchange agreement signed."),
            S(
                "ended",
                D(2021, 3, 31),
                "Knowsley Council ended its international partnerships after a budget review.",
                "Knowsley Council letter of 2021-03-15",
            ),
        ),
        established_on=D(2011, 3, 8),
        end_date=D(2021, 3, 31),
    ),
    TieSpec(
        "bandar_abbas",
        FX,
        "ningbo",
        "bandar_abbas",
        (
            S(C, D(2023, 11, 14), "Contact through the Iranian consulate-general in Shanghai."),
            S(INT, D(2024, 9, 18), "Preliminary intent reached during the Hormozgan deputy governor's visit."),
            S(
                L,
                D(2025, 5, 14),
                "Letter of intent on friendly exchange signed in Ningbo during the Hormozgan governor's visit.",
                "甬外〔2025〕19号",
            ),
        ),
    ),
    TieSpec(
        "manta",
        SC,
        "ningbo",
        "manta",
        (
            S(C, D(2024, 10, 8), "Introduced by the Ambassador of Ecuador."),
            S(INT, D(2025, 7, 30), "Preliminary intent to establish sister-city ties reached by video link."),
        ),
    ),
    TieSpec(
        "koper",
        FX,
        "ningbo",
        "koper",
        (S(C, D(2025, 10, 22), "First exchange of letters with the Municipality of Koper (port-city cooperation)."),),
    ),
    TieSpec(
        "haiphong",
        FX,
        "ningbo",
        "haiphong",
        (
            S(C, D(2024, 3, 5), "Contact at the Viet Nam consulate-general's port seminar."),
            S(INT, D(2024, 11, 12), "Preliminary intent during the Ningbo delegation's visit to Haiphong."),
            S(L, D(2025, 5, 6), "Letter of intent signed.", "甬外〔2025〕16号"),
            S(AP, D(2025, 9, 2), "Application submitted.", "甬政〔2025〕61号"),
            A(CITY, YES, D(2025, 9, 2), "City government agreed to submit.", "甬政〔2025〕61号"),
            A(
                PROV,
                BACK,
                D(2025, 11, 18),
                "Returned: the Vietnamese side's formal confirmation letter is missing.",
                "浙外〔2025〕204号",
            ),
            S(INT, D(2026, 1, 20), "Back at intent; waiting for Haiphong People's Committee's letter."),
            S(
                L,
                D(2026, 4, 7),
                "Letter of intent re-signed with the People's Committee's confirmation.",
                "甬外〔2026〕11号",
            ),
            S(AP, D(2026, 6, 9), "Application resubmitted.", "甬政〔2026〕37号"),
            A(CITY, YES, D(2026, 6, 9), "City government agreed to submit.", "甬政〔2026〕37号"),
            A(
                PROV,
                YES,
                D(2026, 9, 15),
                "Provincial foreign-affairs office approved; forwarded to CPAFFC.",
                "浙外〔2026〕158号",
            ),
        ),
    ),
    TieSpec(
        "bogor",
        FX,
        "ningbo",
        "bogor",
        (
            S(C, D(2025, 4, 15), "Contact through the Indonesian consulate-general in Shanghai."),
            S(INT, D(2026, 9, 9), "Preliminary intent reached during the Mayor of Bogor's visit."),
        ),
    ),
    TieSpec(
        "la_county",
        FX,
        "ningbo",
        "la_county",
        (S(C, D(2026, 3, 10), "Video meeting with the county's international trade office."),),
    ),
    _signed(
        "virginia",
        COOP,
        "ningbo",
        "virginia",
        D(2014, 9, 16),
        "Memorandum of understanding on trade and tourism cooperation.",
    ),
    TieSpec(
        "undp",
        COOP,
        "ningbo",
        "undp",
        (
            S(C, D(2024, 11, 20), "First consultation with UNDP China."),
            S(
                INT,
                D(2025, 6, 24),
                "Agreed to prepare an MoU on marine economy, low-carbon city and rural environment.",
            ),
        ),
    ),
    TieSpec(
        "uclg",
        MEM,
        "ningbo",
        "uclg",
        (
            S(C, D(2014, 4, 2), "Contact at the UCLG Asia-Pacific congress."),
            S(INT, D(2024, 12, 10), "City government decided to apply for membership."),
            S(L, D(2025, 2, 18), "Letter of application sent."),
            S(AP, D(2025, 3, 4), "Membership application submitted for approval.", "甬外〔2025〕8号"),
            A(PROV, YES, D(2025, 4, 15), "Provincial foreign-affairs office approved.", "浙外〔2025〕61号"),
            S(OK, D(2025, 4, 15), "Approved."),
            S(SG, D(2025, 6, 10), "Ningbo admitted as a member of UCLG."),
        ),
    ),
    _signed("metropolis", MEM, "ningbo", "metropolis", D(2018, 5, 8), "Ningbo admitted as a member."),
    TieSpec(
        "wego",
        MEM,
        "ningbo",
        "wego",
        (S(C, D(2026, 4, 15), "First contact with WeGO's secretariat at the Smart City Expo."),),
    ),
    _signed("aivp", MEM, "ningbo", "aivp", D(2016, 5, 10), "Ningbo admitted as a member."),
    # --- districts and counties (结好重心下移) ---------------------------------------------------------------------
    _signed("yuyao_bourgoin", SC, "yuyao", "bourgoin", D(1993, 10, 18), "Sister-city agreement signed."),
    _signed("yuyao_dubbo", SC, "yuyao", "dubbo", D(1998, 7, 2), "Sister-city agreement signed."),
    _signed("yuyao_uchinada", SC, "yuyao", "uchinada", D(2001, 10, 10), "Sister-city agreement signed."),
    _signed("cixi_hwaseong", SC, "cixi", "hwaseong", D(2003, 5, 26), "Sister-city agreement signed."),
    _full_chain(
        "cixi_kielce",
        FX,
        "cixi",
        "kielce",
        D(2024, 4, 9),
        D(2024, 7, 2),
        D(2024, 10, 15),
        D(2025, 1, 7),
        _approvals(D(2025, 1, 7), D(2025, 3, 11), D(2025, 5, 20), D(2025, 6, 10), "慈政"),
        D(2025, 7, 8),
        docs=("慈政〔2025〕2号", "外复〔2025〕22号"),
        note="Friendly-exchange agreement signed during the Mayor of Kielce's visit.",
    ),
    TieSpec(
        "marlboro",
        SC,
        "cixi",
        "marlboro",
        (
            S(C, D(2023, 8, 15), "Introduced by Ms Helen Shen, a Marlboro resident born in Cixi, on a family visit."),
            S(INT, D(2024, 10, 22), "Mayor of Marlboro's delegation visited Cixi; both sides agreed to sign in 2026."),
            S(L, D(2025, 4, 16), "Letter of intent signed; secondary-school exchange agreed.", "慈外〔2025〕9号"),
            S(
                AP,
                D(2026, 2, 24),
                "Cixi's application to establish sister-city ties submitted upward.",
                "慈政〔2026〕14号",
            ),
            A(CITY, YES, D(2026, 3, 6), "Ningbo municipal government agreed and forwarded.", "甬政〔2026〕18号"),
            A(PROV, YES, D(2026, 4, 17), "Provincial foreign-affairs office approved.", "浙外〔2026〕72号"),
            A(
                ASSOC,
                YES,
                D(2026, 5, 26),
                "CPAFFC agreed and consulted the Ministry of Foreign Affairs.",
                "友协〔2026〕27号",
            ),
            A(MIN, YES, D(2026, 6, 18), "Ministry of Foreign Affairs approved.", "外复〔2026〕31号"),
            S(
                OK,
                D(2026, 6, 30),
                "CPAFFC's reply received: approved through the chain; signing planned in Marlboro in December.",
                "友协复〔2026〕44号",
            ),
        ),
    ),
    _signed("yinzhou_chiba", FX, "yinzhou", "chiba", D(2011, 6, 3), "Friendly-exchange agreement signed."),
    _signed("zhenhai_mogale", FD, "zhenhai", "mogale", D(2012, 8, 21), "Friendly-exchange agreement signed."),
    _signed("xiangshan_uki", FD, "xiangshan", "uki", D(2015, 11, 10), "Friendly-exchange agreement signed."),
    _signed("jiangbei_gwacheon", FD, "jiangbei", "gwacheon", D(2008, 9, 23), "Friendly-exchange agreement signed."),
    TieSpec(
        "beilun_norfolk",
        FD,
        "beilun",
        "norfolk",
        (
            S(C, D(2024, 6, 11), "Contact through the Virginia MoU: both are container-port districts."),
            S(INT, D(2025, 2, 25), "Preliminary intent."),
            S(L, D(2025, 10, 14), "Letter of intent on friendly exchange signed.", "仑外〔2025〕6号"),
        ),
    ),
    TieSpec(
        "ninghai_gosford",
        FD,
        "ninghai",
        "gosford",
        (
            S(C, D(2024, 8, 20), "Contact through the Australian consulate-general."),
            S(INT, D(2025, 3, 18), "Preliminary intent."),
            S(L, D(2025, 8, 12), "Letter of intent signed.", "宁外〔2025〕3号"),
        ),
    ),
    TieSpec(
        "fenghua_bonghwa",
        FD,
        "fenghua",
        "bonghwa",
        (
            S(C, D(2024, 3, 19), "Contact: the two places share the name 奉化."),
            S(INT, D(2024, 9, 10), "Preliminary intent."),
            S(L, D(2025, 3, 11), "Letter of intent signed.", "奉外〔2025〕2号"),
            S(AP, D(2025, 5, 6), "Application submitted to the city.", "奉政〔2025〕19号"),
            A(CITY, YES, D(2025, 5, 20), "Ningbo municipal government approved.", "甬外〔2025〕17号"),
            A(PROV, YES, D(2025, 8, 19), "Provincial foreign-affairs office approved.", "浙外〔2025〕131号"),
            S(OK, D(2025, 8, 19), "Approved."),
            S(SG, D(2025, 11, 4), "Friendly-exchange agreement signed during the county governor's visit."),
        ),
        established_on=D(2025, 11, 4),
    ),
    # --- schools, firms, associations, hospitals (友城内涵延伸) ----------------------------------------------------
    _signed("nbu_keimyung", FS, "nbu", "keimyung", D(2015, 3, 10), "Exchange agreement signed."),
    _signed("nfls_dflhs", FS, "nfls", "dflhs", D(2017, 4, 11), "Friendly-school agreement signed."),
    _signed("nbu_rwth", COOP, "nbu", "rwth", D(2019, 4, 2), "Research and doctoral exchange agreement."),
    _signed("nbms_lycee", FS, "nbms", "lycee_rouen", D(2010, 5, 18), "Friendly-school agreement signed."),
    _signed("zhenhai_otokuni", FS, "zhenhai_hs", "otokuni", D(1999, 10, 12), "Friendly-school agreement signed."),
    _signed(
        "xiaoshi_ags",
        FS,
        "xiaoshi",
        "ags",
        D(2025, 4, 23),
        "One of the 12 school pairs signed at the Ningbo–Auckland education forum.",
    ),
    _signed("yuyao_oiselet", FS, "yuyao_ms", "oiselet", D(2006, 11, 7), "Friendly-school agreement signed."),
    _signed("nbufe_kku", COOP, "nbufe", "kku", D(2016, 3, 18), "Chinese-teacher programme agreement."),
    TieSpec(
        "cixi_marlboro_hs",
        FS,
        "cixi_hs",
        "marlboro_hs",
        (
            S(C, D(2025, 2, 10), "Marlboro High School proposed a student exchange."),
            S(INT, D(2026, 4, 21), "Both schools agreed to sign when the two cities sign."),
        ),
    ),
    _signed("bon_daegu_bank", FE, "bon", "daegu_bank", D(2025, 6, 17), "Friendship and cooperation agreement."),
    _signed("port_antwerp", COOP, "nzport", "port_antwerp", D(2013, 11, 19), "Port cooperation agreement."),
    TieSpec(
        "port_koper",
        COOP,
        "nzport",
        "luka_koper",
        (S(C, D(2025, 10, 21), "Luka Koper's delegation visited Chuanshan port area."),),
    ),
    _signed("fic_odesa", FO, "fic", "odesa_chamber", D(2025, 9, 26), "Friendship agreement signed."),
    _signed("autoparts_gb", FO, "autoparts", "gb_machinery", D(2025, 11, 25), "Friendship agreement signed."),
    _signed("paffc_jcfa", FO, "paffc", "nagaokakyo_jcfa", D(1998, 4, 21), "Friendship agreement signed."),
    _signed("nb2h_uk_aachen", COOP, "nb2h", "uk_aachen", D(2025, 9, 10), "Clinical training agreement."),
    _signed("lihuili_chu", COOP, "lihuili", "chu_rouen", D(2019, 3, 5), "Medical cooperation agreement."),
    # --- people: posts held and the friend who introduced a tie ----------------------------------------------------
    _signed(
        "pos_daegu_mayor",
        POS,
        "daegu_mayor",
        "daegu",
        D(2022, 7, 1),
        "Took office.",
        title="Mayor",
        start_date=D(2022, 7, 1),
    ),
    TieSpec(
        "pos_daegu_mayor_old",
        POS,
        "daegu_mayor_old",
        "daegu",
        (
            S(SG, D(2014, 7, 1), "Took office."),
            S("ended", D(2022, 6, 30), "Left office at the end of the term."),
        ),
        established_on=D(2014, 7, 1),
        title="Mayor",
        start_date=D(2014, 7, 1),
        end_date=D(2022, 6, 30),
    ),
    _signed(
        "pos_nagaokakyo_mayor",
        POS,
        "nagaokakyo_mayor",
        "nagaokakyo",
        D(2019, 6, 11),
        "Took office.",
        title="Mayor",
        start_date=D(2019, 6, 11),
    ),
    _signed(
        "pos_aachen_mayor",
        POS,
        "aachen_mayor",
        "aachen",
        D(2020, 11, 1),
        "Took office.",
        title="Lord Mayor (Oberbürgermeisterin)",
        start_date=D(2020, 11, 1),
    ),
    _signed(
        "pos_rouen_mayor",
        POS,
        "rouen_mayor",
        "rouen",
        D(2020, 7, 4),
        "Took office.",
        title="Mayor",
        start_date=D(2020, 7, 4),
    ),
    _signed(
        "pos_busan_vmayor",
        POS,
        "busan_vmayor",
        "busan",
        D(2024, 1, 2),
        "Took office.",
        title="Vice Mayor for Economic Affairs",
        start_date=D(2024, 1, 2),
    ),
    _signed(
        "pos_marlboro_mayor",
        POS,
        "marlboro_mayor",
        "marlboro",
        D(2016, 1, 1),
        "Took office.",
        title="Mayor",
        start_date=D(2016, 1, 1),
    ),
    _signed(
        "pos_helen_shen",
        POS,
        "helen_shen",
        "marlboro",
        D(2026, 1, 1),
        "Sworn in as deputy mayor.",
        title="Deputy Mayor",
        start_date=D(2026, 1, 1),
    ),
    _signed(
        "intro_helen_shen",
        INTRO,
        "helen_shen",
        "marlboro",
        D(2023, 8, 15),
        "Introduced Cixi to Marlboro; presented Cixi to the mayor and the township council.",
        start_date=D(2023, 8, 15),
        notes="Brokered the Cixi–Marlboro sister-city tie.",
    ),
    _signed(
        "pos_cg_kr",
        POS,
        "cg_kr_head",
        "cg_kr",
        D(2024, 3, 4),
        "Took up the post.",
        title="Consul-General",
        start_date=D(2024, 3, 4),
    ),
    _signed(
        "pos_cg_jp",
        POS,
        "cg_jp_head",
        "cg_jp",
        D(2023, 9, 12),
        "Took up the post.",
        title="Consul-General",
        start_date=D(2023, 9, 12),
    ),
    _signed(
        "pos_cg_de",
        POS,
        "cg_de_head",
        "cg_de",
        D(2023, 8, 1),
        "Took up the post.",
        title="Consul-General",
        start_date=D(2023, 8, 1),
    ),
    _signed(
        "pos_cg_us",
        POS,
        "cg_us_head",
        "cg_us",
        D(2024, 8, 19),
        "Took up the post.",
        title="Consul-General",
        start_date=D(2024, 8, 19),
    ),
    _signed(
        "pos_cg_sg",
        POS,
        "cg_sg_head",
        "cg_sg",
        D(2023, 1, 9),
        "Took up the post.",
        title="Consul-General",
        start_date=D(2023, 1, 9),
    ),
    _signed(
        "pos_cg_pk",
        POS,
        "cg_pk_head",
        "cg_pk",
        D(2022, 10, 3),
        "Took up the post.",
        title="Consul-General",
        start_date=D(2022, 10, 3),
    ),
    _signed(
        "pos_cg_au",
        POS,
        "cg_au_head",
        "cg_au",
        D(2024, 2, 5),
        "Took up the post.",
        title="Consul-General",
        start_date=D(2024, 2, 5),
    ),
    _signed(
        "pos_hoffmann",
        POS,
        "hoffmann",
        "rwth",
        D(2005, 4, 1),
        "Appointed professor.",
        title="Professor",
        start_date=D(2005, 4, 1),
    ),
    _signed(
        "pos_yamada",
        POS,
        "yamada",
        "nagaokakyo_jcfa",
        D(2004, 5, 15),
        "Elected chair.",
        title="Chair",
        start_date=D(2004, 5, 15),
    ),
    TieSpec(
        "pos_lefevre",
        POS,
        "lefevre",
        "rouen",
        (
            S(SG, D(2008, 3, 21), "Took office."),
            S("ended", D(2020, 7, 4), "Left office at the end of the term."),
        ),
        established_on=D(2008, 3, 21),
        title="Deputy Mayor for International Relations",
        start_date=D(2008, 3, 21),
        end_date=D(2020, 7, 4),
    ),
    _signed(
        "pos_lin",
        POS,
        "lin_guodong",
        "fao",
        D(2022, 3, 1),
        "Appointed.",
        title="Director-General",
        start_date=D(2022, 3, 1),
    ),
    _signed(
        "pos_chen",
        POS,
        "chen_hui",
        "fao",
        D(2019, 8, 12),
        "Appointed.",
        title="Deputy Director-General",
        start_date=D(2019, 8, 12),
    ),
]

# Approvals of the Daegu upgrade, recorded on the new sister-city tie (it is created signed, by the upgrade).
DAEGU_UPGRADE_APPROVALS = _approvals(D(2024, 1, 16), D(2024, 2, 27), D(2024, 4, 2), D(2024, 4, 12), "甬政")

# ---------------------------------------------------------------------------------------------------------------
# Events
# ---------------------------------------------------------------------------------------------------------------

HELD, PLANNED, CANCELLED = EventStatus.HELD, EventStatus.PLANNED, EventStatus.CANCELLED
MINI, VMP, PREF = EventLevel.MINISTERIAL, EventLevel.VICE_MAYOR_PLUS, EventLevel.PREFECTURE
AMB, CGL, CONS = EventLevel.AMBASSADOR, EventLevel.CONSUL_GENERAL, EventLevel.CONSULAR
EXEC, OTHER = EventLevel.EXECUTIVE, EventLevel.OTHER
IN, OUT = EventKind.VISIT_IN, EventKind.VISIT_OUT
HOST, GUEST, DELEG = ParticipantRole.HOST, ParticipantRole.GUEST, ParticipantRole.DELEGATION
ORG, PARTNER = ParticipantRole.ORGANISER, ParticipantRole.PARTNER


@dataclass(frozen=True)
class EventSpec:
    kind: str
    title: str
    start: dt.date
    end: dt.date | None = None
    location: str = ""
    level: str = ""
    participants: tuple[tuple[str, str, int], ...] = ()  # (entity key, role, headcount)
    ties: tuple[str, ...] | None = None  # tie keys; None: the partners' ties in force on the date
    outcome: str = ""
    notes: str = ""
    status: str = HELD
    headcount: int | None = None  # person-times given (attendance of a forum); None: the participants' sum
    category: str = ""  # which DEMO_FIGURES line a visit counts in (documentation and the self-check)

    @property
    def person_times(self) -> int:
        return self.headcount if self.headcount is not None else sum(n for _k, _r, n in self.participants)


def _end(start: dt.date, days: int) -> dt.date:
    return start + dt.timedelta(days=max(days, 1) - 1)


def vin(
    start,
    days,
    title,
    guests,
    *,
    level,
    host="ningbo",
    location="Ningbo",
    ties=None,
    outcome="",
    status=HELD,
    category="",
) -> EventSpec:
    """An inbound delegation (来访): the guests' headcounts are its person-times; the host counts none."""
    parts = tuple((key, GUEST, n) for key, n in guests) + ((host, HOST, 0),)
    return EventSpec(
        IN,
        title,
        start,
        _end(start, days),
        location,
        level,
        parts,
        ties,
        outcome,
        status=status,
        category=category or level,
    )


def vout(start, days, title, ours, hosts, *, level, location, ties=None, outcome="", status=HELD) -> EventSpec:
    """An outbound delegation (出访): our delegation's headcount is its person-times."""
    parts = tuple((key, DELEG, n) for key, n in ours) + tuple((key, HOST, 0) for key in hosts)
    return EventSpec(
        OUT, title, start, _end(start, days), location, level, parts, ties, outcome, status=status, category="visit_out"
    )


def ev(
    kind, start, days, title, parts, *, location="Ningbo", level="", ties=None, outcome="", headcount=None, status=HELD
) -> EventSpec:
    return EventSpec(
        kind,
        title,
        start,
        _end(start, days),
        location,
        level,
        tuple(parts),
        ties,
        outcome,
        status=status,
        headcount=headcount,
    )


# The record before the compared years: signings, round anniversaries and a rich history with Daegu.
HISTORY = [
    ev(
        EventKind.SIGNING,
        NAGAOKAKYO_SIGNED,
        1,
        "Ningbo and Nagaokakyo sign the sister-city agreement / 宁波市与长冈京市签署缔结友好城市协议书",
        [("ningbo", DELEG, 8), ("nagaokakyo", HOST, 0)],
        location="Nagaokakyo City Hall",
    ),
    ev(
        EventKind.SIGNING,
        D(2002, 9, 12),
        1,
        "Ningbo and Aachen sign the sister-city agreement / 宁波市与亚琛市签署缔结友好城市协议书",
        [("ningbo", DELEG, 7), ("aachen", HOST, 0)],
        location="Aachen Town Hall",
    ),
    ev(
        EventKind.SIGNING,
        D(2007, 10, 22),
        1,
        "Ningbo and Rouen sign the sister-city agreement / 宁波市与鲁昂市签署缔结友好城市协议书",
        [("ningbo", DELEG, 6), ("rouen", HOST, 0)],
        location="Rouen",
    ),
    ev(
        EventKind.SIGNING,
        D(2008, 2, 26),
        1,
        "Ningbo and Cotonou sign the sister-city agreement / 宁波市与科托努市签署缔结友好城市协议书",
        [("ningbo", DELEG, 5), ("cotonou", HOST, 0)],
        location="Cotonou",
    ),
    ev(
        EventKind.SIGNING,
        D(2016, 11, 2),
        1,
        "Ningbo and Busan sign the friendly-exchange agreement / 宁波市与釜山市签署友好交流城市协议书",
        [("ningbo", DELEG, 6), ("busan", HOST, 0)],
        location="Busan City Hall",
    ),
    ev(
        EventKind.SIGNING,
        D(2017, 3, 28),
        1,
        "Ningbo and Auckland sign the sister-city agreement / 宁波市与奥克兰市签署缔结友好城市协议书",
        [("ningbo", DELEG, 7), ("auckland", HOST, 0)],
        location="Auckland",
    ),
    ev(
        EventKind.SIGNING,
        D(2022, 4, 26),
        1,
        "Ningbo and Bydgoszcz sign the friendly-exchange agreement by video "
        "link / 宁波市与比得哥什市视频签署友好交流城市协议书",
        [("fao", ORG, 0), ("bydgoszcz", PARTNER, 0)],
        location="Video link",
    ),
    ev(
        EventKind.ANNIVERSARY,
        D(2017, 5, 20),
        3,
        "20th anniversary of the Ningbo–Nagaokakyo sister cities / 宁波—长冈京结好20周年庆祝活动",
        [("nagaokakyo", GUEST, 41), ("ningbo", HOST, 0)],
        outcome="Cherry trees planted in Ningbo's Moon Lake Park.",
    ),
    ev(
        EventKind.ANNIVERSARY,
        D(2022, 5, 20),
        1,
        "25th anniversary of the Ningbo–Nagaokakyo sister cities (online) / 宁波—长冈京结好25周年线上庆祝",
        [("ningbo", HOST, 0), ("nagaokakyo", PARTNER, 0)],
        location="Video link",
    ),
    ev(
        EventKind.ANNIVERSARY,
        D(2022, 9, 12),
        1,
        "20th anniversary of the Ningbo–Aachen sister cities (online) / 宁波—亚琛结好20周年线上庆祝",
        [("ningbo", HOST, 0), ("aachen", PARTNER, 0)],
        location="Video link",
    ),
    ev(
        EventKind.SECONDMENT,
        D(2016, 9, 1),
        1,
        "First two Chinese-language teachers sent to Khon Kaen / 首批2名中文教师赴孔敬任教",
        [("nbufe", DELEG, 2), ("kku", HOST, 0)],
        location="Khon Kaen University",
    ),
    ev(
        EventKind.EDUCATION,
        D(2019, 7, 8),
        10,
        "Ningbo students' summer camp in Bundaberg / 宁波学生班达伯格夏令营",
        [("edu", DELEG, 24), ("bundaberg", HOST, 0)],
        location="Bundaberg, Australia",
    ),
    ev(
        EventKind.EDUCATION,
        D(2016, 7, 18),
        8,
        "Knowsley students' summer camp in Ningbo / 诺斯利学生宁波夏令营",
        [("knowsley", GUEST, 18), ("edu", HOST, 0)],
    ),
    # Daegu, from first contact to the upgrade (2024 is in the yearly lists)
    vin(
        D(2011, 9, 20),
        3,
        "Daegu Metropolitan City delegation's first visit to Ningbo / 大邱市政府代表团首次访甬",
        [("daegu", 9)],
        level=PREF,
        outcome="Agreed to explore friendly exchange; visited the port and Tianyi Pavilion.",
    ),
    vout(
        D(2012, 6, 13),
        4,
        "Ningbo delegation to Daegu: intent to establish friendly exchange / "
        "宁波市代表团访问大邱，达成建立友好交流关系意向",
        [("ningbo", 7)],
        ["daegu"],
        level=VMP,
        location="Daegu, Korea",
    ),
    ev(
        EventKind.SIGNING,
        D(2013, 4, 18),
        1,
        "Letter of intent with Daegu signed / 与大邱市签署友好交流意向书",
        [("ningbo", DELEG, 5), ("daegu", HOST, 0)],
        location="Daegu City Hall",
    ),
    ev(
        EventKind.SIGNING,
        DAEGU_FIRST_SIGNED,
        1,
        "Ningbo–Daegu friendly-exchange agreement signed / 宁波市与大邱市签署友好交流城市协议",
        [("ningbo", HOST, 0), ("daegu", GUEST, 14)],
        outcome="Signed by the two mayors; annual exchange programme agreed.",
    ),
    ev(
        EventKind.EDUCATION,
        D(2015, 7, 27),
        6,
        "Daegu–Ningbo youth summer camp / 大邱—宁波青少年夏令营",
        [("daegu", GUEST, 32), ("edu", HOST, 0)],
    ),
    ev(
        EventKind.CULTURE,
        D(2016, 10, 17),
        5,
        "Ningbo Week in Daegu / 大邱·宁波周",
        [("culture", DELEG, 24), ("daegu", HOST, 0)],
        location="Daegu, Korea",
    ),
    vin(
        D(2017, 4, 11),
        3,
        "Keimyung University delegation / 启明大学代表团来访",
        [("keimyung", 8)],
        level=OTHER,
        host="nbu",
        location="Ningbo University, Jiangbei",
    ),
    ev(
        EventKind.INVESTMENT,
        D(2018, 6, 8),
        1,
        "Daegu enterprises at the Zhejiang Investment and Trade Fair / 大邱企业参展浙洽会",
        [("daegu", GUEST, 26), ("commerce", HOST, 0)],
        location="Ningbo International Convention and Exhibition Center",
    ),
    ev(
        EventKind.ANNIVERSARY,
        D(2019, 5, 21),
        2,
        "5th anniversary of the Ningbo–Daegu friendly exchange / 宁波—大邱结好5周年",
        [("daegu", GUEST, 18), ("daegu_mayor_old", GUEST, 1), ("ningbo", HOST, 0)],
    ),
    ev(
        EventKind.DONATION,
        D(2020, 3, 2),
        1,
        "100,000 masks donated to Daegu / 向大邱市捐赠口罩10万只",
        [("ningbo", ORG, 0), ("daegu", PARTNER, 0)],
        outcome="Shipped through Daegu's Shanghai office; the mayor of Daegu sent a letter of thanks.",
    ),
    ev(
        EventKind.MEETING,
        D(2021, 11, 16),
        1,
        "Video meeting with Daegu on resuming exchanges / 与大邱市视频会谈恢复交流",
        [("fao", HOST, 0), ("daegu", PARTNER, 0)],
        location="Video link",
    ),
    vout(
        D(2023, 6, 13),
        4,
        "Ningbo Vice-Mayor's delegation to Daegu: proposal to upgrade the tie / "
        "宁波市副市长率团访问大邱，提出升格为友好城市",
        [("ningbo", 6)],
        ["daegu"],
        level=VMP,
        location="Daegu, Korea",
    ),
    ev(
        EventKind.CORRESPONDENCE,
        D(2023, 9, 20),
        1,
        "Letter to Daegu proposing the upgrade at the 10th anniversary / 致函大邱市，建议结好10周年之际升格为友好城市",
        [("fao", ORG, 0), ("daegu", PARTNER, 0)],
        location="",
    ),
]

# --- 2024 -------------------------------------------------------------------------------------------------------
YEAR_2024 = [
    vin(
        D(2024, 4, 16),
        3,
        "Marshal of the Kuyavian-Pomeranian Voivodeship: official visit / 波兰库亚维-滨海省省长正式访问",
        [("kuyavia", 19)],
        level=MINI,
        ties=("bydgoszcz",),
        outcome="Agreed a logistics working group between Bydgoszcz and Ningbo Zhoushan Port.",
    ),
    vin(
        D(2024, 10, 22),
        3,
        "Governor of Chungcheongbuk-do: official visit / 韩国忠清北道知事正式访问",
        [("chungbuk", 22)],
        level=MINI,
        outcome="Invited Ningbo's martial-arts team to the Chungcheongbuk-do International Martial Arts Festival.",
    ),
    vin(
        D(2024, 3, 12),
        3,
        "Mayor of Nagaokakyo: working visit / 长冈京市长工作访问",
        [("nagaokakyo_mayor", 1), ("nagaokakyo", 13)],
        level=VMP,
    ),
    vin(
        D(2024, 5, 20),
        4,
        "Daegu Mayor Park Seong-jin's delegation: 10th anniversary and upgrade to sister cities / "
        "大邱市长朴成镇率团访甬：结好10周年庆典暨升格友好城市签字仪式",
        [("daegu_mayor", 1), ("daegu", 151)],
        level=VMP,
        ties=("daegu_fx", "daegu"),
        outcome="Agreement upgrading the tie to sister cities signed on 21 May 2024; Daegu presented an apple "
        "sculpture; delegation of government, business and the arts.",
    ),
    vin(D(2024, 6, 4), 2, "Deputy Mayor of Aachen / 亚琛副市长来访", [("aachen", 12)], level=VMP),
    vin(
        D(2024, 6, 25),
        3,
        "Vice Mayor of Busan: port and logistics talks / 釜山市副市长来访：港口物流合作会谈",
        [("busan_vmayor", 1), ("busan", 17)],
        level=VMP,
    ),
    vin(D(2024, 9, 10), 3, "Mayor of Marrakech / 马拉喀什市长来访", [("marrakech", 12)], level=VMP),
    vin(
        D(2024, 9, 24),
        3,
        "Deputy Mayor of Auckland: education cooperation / 奥克兰副市长来访：教育合作",
        [("auckland", 13)],
        level=VMP,
    ),
    vin(D(2024, 10, 15), 3, "Mayor of Khon Kaen / 孔敬市长来访", [("khon_kaen", 16)], level=VMP),
    vin(
        D(2024, 11, 5),
        3,
        "Mayor of Hwaseong: visit to Cixi / 华城市长访问慈溪",
        [("hwaseong", 20)],
        level=VMP,
        host="cixi",
        location="Cixi",
    ),
    vin(
        D(2024, 10, 22),
        3,
        "Mayor of Marlboro's delegation to Cixi: sister cities to be signed in 2026 / "
        "马伯洛市长率团访问慈溪，明确2026年正式结好",
        [("marlboro_mayor", 1), ("marlboro", 10)],
        level=VMP,
        host="cixi",
        location="Cixi",
        ties=("marlboro",),
    ),
    vin(
        D(2024, 3, 20),
        1,
        "LG Chem executives: Ningbo plant expansion / LG化学高管团：宁波工厂扩能",
        [("lg_chem", 8)],
        level=EXEC,
        host="commerce",
        location="Ningbo Petrochemical Economic and Technological Development Zone",
    ),
    vin(
        D(2024, 5, 8),
        1,
        "IBM Greater China executives: smart-port solutions / IBM大中华区高管：智慧港口方案",
        [("ibm", 5)],
        level=EXEC,
        host="commerce",
    ),
    vin(
        D(2024, 6, 13),
        1,
        "Cardinal Health executives: pharmaceutical logistics centre / 康德乐高管：医药物流中心",
        [("cardinal", 6)],
        level=EXEC,
        host="commerce",
    ),
    vin(
        D(2024, 8, 21),
        1,
        "MGM Resorts executives: tourism investment / 美高梅高管：文旅投资考察",
        [("mgm", 4)],
        level=EXEC,
        host="commerce",
    ),
    vin(
        D(2024, 9, 5),
        1,
        "Ingersoll Rand executives: compressor plant / 英格索兰高管：压缩机工厂考察",
        [("ingersoll", 6)],
        level=EXEC,
        host="commerce",
        location="Beilun District",
    ),
    vin(
        D(2024, 11, 12),
        2,
        "iM Bank (Daegu Bank) delegation: talks with Bank of Ningbo / 大邱银行代表团：与宁波银行合作洽谈",
        [("daegu_bank", 9)],
        level=EXEC,
        host="bon",
        ties=("daegu",),
    ),
    vin(
        D(2024, 12, 3),
        1,
        "Port of Antwerp-Bruges executives / 安特卫普-布鲁日港高管来访",
        [("port_antwerp", 6)],
        level=EXEC,
        host="nzport",
        location="Chuanshan Port Area, Beilun",
    ),
    vin(
        D(2024, 2, 27),
        2,
        "Daegu's Director-General for International Affairs: preparing the 10th anniversary / "
        "大邱市国际关系局局长来访：筹备结好10周年",
        [("daegu", 11)],
        level=PREF,
        host="fao",
    ),
    vin(
        D(2024, 9, 17),
        2,
        "Deputy Governor of Hormozgan: port cooperation / 伊朗霍尔木兹甘省副省长来访：港口合作",
        [("hormozgan", 10)],
        level=PREF,
        ties=("bandar_abbas",),
    ),
    vin(
        D(2024, 5, 14),
        3,
        "Nagaokakyo Board of Education delegation / 长冈京市教育委员会代表团",
        [("nagaokakyo", 12)],
        level=PREF,
        host="edu",
    ),
    vin(
        D(2024, 7, 9),
        2,
        "Rouen Normandy Metropolis: Vice-President for International Affairs / 鲁昂诺曼底大都市区国际事务副主席来访",
        [("rouen", 14)],
        level=PREF,
    ),
    vin(
        D(2024, 10, 29),
        2,
        "Marrakech-Safi regional tourism council / 马拉喀什-萨菲大区旅游委员会代表团",
        [("marrakech", 15)],
        level=PREF,
        host="culture",
    ),
    # other kinds
    ev(
        EventKind.ANNIVERSARY,
        D(2024, 5, 21),
        1,
        "10th anniversary of the Ningbo–Daegu tie and upgrade ceremony / 宁波—大邱结好10周年庆典暨升格友好城市签字仪式",
        [("ningbo", HOST, 0), ("daegu", PARTNER, 0)],
        ties=("daegu_fx", "daegu"),
        location="Ningbo International Conference Center",
        outcome="The two mayors signed the sister-city agreement; the guests are counted with the Daegu delegation.",
    ),
    ev(
        EventKind.CONFERENCE,
        D(2024, 6, 18),
        1,
        "European Ningbo Week: Ningbo–Germany science and technology "
        "matchmaking in Aachen / 欧洲·宁波周：宁波—德国科技合作对接洽谈会（亚琛）",
        [("scitech", DELEG, 9), ("aachen", HOST, 0), ("rwth", PARTNER, 0)],
        location="Aachen, Germany",
    ),
    ev(
        EventKind.INVESTMENT,
        D(2024, 6, 20),
        1,
        "Ningbo–Aachen talent recruitment fair / 宁波亚琛人才招聘洽谈会",
        [("hr", DELEG, 6), ("aachen", HOST, 0)],
        location="Aachen, Germany",
    ),
    ev(
        EventKind.CULTURE,
        D(2024, 10, 23),
        3,
        "Ningbo Friendship Cities Culture Day / 宁波友城文化日",
        [("daegu", GUEST, 6), ("nagaokakyo", GUEST, 5), ("rouen", GUEST, 4), ("busan", GUEST, 5), ("culture", HOST, 0)],
        location="Ningbo Culture Plaza",
    ),
    ev(
        EventKind.SPORTS,
        D(2024, 8, 12),
        5,
        "Ningbo youth tennis team trains with the Busan Tennis Association / 宁波青少年网球队与釜山网球协会联合训练",
        [("sports", DELEG, 14), ("busan", HOST, 0)],
        location="Busan, Korea",
    ),
    ev(
        EventKind.EDUCATION,
        D(2024, 7, 15),
        12,
        "Ningbo students' summer camp in Auckland / 宁波学生奥克兰夏令营",
        [("edu", DELEG, 28), ("auckland", HOST, 0)],
        location="Auckland, New Zealand",
    ),
    ev(
        EventKind.SECONDMENT,
        D(2024, 3, 1),
        1,
        "Two civil servants seconded to Daegu City Hall / 2名公务员赴大邱市政府挂职",
        [("fao", DELEG, 2), ("daegu", HOST, 0)],
        location="Daegu, Korea",
    ),
    ev(
        EventKind.TRAINING,
        D(2024, 9, 2),
        30,
        "Ningbo doctors trained at Rouen University Hospital / 宁波医生赴鲁昂大学医院进修",
        [("health", DELEG, 6), ("chu_rouen", HOST, 0)],
        location="Rouen, France",
    ),
    ev(
        EventKind.DONATION,
        D(2024, 12, 10),
        1,
        "Medical equipment donated to Cotonou / 向科托努市捐赠医疗设备",
        [("ningbo", ORG, 0), ("cotonou", PARTNER, 0)],
        outcome="Two ultrasound units for the city's health centre.",
    ),
    ev(
        EventKind.MEETING,
        D(2024, 1, 26),
        1,
        "New Year reception for the consular corps in Shanghai / 在沪新春招待酒会",
        [
            ("fao", HOST, 0),
            *[(f"cg_{c}", GUEST, 0) for c in ("kr", "jp", "de", "us", "sg", "au", "fr", "gb")],
            ("amcham", GUEST, 0),
            ("ahk", GUEST, 0),
        ],
        location="Shanghai",
        headcount=142,
        outcome="96 officials from 49 consulates-general (31 consuls-general) and 46 guests from chambers and firms.",
    ),
    ev(
        EventKind.MEETING,
        D(2024, 3, 28),
        1,
        "Ningbo PAFFC annual meeting / 宁波市对外友协年会",
        [("paffc", HOST, 0)],
        headcount=85,
    ),
    ev(
        EventKind.CORRESPONDENCE,
        D(2024, 10, 8),
        1,
        "Letter from the Ambassador of Ecuador introducing Manta / 厄瓜多尔驻华大使来函推介曼塔市",
        [("emb_ec", PARTNER, 0), ("manta", PARTNER, 0), ("fao", HOST, 0)],
        location="",
        ties=("manta",),
    ),
    ev(
        EventKind.CULTURE,
        D(2024, 11, 5),
        5,
        "Photo exhibition: thirty years of Ningbo's friendship-city work / 宁波国际友城工作30周年图片展",
        [("paffc", ORG, 0)],
        location="Ningbo Museum",
        headcount=0,
    ),
    ev(
        EventKind.CONFERENCE,
        D(2024, 11, 20),
        1,
        "First consultation with UNDP China / 与联合国开发计划署驻华代表处首次磋商",
        [("undp", GUEST, 3), ("fao", HOST, 0)],
        ties=("undp",),
    ),
]

# --- 2025: the seeds' figures ----------------------------------------------------------------------------------
YEAR_2025 = [
    vin(
        D(2025, 4, 8),
        3,
        "Governor of Virginia: trade and tourism mission / 美国弗吉尼亚州州长率经贸旅游代表团来访",
        [("virginia", 24)],
        level=MINI,
        ties=("virginia",),
        outcome="Virginia–Ningbo Trade and Tourism Cooperation Forum held on 9 April.",
    ),
    vin(
        D(2025, 5, 13),
        3,
        "Governor-General of Hormozgan: letter of intent with Bandar Abbas / "
        "伊朗霍尔木兹甘省省长来访，见证签署与阿巴斯港友好交流意向书",
        [("hormozgan", 16), ("bandar_abbas", 6)],
        level=MINI,
        ties=("bandar_abbas",),
        outcome="Letter of intent on friendly exchange signed on 14 May.",
    ),
    vin(
        D(2025, 5, 20),
        2,
        "Senior Minister of State for Transport and Finance of Singapore / 新加坡交通部兼财政部高级政务部长来访",
        [("sg_mot", 20)],
        level=MINI,
        location="Ningbo Zhoushan Port, Beilun",
    ),
    vin(
        D(2025, 3, 18),
        2,
        "Mayor of Gwacheon: visit to Jiangbei / 果川市长访问江北区",
        [("gwacheon", 15)],
        level=VMP,
        host="jiangbei",
        location="Jiangbei District",
    ),
    vin(
        D(2025, 4, 22),
        3,
        "Deputy Mayor of Auckland: Ningbo–Auckland education forum / 奥克兰副市长率团出席宁波—奥克兰教育合作交流会",
        [("auckland", 14)],
        level=VMP,
    ),
    vin(
        D(2025, 5, 27),
        2,
        "Vice Mayor of Busan: the two cities' Friendly Exchange Committee / 釜山市副市长来访：成立两市友好交流委员会",
        [("busan_vmayor", 1), ("busan", 17)],
        level=VMP,
    ),
    vin(
        D(2025, 6, 16),
        2,
        "Daegu's Vice Mayor for Economic Affairs: Bank of Ningbo–Daegu Bank agreement / "
        "大邱市经济副市长来访：见证宁波银行与大邱银行结好",
        [("daegu", 16)],
        level=VMP,
    ),
    vin(
        D(2025, 7, 8),
        2,
        "Mayor of Kielce: Cixi–Kielce friendly-exchange agreement / 凯尔采市长访问慈溪并签署友好交流协议",
        [("kielce", 12)],
        level=VMP,
        host="cixi",
        location="Cixi",
        ties=("cixi_kielce",),
    ),
    vin(D(2025, 9, 9), 3, "Lord Mayor of Aachen / 亚琛市长来访", [("aachen_mayor", 1), ("aachen", 14)], level=VMP),
    vin(D(2025, 9, 23), 3, "Mayor of Rouen / 鲁昂市长来访", [("rouen_mayor", 1), ("rouen", 12)], level=VMP),
    vin(
        D(2025, 10, 14),
        2,
        "Mayor of Khon Kaen: the Chinese-teacher programme / 孔敬市长来访：中文教师项目",
        [("khon_kaen", 14)],
        level=VMP,
    ),
    vin(
        D(2025, 11, 4),
        2,
        "Governor of Bonghwa County: Fenghua–Bonghwa friendly-exchange agreement / "
        "奉化郡守访问奉化区并签署友好交流协议",
        [("bonghwa", 17)],
        level=VMP,
        host="fenghua",
        location="Fenghua District",
        ties=("fenghua_bonghwa",),
    ),
    vin(D(2025, 11, 18), 3, "Mayor of Bydgoszcz / 比得哥什市长来访", [("bydgoszcz", 16)], level=VMP),
    vin(
        D(2025, 2, 25),
        1,
        "LG Chem executives / LG化学高管团来访",
        [("lg_chem", 7)],
        level=EXEC,
        host="commerce",
        location="Zhenhai District",
    ),
    vin(
        D(2025, 4, 15),
        1,
        "IBM executives: data centre for the port / IBM高管：港口数据中心",
        [("ibm", 5)],
        level=EXEC,
        host="commerce",
    ),
    vin(
        D(2025, 5, 21), 1, "Cardinal Health executives / 康德乐高管来访", [("cardinal", 6)], level=EXEC, host="commerce"
    ),
    vin(D(2025, 6, 10), 1, "MGM Resorts executives / 美高梅高管来访", [("mgm", 5)], level=EXEC, host="commerce"),
    vin(
        D(2025, 7, 15),
        1,
        "Ingersoll Rand executives / 英格索兰高管来访",
        [("ingersoll", 6)],
        level=EXEC,
        host="commerce",
        location="Beilun District",
    ),
    vin(
        D(2025, 6, 17),
        1,
        "iM Bank (Daegu Bank) executives: friendship agreement with Bank of Ningbo / "
        "大邱银行高管来访：与宁波银行签署友好合作协议",
        [("daegu_bank", 8)],
        level=EXEC,
        host="bon",
        ties=("bon_daegu_bank", "daegu"),
    ),
    vin(
        D(2025, 9, 16),
        1,
        "Port of Antwerp-Bruges executives / 安特卫普-布鲁日港高管来访",
        [("port_antwerp", 6)],
        level=EXEC,
        host="nzport",
        location="Chuanshan Port Area, Beilun",
    ),
    vin(
        D(2025, 10, 21),
        1,
        "Luka Koper (Port of Koper) executives: first visit / 科佩尔港高管首次来访",
        [("luka_koper", 5)],
        level=EXEC,
        host="nzport",
        location="Chuanshan Port Area, Beilun",
        ties=("port_koper",),
    ),
    vin(
        D(2025, 11, 25),
        2,
        "Gyeongbuk Machinery Industry Cooperative: partnership with the auto-parts association / "
        "韩国庆北机械工业协会来访：与市汽配协会建立友好关系",
        [("gb_machinery", 8)],
        level=EXEC,
        host="autoparts",
        ties=("autoparts_gb",),
    ),
    vin(
        D(2025, 2, 18),
        2,
        "Rouen Normandy Metropolis: Vice-President for International Affairs / 鲁昂诺曼底大都市区国际事务副主席来访",
        [("rouen", 14)],
        level=PREF,
    ),
    vin(
        D(2025, 3, 4),
        2,
        "Daegu's Director-General for International Affairs / 大邱市国际关系局局长来访",
        [("daegu", 12)],
        level=PREF,
        host="fao",
    ),
    vin(
        D(2025, 3, 11),
        2,
        "Auckland Council international relations team: preparing the education forum / "
        "奥克兰市政厅国际关系团队来访：筹备教育合作交流会",
        [("auckland", 14)],
        level=PREF,
        host="edu",
    ),
    vin(
        D(2025, 7, 22),
        3,
        "Nagaokakyo Board of Education delegation / 长冈京市教育委员会代表团",
        [("nagaokakyo", 15)],
        level=PREF,
        host="edu",
    ),
    vin(
        D(2025, 8, 26),
        2,
        "Kuyavian-Pomeranian Marshal's Office: logistics cooperation / 库亚维-滨海省政府代表团：物流合作",
        [("kuyavia", 13)],
        level=PREF,
        ties=("bydgoszcz",),
    ),
    vin(
        D(2025, 10, 28),
        2,
        "Chungcheongbuk-do international cooperation department / 忠清北道国际合作局代表团",
        [("chungbuk", 16)],
        level=PREF,
    ),
    # other kinds
    ev(
        EventKind.CULTURE,
        D(2025, 9, 15),
        7,
        "Ningbo Culture Week in Aachen / 宁波文化周（亚琛）",
        [("culture", DELEG, 32), ("aachen", HOST, 0)],
        location="Aachen, Germany",
    ),
    ev(
        EventKind.CULTURE,
        D(2025, 10, 13),
        7,
        "Ningbo Culture Week in Rouen / 宁波文化周（鲁昂）",
        [("culture", DELEG, 30), ("rouen", HOST, 0)],
        location="Rouen, France",
    ),
    ev(
        EventKind.EDUCATION,
        D(2025, 4, 23),
        1,
        "Ningbo–Auckland Education Cooperation Forum: 12 school pairs signed / "
        "宁波—奥克兰教育合作交流会：签署友好学校12对",
        [("edu", HOST, 0), ("auckland", PARTNER, 0), ("ags", PARTNER, 0), ("uoa", PARTNER, 0), ("xiaoshi", PARTNER, 0)],
        headcount=96,
        ties=("auckland", "xiaoshi_ags"),
        outcome="12 friendly-school agreements; a New Zealand education lecture for 300 parents.",
    ),
    ev(
        EventKind.CONFERENCE,
        D(2025, 12, 9),
        1,
        "Thousand Schools Twinning promotion meeting: 74 new pairs this year, "
        "185 in three years / “千校结好”推进会：全年新结好74对，三年累计185对",
        [("edu", HOST, 0), ("fao", ORG, 0)],
        headcount=160,
        outcome="The three-year Thousand Schools Twinning target met.",
    ),
    ev(
        EventKind.SECONDMENT,
        D(2025, 3, 3),
        1,
        "Four civil servants seconded to Singapore and Busan / 4名选派干部赴新加坡、釜山挂职培训",
        [("fao", DELEG, 4), ("sg_csc", HOST, 0), ("busan", HOST, 0)],
        location="Singapore; Busan",
    ),
    ev(
        EventKind.TRAINING,
        D(2025, 5, 12),
        60,
        "Twelve doctors trained in Rouen and Aachen / 12名医生赴鲁昂、亚琛短期培训",
        [("health", DELEG, 12), ("chu_rouen", HOST, 0), ("uk_aachen", HOST, 0)],
        location="Rouen; Aachen",
        outcome="Led to the clinical training agreement of Ningbo No. 2 Hospital with "
        "Uniklinik RWTH Aachen (September).",
    ),
    ev(
        EventKind.DONATION,
        D(2025, 6, 26),
        1,
        "Two street sweepers (RMB 600,000) donated to Cotonou / 向科托努市赠送垃圾清扫车2台（价值60万元）",
        [("ningbo", ORG, 0), ("cotonou", PARTNER, 0)],
        location="Cotonou",
        outcome="Handed over at Cotonou City Hall.",
    ),
    ev(
        EventKind.SPORTS,
        D(2025, 8, 15),
        3,
        "First Ningbo International Martial Arts Exchange Conference / 首届宁波国际武术交流大会",
        [
            ("chungbuk", GUEST, 24),
            ("busan", GUEST, 12),
            ("daegu", GUEST, 10),
            ("nagaokakyo", GUEST, 8),
            ("khon_kaen", GUEST, 9),
            ("sports", HOST, 0),
        ],
        location="Ningbo Olympic Sports Center",
    ),
    ev(
        EventKind.SPORTS,
        D(2025, 7, 21),
        6,
        "Ningbo youth tennis team visits Busan / 宁波青少年网球队访问釜山",
        [("sports", DELEG, 14), ("busan", HOST, 0)],
        location="Busan, Korea",
        outcome="Joint training and friendly matches with the Busan Tennis Association's youth team.",
    ),
    ev(
        EventKind.SPORTS,
        D(2025, 9, 2),
        6,
        "Ningbo martial arts team at the Chungcheongbuk-do International Martial "
        "Arts Festival / 宁波武术代表团参加忠清北道国际武术节",
        [("sports", DELEG, 16), ("chungbuk", HOST, 0)],
        location="Chungju, Korea",
    ),
    ev(
        EventKind.EDUCATION,
        D(2025, 8, 4),
        5,
        "NBUFE students at the Hiroshima World Youth Peace Conference / 宁波财经学院师生参加广岛世界青年和平大会",
        [("nbufe", DELEG, 11), ("hiroshima", HOST, 0)],
        location="Hiroshima, Japan",
    ),
    ev(
        EventKind.EDUCATION,
        D(2025, 7, 7),
        14,
        "A Thousand Overseas Students Visit Ningbo / “千名海外学生宁波行”",
        [
            ("keimyung", GUEST, 40),
            ("rwth", GUEST, 25),
            ("uoa", GUEST, 30),
            ("kku", GUEST, 35),
            ("lycee_rouen", GUEST, 20),
            ("edu", HOST, 0),
        ],
    ),
    ev(
        EventKind.MEETING,
        D(2025, 1, 22),
        1,
        "New Year reception for the consular corps in Shanghai / 在沪新春招待酒会",
        [
            ("fao", HOST, 0),
            ("commerce", ORG, 0),
            *[(f"cg_{c}", GUEST, 0) for c in ("kr", "jp", "de", "us", "sg", "au", "ca", "pk", "fr", "gb", "it", "th")],
            ("amcham", GUEST, 0),
            ("ahk", GUEST, 0),
        ],
        location="Shanghai",
        headcount=158,
        outcome="108 officials from 56 consulates-general (37 consuls-general) and 50 guests from foreign chambers "
        "and multinationals.",
    ),
    ev(
        EventKind.MEETING,
        D(2025, 3, 27),
        1,
        "Ningbo PAFFC 2025 annual meeting / 宁波市对外友协2025年年会",
        [("paffc", HOST, 0)],
        headcount=92,
    ),
    ev(
        EventKind.MEETING,
        D(2025, 5, 28),
        1,
        "First meeting of the Ningbo–Busan Friendly Exchange Committee / 宁波—釜山友好交流委员会第一次会议",
        [("ningbo", HOST, 0), ("busan", PARTNER, 0)],
        outcome="Committee set up; annual work plan agreed (port, youth, tourism).",
    ),
    ev(
        EventKind.INVESTMENT,
        D(2025, 9, 17),
        1,
        "Antwerp–Ningbo port and trade cooperation promotion / 安特卫普—宁波经贸港口交流合作推介会",
        [("port_antwerp", PARTNER, 0), ("antwerp", PARTNER, 0), ("commerce", HOST, 0)],
        headcount=110,
    ),
    ev(
        EventKind.INVESTMENT,
        D(2025, 4, 9),
        1,
        "Virginia–Ningbo Trade and Tourism Cooperation Forum / 美国弗吉尼亚—宁波经贸旅游合作交流会",
        [("virginia", PARTNER, 0), ("commerce", HOST, 0)],
        headcount=140,
    ),
    ev(
        EventKind.INVESTMENT,
        D(2025, 6, 5),
        1,
        "Port of Zeebrugge promotion in Ningbo / 比利时泽布鲁日港宁波推介会",
        [("port_antwerp", PARTNER, 0), ("nzport", HOST, 0)],
        headcount=80,
    ),
    ev(
        EventKind.INVESTMENT,
        D(2025, 11, 11),
        1,
        "Eastern Cape imported products fair / 南非东开普省进口商品推介会",
        [("eastern_cape", GUEST, 8), ("commerce", HOST, 0)],
        location="Ningbo Imported Commodities Center",
    ),
    ev(
        EventKind.SIGNING,
        D(2025, 6, 17),
        1,
        "Bank of Ningbo and iM Bank (Daegu Bank) sign a friendship agreement / 宁波银行与大邱银行签署友好合作协议",
        [("bon", HOST, 0), ("daegu_bank", PARTNER, 5)],
        ties=("bon_daegu_bank",),
    ),
    ev(
        EventKind.SIGNING,
        D(2025, 5, 14),
        1,
        "Letter of intent with Bandar Abbas signed / 与伊朗阿巴斯港市签署建立友好交流关系意向书",
        [("ningbo", HOST, 0), ("bandar_abbas", PARTNER, 6)],
        ties=("bandar_abbas",),
    ),
    ev(
        EventKind.MEETING,
        D(2025, 7, 30),
        1,
        "Video meeting with Manta: preliminary intent to twin / 与厄瓜多尔曼塔市视频会谈，达成结好初步意向",
        [("fao", HOST, 0), ("manta", PARTNER, 0)],
        location="Video link",
        ties=("manta",),
    ),
    ev(
        EventKind.CORRESPONDENCE,
        D(2025, 10, 22),
        1,
        "First exchange of letters with the Municipality of Koper / 与斯洛文尼亚科佩尔市首次互致信函",
        [("fao", ORG, 0), ("koper", PARTNER, 0)],
        location="",
        ties=("koper",),
    ),
    ev(
        EventKind.CONFERENCE,
        D(2025, 6, 24),
        1,
        "UNDP consultation: marine economy, low-carbon city, rural environment "
        "/ 与联合国开发计划署磋商海洋经济、低碳城市、农村环境保护合作",
        [("undp", GUEST, 4), ("fao", HOST, 0)],
        ties=("undp",),
        outcome="Agreed to prepare an MoU with three pilot projects.",
    ),
    ev(
        EventKind.CONFERENCE,
        D(2025, 10, 20),
        4,
        "UCLG World Council: Ningbo's first meeting as a member / "
        "宁波代表团首次以会员身份出席世界城市和地方政府组织世界理事会",
        [("fao", DELEG, 4), ("uclg", HOST, 0)],
        location="Barcelona, Spain",
        ties=("uclg",),
    ),
    ev(
        EventKind.SIGNING,
        D(2025, 9, 26),
        1,
        "Ningbo FIC and the Odesa Regional Chamber of Commerce sign a friendship "
        "agreement / 市工商联与乌克兰敖德萨地区工商会建立友好关系",
        [("fic", HOST, 0), ("odesa_chamber", PARTNER, 0)],
        location="Video link",
        ties=("fic_odesa",),
    ),
    ev(
        EventKind.CULTURE,
        D(2025, 4, 29),
        3,
        "Ningbo Day at Suncheon Bay National Garden / 顺天湾国家庭园“宁波日”",
        [("culture", DELEG, 8), ("suncheon", HOST, 0)],
        location="Suncheon, Korea",
        outcome="The Butterfly Lovers garden given by Ningbo reopened after renovation.",
    ),
]

# --- 2026 up to DEMO_TODAY, then planned ---------------------------------------------------------------------------
YEAR_2026 = [
    vin(
        D(2026, 4, 21),
        3,
        "Marshal of the Kuyavian-Pomeranian Voivodeship / 波兰库亚维-滨海省省长来访",
        [("kuyavia", 18)],
        level=MINI,
        ties=("bydgoszcz",),
    ),
    vin(D(2026, 9, 15), 3, "Governor of Chungcheongbuk-do / 韩国忠清北道知事来访", [("chungbuk", 20)], level=MINI),
    vin(
        D(2026, 1, 13),
        2,
        "Deputy Mayor of Marlboro Helen Shen: sister-city preparations / 马伯洛市副市长沈慧敏访问慈溪：筹备结好",
        [("helen_shen", 1), ("marlboro", 3)],
        level=VMP,
        host="cixi",
        location="Cixi",
        ties=("marlboro",),
    ),
    vin(
        D(2026, 3, 24),
        3,
        "Mayor of Nagaokakyo: preparing the 30th anniversary / 长冈京市长来访：筹备结好30周年",
        [("nagaokakyo_mayor", 1), ("nagaokakyo", 17)],
        level=VMP,
    ),
    vin(
        D(2026, 4, 14),
        3,
        "Mayor of Daegu: Daegu–Ningbo business forum / 大邱市长率经贸代表团来访",
        [("daegu_mayor", 1), ("daegu", 33)],
        level=VMP,
    ),
    vin(D(2026, 5, 19), 2, "Port Alderman of Antwerp / 安特卫普港务市政委员来访", [("antwerp", 12)], level=VMP),
    vin(D(2026, 6, 2), 3, "Mayor of Suncheon / 顺天市长来访", [("suncheon", 15)], level=VMP),
    vin(
        D(2026, 6, 23),
        3,
        "Chairman of the Haiphong People's Committee / 越南海防市人民委员会主席来访",
        [("haiphong", 18)],
        level=VMP,
    ),
    vin(
        D(2026, 9, 8),
        3,
        "Mayor of Bogor: intent to establish ties / 印尼茂物市长来访：达成结好初步意向",
        [("bogor", 12)],
        level=VMP,
    ),
    vin(
        D(2026, 10, 13),
        3,
        "Mayor of Chiba: 15th anniversary with Yinzhou / 千叶市长率团访问鄞州：结好15周年",
        [("chiba", 22)],
        level=VMP,
        host="yinzhou",
        location="Yinzhou District",
        outcome="Agreement on friendly exchange in the economic field signed with Yinzhou.",
    ),
    vin(D(2026, 10, 27), 2, "Deputy Mayor of Rouen / 鲁昂副市长来访", [("rouen", 11)], level=VMP),
    vin(
        D(2026, 11, 2),
        3,
        "Vice Mayor of Busan: 10th anniversary of the friendly exchange / 釜山市副市长率团来访：结好10周年",
        [("busan_vmayor", 1), ("busan", 45)],
        level=VMP,
    ),
    vin(D(2026, 11, 17), 2, "Mayor of Cotonou / 科托努市长来访", [("cotonou", 13)], level=VMP),
    vin(D(2026, 3, 17), 1, "LG Chem executives / LG化学高管团来访", [("lg_chem", 6)], level=EXEC, host="commerce"),
    vin(D(2026, 4, 28), 1, "IBM executives / IBM高管来访", [("ibm", 4)], level=EXEC, host="commerce"),
    vin(
        D(2026, 5, 26), 1, "Cardinal Health executives / 康德乐高管来访", [("cardinal", 6)], level=EXEC, host="commerce"
    ),
    vin(D(2026, 6, 16), 1, "MGM Resorts executives / 美高梅高管来访", [("mgm", 5)], level=EXEC, host="commerce"),
    vin(
        D(2026, 7, 7),
        1,
        "Ingersoll Rand executives / 英格索兰高管来访",
        [("ingersoll", 7)],
        level=EXEC,
        host="commerce",
    ),
    vin(
        D(2026, 8, 25),
        1,
        "iM Bank (Daegu Bank) executives / 大邱银行高管来访",
        [("daegu_bank", 8)],
        level=EXEC,
        host="bon",
    ),
    vin(
        D(2026, 9, 22),
        1,
        "Port of Antwerp-Bruges executives / 安特卫普-布鲁日港高管来访",
        [("port_antwerp", 7)],
        level=EXEC,
        host="nzport",
    ),
    vin(
        D(2026, 10, 20),
        2,
        "Luka Koper (Port of Koper) executives: rail-sea service / 科佩尔港高管来访：海铁联运",
        [("luka_koper", 7)],
        level=EXEC,
        host="nzport",
        ties=("port_koper", "koper"),
    ),
    vin(
        D(2026, 3, 3),
        2,
        "Daegu's Director-General for International Affairs / 大邱市国际关系局局长来访",
        [("daegu", 11)],
        level=PREF,
        host="fao",
    ),
    vin(D(2026, 5, 12), 3, "Manta city councillors / 曼塔市议员代表团", [("manta", 9)], level=PREF),
    vin(
        D(2026, 6, 9),
        2,
        "Virginia Economic Development Partnership / 弗吉尼亚州经济发展署代表团",
        [("virginia", 12)],
        level=PREF,
        host="commerce",
    ),
    vin(
        D(2026, 7, 14),
        2,
        "Norfolk city council delegation / 诺福克市议会代表团",
        [("norfolk", 12)],
        level=PREF,
        host="beilun",
        location="Beilun District",
    ),
    vin(
        D(2026, 9, 1),
        2,
        "Khon Kaen provincial education office / 孔敬府教育厅代表团",
        [("khon_kaen", 14)],
        level=PREF,
        host="edu",
    ),
    # other kinds
    ev(
        EventKind.MEETING,
        D(2026, 1, 21),
        1,
        "New Year reception for the consular corps in Shanghai / 在沪新春招待酒会",
        [
            ("fao", HOST, 0),
            *[(f"cg_{c}", GUEST, 0) for c in ("kr", "jp", "de", "us", "sg", "au", "id", "th", "vn")],
            ("amcham", GUEST, 0),
            ("ahk", GUEST, 0),
        ],
        location="Shanghai",
        headcount=165,
        outcome="112 officials from 58 consulates-general and 53 guests from chambers and firms.",
    ),
    ev(
        EventKind.MEETING,
        D(2026, 3, 26),
        1,
        "Ningbo PAFFC 2026 annual meeting / 宁波市对外友协2026年年会",
        [("paffc", HOST, 0)],
        headcount=96,
    ),
    ev(
        EventKind.CORRESPONDENCE,
        D(2026, 2, 24),
        1,
        "Cixi submits its application to twin with Marlboro / 慈溪市向上申报与美国马伯洛市结好请示",
        [("cixi", ORG, 0), ("marlboro", PARTNER, 0)],
        location="",
        ties=("marlboro",),
    ),
    ev(
        EventKind.CORRESPONDENCE,
        D(2026, 6, 30),
        1,
        "CPAFFC's reply approving the Cixi–Marlboro sister-city tie / 全国友协批复同意慈溪市与马伯洛市结好",
        [("cpaffc", PARTNER, 0), ("cixi", ORG, 0)],
        location="",
        ties=("marlboro",),
    ),
    ev(
        EventKind.MEETING,
        D(2026, 3, 10),
        1,
        "Video meeting with Los Angeles County's international trade office / 与洛杉矶郡国际贸易办公室视频会谈",
        [("fao", HOST, 0), ("la_county", PARTNER, 0)],
        location="Video link",
        ties=("la_county",),
    ),
    ev(
        EventKind.CONFERENCE,
        D(2026, 4, 15),
        3,
        "Smart City Expo: first contact with WeGO / 智慧城市博览会：与世界智慧可持续城市组织建立联系",
        [("fao", DELEG, 3), ("wego", PARTNER, 0)],
        location="Seoul, Korea",
        ties=("wego",),
    ),
    ev(
        EventKind.CONFERENCE,
        D(2026, 6, 16),
        3,
        "Metropolis annual meeting / 世界大都市协会年会",
        [("fao", DELEG, 3), ("metropolis", HOST, 0)],
        location="Barcelona, Spain",
        ties=("metropolis",),
    ),
    ev(
        EventKind.SIGNING,
        D(2026, 10, 14),
        1,
        "Yinzhou and Chiba sign an agreement on economic exchange / 鄞州区与千叶市签署经济领域友好交流协议书",
        [("yinzhou", HOST, 0), ("chiba", PARTNER, 6)],
        location="Yinzhou District",
        ties=("yinzhou_chiba",),
    ),
    ev(
        EventKind.ANNIVERSARY,
        D(2026, 11, 3),
        1,
        "10th anniversary of the Ningbo–Busan friendly exchange / 宁波—釜山结好10周年纪念活动",
        [("ningbo", HOST, 0), ("busan", PARTNER, 0)],
        outcome="Photo exhibition and youth tennis friendly; the guests are counted with the Busan delegation.",
    ),
    ev(
        EventKind.ANNIVERSARY,
        D(2026, 3, 18),
        1,
        "10th anniversary of the Ningbo–Khon Kaen friendly exchange / 宁波—孔敬结好10周年",
        [("ningbo", HOST, 0), ("khon_kaen", PARTNER, 0)],
        location="Video link",
    ),
    ev(
        EventKind.CULTURE,
        D(2026, 5, 12),
        5,
        "Ningbo Week in Daegu 2026 / 2026大邱·宁波周",
        [("culture", DELEG, 28), ("commerce", DELEG, 6), ("bon", DELEG, 3), ("daegu", HOST, 0)],
        location="Daegu, Korea",
    ),
    ev(
        EventKind.SECONDMENT,
        D(2026, 3, 2),
        1,
        "Two civil servants seconded to Busan and Daegu / 2名干部赴釜山、大邱挂职",
        [("fao", DELEG, 2), ("busan", HOST, 0), ("daegu", HOST, 0)],
        location="Busan; Daegu",
    ),
    ev(
        EventKind.TRAINING,
        D(2026, 5, 11),
        10,
        "Ningbo port managers' training in Antwerp / 宁波港口管理人员赴安特卫普培训",
        [("nzport", DELEG, 10), ("port_antwerp", HOST, 0)],
        location="Antwerp, Belgium",
    ),
    ev(
        EventKind.TRAINING,
        D(2026, 9, 7),
        21,
        "Ningbo civil servants' training programme in Singapore / 宁波公务员新加坡培训班",
        [("hr", DELEG, 20), ("sg_csc", HOST, 0)],
        location="Singapore",
    ),
    ev(
        EventKind.DONATION,
        D(2026, 4, 22),
        1,
        "Books for Khon Kaen University's Chinese programme / 向孔敬大学中文专业赠书",
        [("nbufe", ORG, 0), ("kku", PARTNER, 0)],
        location="Khon Kaen University",
        outcome="2,000 books and teaching materials.",
    ),
    ev(
        EventKind.SPORTS,
        D(2026, 8, 10),
        3,
        "Busan–Ningbo youth tennis friendly / 甬釜青少年网球友谊赛",
        [("busan", GUEST, 16), ("sports", HOST, 0)],
        location="Ningbo Olympic Sports Center",
    ),
    ev(
        EventKind.CULTURE,
        D(2026, 8, 18),
        5,
        "Ningbo Culture Week in Marrakech (cancelled: venue unavailable) / 宁波文化周（马拉喀什，因场地原因取消）",
        [("culture", DELEG, 0), ("marrakech", HOST, 0)],
        location="Marrakech, Morocco",
        status=CANCELLED,
    ),
]
PLANNED_EVENTS = [
    vout(
        D(2026, 12, 7),
        5,
        "Cixi delegation to Marlboro: signing the sister-city agreement / 慈溪市代表团赴马伯洛市签署结好协议书",
        [("cixi", 8)],
        ["marlboro"],
        level=PREF,
        location="Marlboro, New Jersey, USA",
        ties=("marlboro",),
        status=PLANNED,
        outcome="Planned: signing by the vice-chair of Cixi People's Congress and the Mayor of Marlboro.",
    ),
    ev(
        EventKind.MEETING,
        D(2026, 12, 10),
        1,
        "Preparatory video meeting with Nagaokakyo for the 30th anniversary / 与长冈京市结好30周年筹备视频会议",
        [("fao", HOST, 0), ("nagaokakyo", PARTNER, 0)],
        location="Video link",
        ties=("nagaokakyo",),
        status=PLANNED,
    ),
    vin(
        D(2027, 5, 19),
        4,
        "Nagaokakyo Mayor, council chair and citizens' group (55): 30th anniversary / "
        "长冈京市长、议长团及市民团一行55人访甬：结好30周年",
        [("nagaokakyo_mayor", 1), ("nagaokakyo", 30), ("nagaokakyo_jcfa", 24)],
        level=VMP,
        ties=("nagaokakyo",),
        status=PLANNED,
        category="planned",
        outcome="Planned: anniversary ceremony; Nagaokakyo will present cherry trees.",
    ),
    ev(
        EventKind.CULTURE,
        D(2027, 6, 14),
        5,
        "Ningbo Week in Daegu 2027 / 2027大邱·宁波周",
        [("culture", DELEG, 30), ("daegu", HOST, 0)],
        location="Daegu, Korea",
        status=PLANNED,
    ),
    ev(
        EventKind.EDUCATION,
        D(2027, 7, 12),
        8,
        "Ningbo–Busan youth camp 2027 / 2027甬釜青少年夏令营",
        [("busan", GUEST, 30), ("edu", HOST, 0)],
        status=PLANNED,
    ),
    vout(
        D(2027, 9, 13),
        5,
        "Ningbo government delegation to Aachen: 25th anniversary / 宁波市政府代表团访问亚琛：结好25周年",
        [("ningbo", 8)],
        ["aachen"],
        level=VMP,
        location="Aachen, Germany",
        ties=("aachen",),
        status=PLANNED,
    ),
]

# --- generated exchanges: friendly delegations, consular visits and outbound delegations --------------------------
# Pools of realistic exchanges; each year draws from them with a fixed seed and fits the headcounts to the exact
# totals of DEMO_FIGURES. (guest, host, title, location, fewest, most people, first year)
FRIENDLY_POOL = [
    (
        "nagaokakyo_jcfa",
        "paffc",
        "Nagaokakyo citizens' friendship delegation / 长冈京市民友好访问团",
        "Ningbo",
        30,
        60,
        0,
    ),
    ("daegu", "edu", "Daegu youth exchange delegation / 大邱青少年交流团", "Ningbo", 30, 70, 0),
    ("busan", "sports", "Busan youth tennis team / 釜山青少年网球队", "Ningbo Olympic Sports Center", 16, 32, 0),
    (
        "rwth",
        "nbu",
        "RWTH Aachen University summer school / 亚琛工业大学学生暑期学校",
        "Ningbo University, Jiangbei",
        20,
        45,
        0,
    ),
    (
        "lycee_rouen",
        "nbms",
        "Lycée Camille Saint-Saëns students and teachers / 鲁昂圣-桑高中师生来访",
        "Ningbo Middle School",
        15,
        32,
        0,
    ),
    (
        "ags",
        "xiaoshi",
        "Auckland Grammar School students / 奥克兰文法学校师生来访",
        "Ningbo Xiaoshi High School",
        18,
        40,
        2025,
    ),
    (
        "kku",
        "nbufe",
        "Khon Kaen University delegation / 孔敬大学代表团",
        "Ningbo University of Finance and Economics",
        10,
        30,
        0,
    ),
    (
        "port_antwerp",
        "nzport",
        "Port of Antwerp-Bruges business mission / 安特卫普-布鲁日港商务代表团",
        "Chuanshan Port Area, Beilun",
        12,
        28,
        0,
    ),
    ("bydgoszcz", "culture", "Bydgoszcz folk ensemble / 比得哥什民间艺术团", "Ningbo Grand Theatre", 30, 55, 0),
    ("marrakech", "culture", "Marrakech tourism delegation / 马拉喀什旅游代表团", "Ningbo", 10, 25, 0),
    ("cotonou", "fao", "Cotonou municipal officials' study course / 科托努市政官员研修班", "Ningbo", 15, 32, 0),
    ("suncheon", "culture", "Suncheon Bay garden delegation / 顺天湾国家庭园代表团", "Ningbo", 15, 35, 0),
    ("hiroshima", "edu", "Hiroshima peace education group / 广岛和平教育交流团", "Ningbo", 20, 50, 0),
    ("chungbuk", "sports", "Chungcheongbuk-do martial arts delegation / 忠清北道武术代表团", "Ningbo", 25, 50, 0),
    (
        "gwacheon",
        "jiangbei",
        "Gwacheon civil servants' study group / 果川市公务员研修团",
        "Jiangbei District",
        10,
        25,
        0,
    ),
    ("hwaseong", "cixi", "Hwaseong student delegation / 华城市学生代表团", "Cixi", 30, 65, 0),
    (
        "bourgoin",
        "yuyao",
        "Bourgoin-Jallieu twinning committee: French food and music festival / 布尔昆·雅里昂友城委员会：法国美食音乐节",
        "Yuyao",
        18,
        26,
        0,
    ),
    ("dubbo", "yuyao_ms", "Dubbo students' study tour / 达博市学生研学团", "Yuyao Middle School", 20, 45, 0),
    ("uchinada", "yuyao", "Uchinada town delegation / 内滩町代表团", "Yuyao", 8, 18, 0),
    (
        "chiba",
        "yinzhou",
        "Chiba citizens' 'Flower Journey' group: cherry-tree planting / 千叶市民“花之旅”访问团植樱",
        "Yinzhou District",
        25,
        45,
        0,
    ),
    ("mogale", "zhenhai", "Mogale City delegation / 莫哈林市代表团", "Zhenhai District", 6, 14, 0),
    ("uki", "xiangshan", "Uki student exchange group / 宇城市学生交流团", "Xiangshan County", 20, 48, 0),
    (
        "norfolk",
        "beilun",
        "Norfolk port and logistics delegation / 诺福克港口物流代表团",
        "Beilun District",
        8,
        18,
        2025,
    ),
    ("kielce", "cixi", "Kielce trade fair delegation / 凯尔采展览中心代表团", "Cixi", 8, 18, 2025),
    ("kcfa", "paffc", "Korea–China Friendship Association delegation / 韩中友好协会代表团", "Ningbo", 20, 50, 0),
    ("austria_fa", "paffc", "Austrian-Chinese Friendship Society delegation / 奥中友协代表团", "Ningbo", 12, 28, 0),
    ("poland_fa", "paffc", "Polish-Chinese Friendship Society delegation / 波中友协代表团", "Ningbo", 12, 28, 0),
    (
        "keimyung",
        "nbu",
        "Keimyung University faculty delegation / 启明大学教师代表团",
        "Ningbo University, Jiangbei",
        8,
        18,
        0,
    ),
    (
        "otokuni",
        "zhenhai_hs",
        "Otokuni High School students / 乙训高中学生访问镇海中学",
        "Zhenhai High School",
        25,
        60,
        0,
    ),
    (
        "dflhs",
        "nfls",
        "Daegu Foreign Language High School students / 大邱外国语高中师生来访",
        "Ningbo Foreign Language School",
        25,
        55,
        0,
    ),
    ("auckland", "fao", "Auckland community leaders' delegation / 奥克兰社区领袖代表团", "Ningbo", 10, 25, 0),
    (
        "chu_rouen",
        "lihuili",
        "Rouen University Hospital medical delegation / 鲁昂大学医院医学代表团",
        "Lihuili Hospital",
        6,
        14,
        0,
    ),
    (
        "uk_aachen",
        "nb2h",
        "RWTH Aachen University Hospital medical delegation / 亚琛工业大学附属医院医学代表团",
        "Ningbo No. 2 Hospital",
        6,
        14,
        0,
    ),
    ("haiphong", "fao", "Haiphong Department of Foreign Affairs delegation / 海防市外事厅代表团", "Ningbo", 8, 20, 0),
    ("khon_kaen", "edu", 'Khon Kaen teachers" delegation / 孔敬市教师代表团', "Ningbo", 12, 30, 0),
    (
        "gosford",
        "ninghai",
        "Central Coast Council (Gosford) delegation / 戈斯福德（中央海岸）代表团",
        "Ninghai County",
        6,
        16,
        2025,
    ),
    ("bogor", "fao", "Bogor city delegation / 茂物市代表团", "Ningbo", 8, 16, 2026),
    ("manta", "fao", "Manta port and fisheries delegation / 曼塔港口渔业代表团", "Ningbo", 5, 12, 2025),
    ("bandar_abbas", "fao", "Bandar Abbas municipality delegation / 阿巴斯港市政府代表团", "Ningbo", 6, 14, 2024),
    (
        "odesa_chamber",
        "fic",
        "Odesa Regional Chamber of Commerce delegation / 敖德萨地区工商会代表团",
        "Ningbo",
        6,
        14,
        2026,
    ),
    ("bonghwa", "fenghua", "Bonghwa County citizens' group / 奉化郡民间交流团", "Fenghua District", 20, 45, 2025),
    ("daegu", "culture", "Daegu citizens' cultural delegation / 大邱市民文化交流团", "Ningbo", 35, 80, 0),
    ("busan", "edu", "Busan students' study tour / 釜山学生研学团", "Ningbo", 30, 70, 0),
    ("nagaokakyo", "zhenhai_hs", "Nagaokakyo junior athletes / 长冈京青少年体育交流团", "Zhenhai District", 25, 50, 0),
]

# (partner host, our unit, title, location, fewest, most people, level, first year)
OUTBOUND_POOL = [
    (
        "daegu",
        "ningbo",
        "Ningbo government delegation to Daegu / 宁波市政府代表团访问大邱",
        "Daegu, Korea",
        5,
        9,
        VMP,
        0,
    ),
    (
        "busan",
        "commerce",
        "Ningbo trade and investment mission to Busan / 宁波经贸代表团赴釜山",
        "Busan, Korea",
        5,
        10,
        PREF,
        0,
    ),
    (
        "nagaokakyo",
        "fao",
        "Foreign Affairs Office working visit to Nagaokakyo / 市外办工作组访问长冈京",
        "Nagaokakyo, Japan",
        3,
        5,
        PREF,
        0,
    ),
    (
        "aachen",
        "scitech",
        "Ningbo science and technology delegation to Aachen / 宁波科技代表团访问亚琛",
        "Aachen, Germany",
        5,
        9,
        PREF,
        0,
    ),
    (
        "rouen",
        "culture",
        "Ningbo cultural delegation to Rouen / 宁波文化代表团访问鲁昂",
        "Rouen, France",
        5,
        10,
        OTHER,
        0,
    ),
    (
        "port_antwerp",
        "nzport",
        "Ningbo Zhoushan Port delegation to Antwerp-Bruges / 宁波舟山港代表团访问安特卫普—布鲁日港",
        "Antwerp, Belgium",
        4,
        7,
        EXEC,
        0,
    ),
    (
        "bydgoszcz",
        "commerce",
        "Ningbo logistics delegation to Bydgoszcz / 宁波物流代表团访问比得哥什",
        "Bydgoszcz, Poland",
        4,
        7,
        PREF,
        0,
    ),
    (
        "auckland",
        "edu",
        "Ningbo education delegation to Auckland / 宁波教育代表团访问奥克兰",
        "Auckland, New Zealand",
        5,
        9,
        PREF,
        0,
    ),
    (
        "marrakech",
        "culture",
        "Ningbo tourism promotion in Marrakech / 宁波旅游推介团赴马拉喀什",
        "Marrakech, Morocco",
        4,
        7,
        OTHER,
        0,
    ),
    ("cotonou", "fao", "Ningbo delegation to Cotonou / 宁波代表团访问科托努", "Cotonou, Benin", 3, 6, PREF, 0),
    (
        "kku",
        "nbufe",
        "NBUFE delegation to Khon Kaen University / 宁波财经学院代表团访问孔敬大学",
        "Khon Kaen, Thailand",
        3,
        6,
        OTHER,
        0,
    ),
    ("suncheon", "ningbo", "Ningbo delegation to Suncheon / 宁波代表团访问顺天", "Suncheon, Korea", 4, 8, VMP, 0),
    (
        "hiroshima",
        "edu",
        "Ningbo education delegation to Hiroshima / 宁波教育代表团访问广岛",
        "Hiroshima, Japan",
        4,
        7,
        OTHER,
        0,
    ),
    (
        "chungbuk",
        "fao",
        "Ningbo delegation to Chungcheongbuk-do / 宁波代表团访问忠清北道",
        "Cheongju, Korea",
        4,
        7,
        PREF,
        0,
    ),
    (
        "gwacheon",
        "jiangbei",
        "Jiangbei civil servants to Gwacheon / 江北区公务员赴果川交流",
        "Gwacheon, Korea",
        4,
        8,
        OTHER,
        0,
    ),
    ("hwaseong", "cixi", "Cixi delegation to Hwaseong / 慈溪市代表团访问华城", "Hwaseong, Korea", 4, 8, OTHER, 0),
    (
        "bourgoin",
        "yuyao",
        "Yuyao delegation to Bourgoin-Jallieu / 余姚市代表团访问布尔昆·雅里昂",
        "Bourgoin-Jallieu, France",
        4,
        8,
        OTHER,
        0,
    ),
    (
        "dubbo",
        "yuyao_ms",
        "Yuyao Middle School students to Dubbo / 余姚中学学生赴达博",
        "Dubbo, Australia",
        10,
        16,
        OTHER,
        0,
    ),
    ("chiba", "yinzhou", "Yinzhou delegation to Chiba / 鄞州区代表团访问千叶", "Chiba, Japan", 4, 7, OTHER, 0),
    ("uchinada", "yuyao", "Yuyao delegation to Uchinada / 余姚市代表团访问内滩町", "Uchinada, Japan", 3, 6, OTHER, 0),
    (
        "mogale",
        "zhenhai",
        "Zhenhai delegation to Mogale City / 镇海区代表团访问莫哈林",
        "Mogale City, South Africa",
        3,
        5,
        OTHER,
        0,
    ),
    (
        "uki",
        "xiangshan",
        "Xiangshan students' winter camp in Uki / 象山学生冬令营赴宇城",
        "Uki, Japan",
        10,
        16,
        OTHER,
        0,
    ),
    (
        "kielce",
        "cixi",
        "Cixi enterprises at the Kielce trade fair / 慈溪企业赴凯尔采参展",
        "Kielce, Poland",
        5,
        9,
        EXEC,
        0,
    ),
    (
        "norfolk",
        "beilun",
        "Beilun port delegation to Norfolk / 北仑区港口代表团访问诺福克",
        "Norfolk, Virginia, USA",
        4,
        6,
        OTHER,
        2025,
    ),
    ("bonghwa", "fenghua", "Fenghua delegation to Bonghwa / 奉化区代表团访问奉化郡", "Bonghwa, Korea", 4, 7, OTHER, 0),
    (
        "daegu_bank",
        "bon",
        "Bank of Ningbo delegation to iM Bank (Daegu Bank) / 宁波银行代表团访问大邱银行",
        "Daegu, Korea",
        3,
        5,
        EXEC,
        2025,
    ),
    (
        "bandar_abbas",
        "fao",
        "Ningbo working group to Bandar Abbas / 宁波工作组访问阿巴斯港",
        "Bandar Abbas, Iran",
        3,
        5,
        PREF,
        2024,
    ),
    (
        "haiphong",
        "ningbo",
        "Ningbo delegation to Haiphong / 宁波代表团访问海防",
        "Haiphong, Viet Nam",
        4,
        7,
        PREF,
        2024,
    ),
    ("bogor", "fao", "Ningbo working group to Bogor / 宁波工作组访问茂物", "Bogor, Indonesia", 3, 5, OTHER, 2025),
    (
        "luka_koper",
        "nzport",
        "Ningbo Zhoushan Port delegation to Koper / 宁波舟山港代表团访问科佩尔港",
        "Koper, Slovenia",
        3,
        5,
        EXEC,
        2026,
    ),
    (
        "aachen",
        "hr",
        "Ningbo talent recruitment mission to Aachen / 宁波赴亚琛人才招聘团",
        "Aachen, Germany",
        4,
        8,
        PREF,
        0,
    ),
    (
        "antwerp",
        "commerce",
        "Ningbo trade delegation to Antwerp / 宁波经贸代表团访问安特卫普",
        "Antwerp, Belgium",
        5,
        8,
        PREF,
        0,
    ),
    (
        "la_county",
        "commerce",
        "Ningbo trade delegation to Los Angeles County / 宁波经贸代表团访问洛杉矶郡",
        "Los Angeles, USA",
        5,
        8,
        PREF,
        2026,
    ),
    (
        "manta",
        "fao",
        "Ningbo fisheries delegation to Manta / 宁波渔业代表团访问曼塔",
        "Manta, Ecuador",
        3,
        6,
        OTHER,
        2025,
    ),
    (
        "virginia",
        "commerce",
        "Ningbo trade mission to Virginia / 宁波经贸代表团访问弗吉尼亚州",
        "Richmond, Virginia, USA",
        5,
        8,
        PREF,
        0,
    ),
    (
        "otokuni",
        "zhenhai_hs",
        "Zhenhai High School students to Otokuni High School / 镇海中学学生访问乙训高中",
        "Nagaokakyo, Japan",
        10,
        16,
        OTHER,
        0,
    ),
    (
        "dflhs",
        "nfls",
        "Ningbo Foreign Language School students to Daegu / 宁波外国语学校学生访问大邱",
        "Daegu, Korea",
        10,
        16,
        OTHER,
        0,
    ),
    (
        "keimyung",
        "nbu",
        "Ningbo University delegation to Keimyung University / 宁波大学代表团访问启明大学",
        "Daegu, Korea",
        3,
        6,
        OTHER,
        0,
    ),
    (
        "rwth",
        "nbu",
        "Ningbo University delegation to RWTH Aachen / 宁波大学代表团访问亚琛工业大学",
        "Aachen, Germany",
        3,
        6,
        OTHER,
        0,
    ),
    (
        "kuyavia",
        "commerce",
        "Ningbo delegation to the Kuyavian-Pomeranian Voivodeship / 宁波代表团访问库亚维-滨海省",
        "Toruń, Poland",
        4,
        7,
        PREF,
        0,
    ),
]
# Consular visits: the consulates' countries in the order drawn (the first ones led by the consul-general), and the
# embassy whose ambassador came.
CONSULAR_PLAN = {
    2024: (
        "KR JP DE US SG AU PK FR GB CA IT ES NL BE PL AT CH SE NO FI IE NZ TH VN MY IR KR JP DE US SG AU FR TH",
        "emb_ec",
    ),
    2025: (
        "KR JP DE US SG AU PK FR GB CA IT ES NL BE PL TH MY CZ HU AT CH SE DK NZ VN ID PH IN BR ZA "
        "KR JP DE US SG AU PK FR GB",
        "emb_si",
    ),
    2026: (
        "KR JP DE US SG AU PK FR GB CA IT ES NL BE PL TH CZ HU AT CH DK NZ VN MY ID IN MX CL IR KR JP DE US SG ID TH",
        "",
    ),
}
CONSULAR_PURPOSES = [
    ("courtesy call on the Foreign Affairs Office", "拜会市外办", "Ningbo Foreign Affairs Office"),
    ("visit to Ningbo Zhoushan Port", "考察宁波舟山港", "Chuanshan Port Area, Beilun"),
    ("meeting with exporters and investors", "与外贸及投资企业座谈", "Ningbo International Conference Center"),
    ("consular protection and visa consultation", "领事保护与签证事务磋商", "Ningbo Foreign Affairs Office"),
    (
        "visit to enterprises invested from their country",
        "走访本国投资企业",
        "Ningbo Economic and Technological Development Zone",
    ),
    ("cultural visit to Tianyi Pavilion", "参观天一阁", "Tianyi Pavilion, Haishu"),
    ("visit to their students at Ningbo's universities", "走访在甬高校及本国留学生", "Ningbo University, Jiangbei"),
    (
        "attending the Zhejiang Investment and Trade Fair",
        "出席浙洽会",
        "Ningbo International Convention and Exhibition Center",
    ),
]
# Days when no delegation is received or sent: Spring Festival and National Day weeks.
HOLIDAYS = {
    2024: [(D(2024, 2, 8), D(2024, 2, 18))],
    2025: [(D(2025, 1, 27), D(2025, 2, 5))],
    2026: [(D(2026, 2, 14), D(2026, 2, 23))],
}


def _working_days(year: int, since: dt.date | None = None) -> list[dt.date]:
    first, last = D(year, 1, 6), min(D(year, 12, 20), DEMO_TODAY - dt.timedelta(days=8))
    blocked = HOLIDAYS.get(year, []) + [(D(year, 10, 1), D(year, 10, 7))]
    days = []
    day = max(first, since or first)
    while day <= last:
        if day.weekday() < 5 and not any(a <= day <= b for a, b in blocked):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


# Exchanges tied to a season: camps in the school holidays, Chiba's cherry-tree group in November (as every year).
SEASONS = {
    "winter camp": (1, 2),
    "summer school": (7, 8),
    "study tour": (7, 8),
    "cherry-tree": (11,),
    "food and music festival": (10,),
    "tennis": (7, 8),
}


def _season_days(days: list[dt.date], title: str) -> list[dt.date]:
    for word, months in SEASONS.items():
        if word in title:
            return [day for day in days if day.month in months] or days
    return days


def fit_headcounts(rng: random.Random, ranges: list[tuple[int, int]], total: int) -> list[int]:
    """Headcounts drawn within each range, then nudged one by one (round robin) to add up to `total` exactly."""
    if not sum(lo for lo, _hi in ranges) <= total <= sum(hi for _lo, hi in ranges):
        raise ValueError(f"{total} cannot be reached with ranges {ranges}")
    values = [rng.randint(lo, hi) for lo, hi in ranges]
    diff, index = total - sum(values), 0
    while diff:
        lo, hi = ranges[index % len(ranges)]
        position = index % len(ranges)
        if diff > 0 and values[position] < hi:
            values[position] += 1
            diff -= 1
        elif diff < 0 and values[position] > lo:
            values[position] -= 1
            diff += 1
        index += 1
    return values


def _draw(rng: random.Random, pool: list, count: int) -> list:
    """`count` items: the whole pool shuffled, as often as needed (so repeats come only once all were used)."""
    drawn: list = []
    while len(drawn) < count:
        batch = list(pool)
        rng.shuffle(batch)
        drawn.extend(batch)
    return drawn[:count]


def _since(key: str) -> dt.date:
    return ENTITY_BY_KEY[key].since


def _friendly_visits(year: int) -> list[EventSpec]:
    batches, person_times = DEMO_FIGURES[year]["other"]
    rng = random.Random(f"ningbo-demo-friendly-{year}")
    pool = [item for item in FRIENDLY_POOL if item[6] <= year]
    chosen = _draw(rng, pool, batches)
    counts = fit_headcounts(rng, [(lo, hi) for *_rest, lo, hi, _first in chosen], person_times)
    events = []
    for (guest, host, title, location, *_r), count in zip(chosen, counts, strict=True):
        start = rng.choice(_season_days(_working_days(year, since=_since(guest)), title))
        events.append(
            vin(
                start,
                rng.choice((2, 3, 3, 4, 5)),
                title,
                [(guest, count)],
                level=OTHER,
                host=host,
                location=location,
                category="other",
            )
        )
    return events


def _consular_visits(year: int) -> list[EventSpec]:
    countries, embassy = CONSULAR_PLAN[year]
    codes = countries.split()
    ambassadors, consuls_general, consuls = DEMO_CONSULAR_LEVELS[year]
    _batches, person_times = DEMO_FIGURES[year]["consular"]
    rng = random.Random(f"ningbo-demo-consular-{year}")
    levels = [CGL] * consuls_general + [CONS] * consuls
    ranges = [(3, 6) if level == CGL else (2, 4) for level in levels] + [(4, 6)] * ambassadors
    counts = fit_headcounts(rng, ranges, person_times)
    if len(codes) != len(levels):
        raise ValueError(f"{year}: {len(codes)} consulate visits planned for {len(levels)} levels")
    days = _working_days(year)
    events = []
    for code, level, count in zip(codes, levels, counts[: len(levels)], strict=True):
        purpose, purpose_zh, location = rng.choice(CONSULAR_PURPOSES)
        _formal, _formal_zh, short, short_zh = CONSULATE_COUNTRIES[code]
        who, who_zh = ("Consul-General", "总领事") if level == CGL else ("Consular officials", "领事官员")
        title = f"{who} of {short} in Shanghai: {purpose} / {short_zh}驻沪总领馆{who_zh}来甬{purpose_zh}"
        consulate = f"cg_{code.lower()}"
        start = rng.choice(days)
        head = f"{consulate}_head"
        guests = [(consulate, count)]
        if level == CGL and head in ENTITY_BY_KEY and _since(head) <= start:
            guests = [(head, 1), (consulate, count - 1)]
        events.append(vin(start, 1, title, guests, level=level, host="fao", location=location, category="consular"))
    if ambassadors:
        country = ENTITY_BY_KEY[embassy].country
        name = {
            "SI": ("Slovenia", "斯洛文尼亚", "port cooperation with Koper", "推介科佩尔港合作"),
            "EC": ("Ecuador", "厄瓜多尔", "introducing Manta", "推介曼塔市"),
        }[country]
        start = rng.choice(_working_days(year, since=_since(embassy)))
        events.append(
            vin(
                start,
                2,
                f"Ambassador of {name[0]}: visit to Ningbo, {name[2]} / {name[1]}驻华大使来甬访问，{name[3]}",
                [(embassy, counts[-1])],
                level=AMB,
                host="fao",
                category="consular",
            )
        )
    return events


def _outbound_visits(year: int) -> list[EventSpec]:
    batches, person_times = DEMO_FIGURES[year]["visit_out"]
    rng = random.Random(f"ningbo-demo-outbound-{year}")
    pool = [item for item in OUTBOUND_POOL if item[7] <= year]
    chosen = _draw(rng, pool, batches)
    counts = fit_headcounts(rng, [(item[4], item[5]) for item in chosen], person_times)
    events = []
    for (host, ours, title, location, _lo, _hi, level, _first), count in zip(chosen, counts, strict=True):
        start = rng.choice(_season_days(_working_days(year, since=_since(host)), title))
        events.append(
            vout(start, rng.choice((4, 5, 5, 6, 7)), title, [(ours, count)], [host], level=level, location=location)
        )
    return events


def year_events(year: int) -> list[EventSpec]:
    """All the events of one of the compared years, hand-written and generated (deterministic)."""
    written = {2024: YEAR_2024, 2025: YEAR_2025, 2026: YEAR_2026}[year]
    return [*written, *_friendly_visits(year), *_consular_visits(year), *_outbound_visits(year)]


def all_events() -> list[EventSpec]:
    return [*HISTORY, *year_events(2024), *year_events(2025), *year_events(2026), *PLANNED_EVENTS]


def spec_figures(events: list[EventSpec], year: int) -> dict[str, tuple[int, int]]:
    """The DEMO_FIGURES lines computed from the specs (the demo's self-check; tests compare with the database)."""
    held = [e for e in events if e.status == HELD and e.start.year == year]

    def total(items):
        return len(items), sum(e.person_times for e in items)

    inbound = [e for e in held if e.kind == IN]
    figures = {
        "visit_in": total(inbound),
        "visit_out": total([e for e in held if e.kind == OUT]),
        "consular": total([e for e in inbound if e.level in (AMB, CGL, CONS)]),
    }
    for level in ("ministerial", "vice_mayor_plus", "executive", "prefecture", "other"):
        figures[level] = total([e for e in inbound if e.level == level])
    return figures


# ---------------------------------------------------------------------------------------------------------------
# Follow-ups, notes, field changes, the layout plan
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FollowUpSpec:
    title: str
    due: dt.date
    owner: str = "officer"  # demo user
    entity: str = ""
    tie: str = ""
    event: tuple[str, dt.date] | None = None  # (title, start) of an event
    done_on: dt.date | None = None
    notes: str = ""


NAGAOKAKYO_30TH = D(2027, 5, 20)

FOLLOW_UPS = [
    FollowUpSpec(
        "Send the thank-you letter and photo album to the Mayor of Daegu / 致大邱市长感谢信及相册",
        D(2024, 6, 5),
        entity="daegu",
        tie="daegu",
        done_on=D(2024, 6, 3),
    ),
    FollowUpSpec(
        "Send invitations to Nagaokakyo's mayor and council chair for the 30th anniversary / "
        "向长冈京市长、议长发出结好30周年邀请函",
        D(2026, 12, 15),
        entity="nagaokakyo",
        tie="nagaokakyo",
    ),
    FollowUpSpec(
        "Find a cherry-tree planting site for Nagaokakyo's anniversary gift / 落实长冈京赠送樱花树的种植地点",
        D(2027, 2, 28),
        entity="nagaokakyo",
        tie="nagaokakyo",
        notes="Moon Lake Park or the Friendship Garden in Yinzhou; ask the parks bureau.",
    ),
    FollowUpSpec(
        "Prepare the bilingual signing documents for Cixi–Marlboro / 准备慈溪—马伯洛结好协议书中英文本",
        D(2026, 12, 1),
        entity="marlboro",
        tie="marlboro",
    ),
    FollowUpSpec(
        "Outbound-trip approval for the Marlboro signing delegation / 办理赴马伯洛签约团组出访审批",
        D(2026, 11, 10),
        owner="admin",
        tie="marlboro",
        done_on=D(2026, 11, 6),
    ),
    FollowUpSpec(
        "Reply to Koper's letter proposing a port-city forum / 回复科佩尔市关于港口城市论坛的来函",
        D(2026, 10, 30),
        entity="koper",
        tie="koper",
    ),
    FollowUpSpec(
        "Passports back and trip report filed: delegation to Bydgoszcz / 赴比得哥什团组交还护照并提交出访报告",
        D(2026, 11, 20),
        entity="bydgoszcz",
        tie="bydgoszcz",
    ),
    FollowUpSpec(
        "Budget request for the 2027 anniversaries (Nagaokakyo 30th, Aachen 25th, Rouen 20th) / "
        "申报2027年结好周年活动经费（长冈京30周年、亚琛25周年、鲁昂20周年）",
        D(2026, 12, 20),
        owner="admin",
        entity="ningbo",
    ),
    FollowUpSpec(
        "Follow up with Bogor on the draft letter of intent / 跟进茂物市意向书草案",
        D(2026, 12, 18),
        entity="bogor",
        tie="bogor",
    ),
    FollowUpSpec(
        "Ask the province about the Haiphong application (with CPAFFC since September) / 向省外办询问海防结好申报进展",
        D(2026, 11, 13),
        entity="haiphong",
        tie="haiphong",
    ),
    FollowUpSpec(
        "Write to Bundaberg Regional Council to ask whether to revive the tie / 致函班达伯格了解是否恢复交往",
        D(2026, 6, 30),
        entity="bundaberg",
        tie="bundaberg",
        done_on=D(2026, 7, 2),
        notes="No answer by the due date; to be raised with the Australian consulate-general.",
    ),
    FollowUpSpec(
        "Collect the 2025 figures for the annual work summary / 汇总2025年外事工作数据",
        D(2026, 1, 10),
        owner="admin",
        entity="fao",
        done_on=D(2026, 1, 8),
    ),
    FollowUpSpec(
        "Invite Los Angeles County's trade office to the Zhejiang Investment and Trade Fair / "
        "邀请洛杉矶郡贸易办公室参加浙洽会",
        D(2027, 3, 31),
        entity="la_county",
        tie="la_county",
    ),
    FollowUpSpec(
        "Confirm the dates of Ningbo Week in Daegu 2027 / 与大邱市确认2027大邱·宁波周日期",
        D(2026, 12, 31),
        entity="daegu",
        tie="daegu",
        event=("Ningbo Week in Daegu 2027 / 2027大邱·宁波周", D(2027, 6, 14)),
    ),
    FollowUpSpec(
        "Send the UNDP draft MoU to the legal office for review / 将联合国开发计划署合作备忘录草案送法制办审核",
        D(2025, 9, 30),
        entity="undp",
        tie="undp",
        done_on=D(2025, 9, 24),
    ),
]


@dataclass(frozen=True)
class NoteSpec:
    text: str
    on: dt.date
    entity: str = ""
    tie: str = ""
    author: str = "officer"


NOTES = [
    NoteSpec(
        "Daegu's international relations division has moved with City Hall to the Dalseo-gu building; the desk "
        "officer for Ningbo is unchanged. / 大邱市国际交流科随市政府迁至达西区新址，宁波联络人不变。",
        D(2025, 2, 10),
        entity="daegu",
    ),
    NoteSpec(
        "Daegu Bank was renamed iM Bank in May 2024; Bank of Ningbo's partnership continues under the new name. "
        "/ 大邱银行2024年5月更名为iM银行，与宁波银行的合作继续。",
        D(2024, 6, 12),
        entity="daegu",
    ),
    NoteSpec(
        "Both sides agreed to hold Ningbo Week in Daegu every year and to alternate youth camps. / "
        "双方商定每年举办大邱·宁波周，青少年营隔年互办。",
        D(2025, 6, 18),
        tie="daegu",
    ),
    NoteSpec(
        "Daegu's mayor's office proposes upgrading at the 10th anniversary; the province advises applying by "
        "January 2024. / 大邱市长办公室提议结好10周年时升格；省外办建议2024年1月前申报。",
        D(2023, 9, 22),
        tie="daegu_fx",
    ),
    NoteSpec(
        "Nagaokakyo plans a 55-strong delegation for the 30th anniversary and will bring cherry trees; they ask "
        "for a planting site. / 长冈京拟派55人团出席结好30周年并赠送樱花树，请我方落实种植地点。",
        D(2026, 9, 15),
        tie="nagaokakyo",
        author="admin",
    ),
    NoteSpec(
        "Introduced by Ms Helen Shen, a Marlboro resident born in Cixi, who presented Cixi to the township "
        "council and is now its deputy mayor. / 由旅居马伯洛的慈溪籍人士沈慧敏女士引荐，现任该市副市长。",
        D(2023, 9, 5),
        tie="marlboro",
    ),
    NoteSpec(
        "The Slovenian embassy suggests linking Koper with Ningbo Zhoushan Port's rail-sea service. / "
        "斯洛文尼亚使馆建议将科佩尔港与宁波舟山港海铁联运对接。",
        D(2025, 10, 23),
        entity="koper",
    ),
    NoteSpec(
        "Iranian side asks to sign the friendship agreement during a mayoral visit in 2026; any economic project "
        "to be checked against export-control rules first. / "
        "伊方希望2026年市长互访时签署结好协议，经贸项目须先做合规审查。",
        D(2025, 5, 20),
        tie="bandar_abbas",
    ),
    NoteSpec(
        "No reply to letters since 2022; the council's international officer has retired. / "
        "2022年以来来函未复，对方国际事务联络人已退休。",
        D(2022, 6, 20),
        tie="bundaberg",
    ),
]

# Field edits recorded after an entity was put on file (they show as "changes" on its timeline).
ENTITY_CHANGES = [
    # key, field, value when first filed, date of the edit
    ("daegu", "population", 2_418_000, D(2025, 3, 14)),
    ("busan", "population", 3_400_000, D(2025, 2, 10)),
    ("nagaokakyo", "website", "", D(2019, 4, 2)),
]
TIE_NOTES = [
    ("daegu", "Alternating Ningbo Week / Daegu Week agreed in June 2025.", D(2025, 6, 18)),
]

LAYOUT_PLAN_NAME = "Ningbo friendship-city layout plan 2026–2030 / 宁波市国际友城布局规划（2026—2030年）"
LAYOUT_PLAN_NOTES = (
    "Focus on ASEAN cities, deepen Japan and Korea, expand to Europe, North America and Oceania, keep Latin America "
    "and Africa in view; open the blank countries; use existing partners to radiate to their neighbours "
    "(以点带面、板块推进); push ties down to districts, schools, firms and hospitals (友城内涵延伸). / "
    "以东盟国家城市为重点，深化与日韩的交往，向欧美澳发达地区拓展，兼顾拉非；开辟友城空白国家；以现有友城带动周边城市和国家。"
)
LAYOUT_RULES = [
    # region or country, tier, target number of ties, notes
    ("asean", "", PlanTier.FOCUS, 6, "Priority: ASEAN cities (中国—东盟自由贸易区)."),
    ("", "JP", PlanTier.DEEPEN, 5, "Deepen ties with Japan."),
    ("", "KR", PlanTier.DEEPEN, 7, "Deepen ties with Korea."),
    ("europe", "", PlanTier.EXPAND, 10, "Key cities in Europe."),
    ("northern-america", "", PlanTier.EXPAND, 4, "Key cities in North America."),
    ("oceania", "", PlanTier.EXPAND, 4, "Key cities in Oceania."),
    ("latin-america-and-the-caribbean", "", PlanTier.CONSIDER, 2, "Where our enterprises invest."),
    ("africa", "", PlanTier.CONSIDER, 3, "Keep in view."),
    ("", "KH", PlanTier.FOCUS, 1, "Blank country: Cambodia."),
    ("", "LA", PlanTier.FOCUS, 1, "Blank country: Laos."),
    ("", "MM", PlanTier.FOCUS, 1, "Blank country: Myanmar."),
    ("", "CL", PlanTier.EXPAND, 1, "Blank country: Chile."),
    ("", "BR", PlanTier.EXPAND, 1, "Blank country: Brazil."),
    ("", "DE", PlanTier.EXPAND, 2, "A second German partner beside Aachen."),
    ("", "FR", PlanTier.EXPAND, 2, "A second French partner beside Rouen."),
    ("", "ES", PlanTier.EXPAND, 1, "Blank country: Spain."),
]
LAYOUT_TARGETS = [
    ("bogor", "Priority target: seek sister-city ties with Bogor (重点推进与印尼茂物市的交往)."),
    ("la_county", "Priority target: seek sister-city ties with Los Angeles County (重点推进与美国洛杉矶郡的交往)."),
]

# ---------------------------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------------------------

_CLOCK: contextvars.ContextVar[dt.datetime | None] = contextvars.ContextVar("demo_world_clock", default=None)
_CLOCK_UID = "demo.world.history_clock"


def _stamp_history(sender, history_instance, **kwargs) -> None:
    """Date a history row on the loader's clock (the day the office would have recorded the change)."""
    when = _CLOCK.get()
    if when is not None:
        history_instance.history_date = when


@contextlib.contextmanager
def _history_clock() -> Iterator[None]:
    pre_create_historical_record.connect(_stamp_history, dispatch_uid=_CLOCK_UID, weak=False)
    try:
        yield
    finally:
        pre_create_historical_record.disconnect(dispatch_uid=_CLOCK_UID)


@contextlib.contextmanager
def _at(day: dt.date) -> Iterator[None]:
    token = _CLOCK.set(dt.datetime.combine(min(day, DEMO_TODAY), dt.time(10, 0), tzinfo=TZ))
    try:
        yield
    finally:
        _CLOCK.reset(token)


@functools.cache
def _tie_first_dates() -> dict[str, dt.date]:
    firsts = {}
    for spec in TIES:
        firsts[spec.key] = spec.steps[0].on
        if spec.successor:
            firsts[spec.successor] = next(s.on for s in spec.steps if isinstance(s, Step) and s.status == "upgraded")
    return firsts


PARTNERSHIPS = {RelationKind(k) for k in (SC, FX, FD, FS, FE, FO, COOP, MEM)}


@functools.cache
def _partner_ties() -> dict[str, list[str]]:
    """entity key -> the keys of partnership ties it is the partner of."""
    partner: dict[str, list[str]] = {}
    for spec in TIES:
        if spec.kind in PARTNERSHIPS:
            partner.setdefault(spec.target, []).append(spec.successor or spec.key)
    return partner


def served_ties(spec: EventSpec) -> list[str]:
    """The ties an event serves: as given, else the ties in force on its date of the foreign partners taking part
    (or of their parent: a mayor serves the city's tie)."""
    if spec.ties is not None:
        return list(spec.ties)
    partner, firsts = _partner_ties(), _tie_first_dates()
    keys: list[str] = []
    for key, _role, _n in spec.participants:
        entity = ENTITY_BY_KEY[key]
        while entity is not None and entity.key not in partner:
            entity = ENTITY_BY_KEY.get(entity.parent) if entity.parent else None
        if entity is None or entity.domestic:
            continue
        for tie in partner[entity.key]:
            if tie == "daegu" and spec.start < DAEGU_UPGRADED:
                tie = "daegu_fx"
            if firsts[tie] <= spec.start and tie not in keys:
                keys.append(tie)
    return keys


def _recorded_on(spec: EventSpec) -> dt.date:
    if spec.status == PLANNED:
        return min(spec.start - dt.timedelta(days=30), DEMO_TODAY - dt.timedelta(days=7))
    return (spec.end or spec.start) + dt.timedelta(days=1)


# ---------------------------------------------------------------------------------------------------------------
# The service desk: a year of services (the seeds' figures) and the APEC card register
# ---------------------------------------------------------------------------------------------------------------
# Each year's totals per kind of service, (batches 批, items 人次/份/张), entered as month's totals. 2025 carries
# Ningbo's summary (因公签证1634批5109人次, 代办因私签证4575批7478人次, 领事认证8647批16098份, 同比分别增加10.1%和
# 10.5%, 邀请外国人来华5038批7226人次, 翻译3183批8209份) and Wujiang's APEC figures (受理694人申请, 获卡396张, 累计
# 获卡529张); 2024 is the year before (领事认证7853批14568份, so the changes read 10.1% and 10.5%; 694 applications
# were 2.94 times 2024's 236); 2026 runs to the month before DEMO_TODAY (October).
SERVICE_YEARS: dict[int, dict[str, tuple[int, int]]] = {
    2024: {
        "official_passport_visa": (1588, 4870),
        "private_visa": (4102, 6893),
        "consular_certification": (7853, 14568),
        "invitation": (4817, 6954),
        "apec_application": (0, 236),
        "apec_issued": (0, 118),
        "apec_held": (0, 133),
        "translation": (2967, 7702),
        "key_enterprise": (0, 212),
    },
    2025: {
        "official_passport_visa": (1634, 5109),
        "private_visa": (4575, 7478),
        "consular_certification": (8647, 16098),
        "invitation": (5038, 7226),
        "apec_application": (0, 694),
        "apec_issued": (0, 396),
        "apec_held": (0, 529),
        "translation": (3183, 8209),
        "key_enterprise": (0, 236),
    },
    2026: {
        "official_passport_visa": (1421, 4460),
        "private_visa": (4012, 6577),
        "consular_certification": (7588, 14102),
        "invitation": (4380, 6268),
        "apec_application": (0, 512),
        "apec_issued": (0, 331),
        "apec_held": (0, 860),
        "translation": (2790, 7166),
        "key_enterprise": (0, 174),
    },
}
SERVICE_LAST_MONTH = {2024: 12, 2025: 12, 2026: 10}
SERVICE_NOTE = "演示数据：宁波、吴江外办年度总结的数字，按月分配"
# Holders of APEC business travel cards: managers of Ningbo's enterprises.
APEC_HOLDERS = [
    ("youngor_apec", "Li Ruhong", "李如宏", "youngor", "General manager, Youngor Group"),
    ("joyson_apec", "Chen Weiming", "陈伟明", "joyson", "Director of international business, Joyson Electronics"),
    ("fotile_apec", "Zhang Lihua", "张丽华", "fotile", "Overseas sales manager, Fotile Group"),
    ("youngor_apec2", "Wang Jianguo", "王建国", "youngor", "Head of purchasing, Youngor Group"),
]
APEC_CARDS = [
    ("APEC-CHN-330200-0001", "youngor_apec", D(2022, 3, 8), D(2027, 3, 7)),
    ("APEC-CHN-330200-0002", "joyson_apec", D(2021, 12, 10), D(2026, 12, 9)),  # expires within 90 days of today
    ("APEC-CHN-330200-0003", "fotile_apec", D(2024, 6, 3), D(2029, 6, 2)),
    ("APEC-CHN-330200-0004", "youngor_apec2", D(2022, 1, 20), D(2027, 1, 19)),  # also soon
]


def split_over_months(total: int, months: int, rng: random.Random) -> list[int]:
    """`total` spread over `months` with a little seasonal wobble, adding up exactly (deterministic with rng)."""
    if months <= 0:
        return []
    weights = [rng.uniform(0.75, 1.25) for _ in range(months)]
    shares = [int(total * w / sum(weights)) for w in weights]
    for index in range(total - sum(shares)):
        shares[index % months] += 1
    return shares


def service_months(year: int) -> list[tuple[dt.date, str, int, int]]:
    """(first of month, kind code, batches, items) of the year's month's totals; a running total (apec_held) rises
    month by month to the year's figure."""
    rng = random.Random(f"services-{year}")
    last = SERVICE_LAST_MONTH[year]
    rows = []
    for code, (batches, items) in SERVICE_YEARS[year].items():
        if code == "apec_held":
            start = SERVICE_YEARS.get(year - 1, {}).get(code, (0, 0))[1]
            for month in range(1, last + 1):
                rows.append((D(year, month, 1), code, 0, start + (items - start) * month // last))
            continue
        for month, (b, i) in enumerate(
            zip(split_over_months(batches, last, rng), split_over_months(items, last, rng), strict=True), start=1
        ):
            rows.append((D(year, month, 1), code, b, i))
    return rows


@dataclass
class _Loader:
    users: dict  # demo username -> User
    entities: dict = field(default_factory=dict)
    ties: dict = field(default_factory=dict)
    created: Counter = field(default_factory=Counter)

    @property
    def admin(self):
        return self.users["admin"]

    @property
    def officer(self):
        return self.users["officer"]

    def run(self) -> None:
        for year, figures in DEMO_FIGURES.items():
            if spec_figures(all_events(), year) != figures:  # a programming error in the tables above
                raise ValueError(f"The demo's {year} events do not add up to DEMO_FIGURES[{year}].")
        stages = (
            ("entities", self.load_entities),
            ("contact points", self.load_contact_points),
            ("ties and their steps", self.load_ties),
            ("events", self.load_events),
            ("anniversary plan", self.load_anniversary_plan),
            ("follow-ups", self.load_followups),
            ("notes", self.load_notes),
            ("layout plan", self.load_layout_plan),
            ("service desk", self.load_services),
            ("outbound trips", self.load_trips),
        )
        for number, (name, load) in enumerate(stages, start=1):
            self.progress(number, len(stages), name)
            load()

    # --- entities -------------------------------------------------------------------------------------------------
    def load_entities(self) -> None:
        names = {spec.name for spec in ENTITIES}
        existing = {(e.kind, e.name, e.country.code or ""): e for e in Entity.objects.filter(name__in=names)}
        changes = {(key, name): (first, on) for key, name, first, on in ENTITY_CHANGES}
        for spec in ENTITIES:
            entity = existing.get((spec.kind, spec.name, spec.country))
            if entity is None:
                entity = self._entity_create(spec, changes)
            self.entities[spec.key] = entity

    def _entity_create(self, spec: EntitySpec, changes: dict) -> Entity:
        entity = Entity(
            kind=spec.kind,
            name=spec.name,
            name_zh=spec.name_zh,
            name_en=spec.name_en,
            aliases=list(spec.aliases),
            title=spec.title,
            country=spec.country,
            domestic=spec.domestic,
            parent=self.entities.get(spec.parent) if spec.parent else None,
            latitude=spec.lat,
            longitude=spec.lon,
            population=spec.population,
            geonameid=spec.geonameid,
            website=spec.website,
            tags=list(spec.tags),
            notes=spec.notes,
        )
        edits = [(name, first, on) for (key, name), (first, on) in changes.items() if key == spec.key]
        for name, first, _on in edits:
            setattr(entity, name, first)
        # The check constraints are the database's; Entity.clean() says the same with field names (and costs no
        # query per constraint).
        entity.full_clean(validate_constraints=False)
        attribute(entity, self.admin)
        with _at(spec.since):
            entity.save()
        for name, _first, on in edits:
            setattr(entity, name, getattr(spec, name))
            attribute(entity, self.officer)
            with _at(on):
                entity.save()
        self.created["entities"] += 1
        return entity

    def load_contact_points(self) -> None:
        for key, kind, label, value in CONTACT_POINTS:
            entity = self.entities[key]
            if ContactPoint.objects.filter(entity=entity, kind=kind, value=value).exists():
                continue
            point = ContactPoint(entity=entity, kind=kind, label=label, value=value)
            point.full_clean()
            attribute(point, self.admin)
            with _at(ENTITY_BY_KEY[key].since):
                point.save()
            self.created["contact points"] += 1

    # --- ties -----------------------------------------------------------------------------------------------------
    def load_ties(self) -> None:
        ids = [entity.pk for entity in self.entities.values()]
        existing = {
            (r.source_id, r.target_id, r.kind): r
            for r in Relation.objects.filter(source_id__in=ids, target_id__in=ids).select_related("upgraded_to")
        }
        for spec in TIES:
            source, target = self.entities[spec.source], self.entities[spec.target]
            relation = existing.get((source.pk, target.pk, spec.kind))
            if relation is None:
                relation = self._tie_replay(spec, source, target)
            elif spec.successor:
                successor = getattr(relation, "upgraded_to", None)
                if successor is not None:
                    self.ties[spec.successor] = successor
            self.ties[spec.key] = relation

    def _tie_replay(self, spec: TieSpec, source: Entity, target: Entity) -> Relation:
        """Put the tie on file at its first status, then replay every later step through the services."""
        first, *rest = spec.steps
        signed = first.status in (RelationStatus.SIGNED, RelationStatus.DORMANT)
        by = self.admin if spec.kind in (POS, INTRO) else self.officer
        with _at(first.on):
            relation = relation_create(
                kind=spec.kind,
                source=source,
                target=target,
                by=by,
                status=first.status,
                established_on=spec.established_on if signed else None,
                on=first.on,
                title=spec.title,
                start_date=spec.start_date,
                notes=spec.notes,
                note=first.note,
                document_no=first.document_no,
            )
        self.created["ties"] += 1
        for step in rest:
            with _at(step.on):
                if isinstance(step, Approval):
                    approval_record(
                        relation=relation,
                        level=step.level,
                        outcome=step.outcome,
                        on=step.on,
                        by=by,
                        note=step.note,
                        document_no=step.document_no,
                    )
                elif step.status == RelationStatus.UPGRADED:
                    successor = relation_upgrade(
                        relation=relation, on=step.on, by=by, note=step.note, document_no=step.document_no
                    )
                    self.ties[spec.successor] = successor
                    self.created["ties"] += 1
                    self._upgrade_extras(successor)
                else:
                    relation_advance(
                        relation=relation,
                        to_status=step.status,
                        on=step.on,
                        by=by,
                        note=step.note,
                        document_no=step.document_no,
                    )
        if spec.end_date:
            with _at(spec.end_date):
                relation_update(relation=Relation.objects.get(pk=relation.pk), data={"end_date": spec.end_date}, by=by)
        return Relation.objects.get(pk=relation.pk)

    def _upgrade_extras(self, successor: Relation) -> None:
        """The Daegu upgrade's own approvals (recorded on the new tie) and a later edit of its notes."""
        for approval in DAEGU_UPGRADE_APPROVALS:
            decision = ApprovalDecision(
                relation=successor,
                level=approval.level,
                outcome=approval.outcome,
                date=approval.on,
                note=f"Upgrade to sister cities: {approval.note}",
                document_no=approval.document_no,
                recorded_by=self.officer,
            )
            decision.full_clean()
            attribute(decision, self.officer)
            with _at(approval.on):
                decision.save()
        for key, notes, on in TIE_NOTES:
            if key == "daegu":
                with _at(on):
                    relation_update(
                        relation=Relation.objects.get(pk=successor.pk), data={"notes": notes}, by=self.officer
                    )

    # --- events ---------------------------------------------------------------------------------------------------
    def load_events(self) -> None:
        specs = all_events()
        existing = set(Event.objects.filter(title__in={s.title for s in specs}).values_list("title", "start_date"))
        for spec in specs:
            if (spec.title, spec.start) in existing:
                continue
            participants = [
                {"entity": self.entities[key], "role": role, "headcount": n} for key, role, n in spec.participants
            ]
            with _at(_recorded_on(spec)):
                event_create(
                    by=self.officer,
                    participants=participants,
                    relations=[self.ties[key] for key in served_ties(spec)],
                    kind=spec.kind,
                    status=spec.status,
                    title=spec.title,
                    start_date=spec.start,
                    end_date=spec.end,
                    location=spec.location,
                    level=spec.level,
                    headcount=spec.headcount,
                    outcome=spec.outcome,
                    notes=spec.notes,
                )
            self.created["events"] += 1

    def load_anniversary_plan(self) -> None:
        """Nagaokakyo's 30th anniversary is being planned: the planning follow-up (done) and the draft event."""
        with _at(D(2026, 8, 3)):
            plan = anniversary_plan(
                relation=self.ties["nagaokakyo"], date=NAGAOKAKYO_30TH, by=self.officer, due=D(2026, 8, 20)
            )
        if plan.created:
            self.created["events"] += 1
            self.created["follow-ups"] += 1
            with _at(D(2026, 8, 14)):
                followup_mark_done(
                    followup=plan.followup, by=self.officer, at=dt.datetime(2026, 8, 14, 16, 30, tzinfo=TZ)
                )

    # --- follow-ups and notes ---------------------------------------------------------------------------------------
    def load_followups(self) -> None:
        existing = set(
            FollowUp.objects.filter(title__in={f.title for f in FOLLOW_UPS}).values_list("title", "due_date")
        )
        for spec in FOLLOW_UPS:
            if (spec.title, spec.due) in existing:
                continue
            owner = self.users[spec.owner]
            event = Event.objects.filter(title=spec.event[0], start_date=spec.event[1]).first() if spec.event else None
            with _at(min(spec.due - dt.timedelta(days=21), spec.done_on or spec.due)):
                followup = followup_create(
                    title=spec.title,
                    due_date=spec.due,
                    by=owner,
                    owner=owner,
                    entity=self.entities.get(spec.entity),
                    relation=self.ties.get(spec.tie),
                    event=event,
                    notes=spec.notes,
                )
            if spec.done_on:
                with _at(spec.done_on):
                    followup_mark_done(
                        followup=followup, by=owner, at=dt.datetime.combine(spec.done_on, dt.time(17, 0), tzinfo=TZ)
                    )
            self.created["follow-ups"] += 1

    def load_notes(self) -> None:
        for spec in NOTES:
            entity, relation = self.entities.get(spec.entity), self.ties.get(spec.tie)
            if Note.objects.filter(text=spec.text, entity=entity, relation=relation).exists():
                continue
            with _at(spec.on):
                note = note_create(text=spec.text, author=self.users[spec.author], entity=entity, relation=relation)
            # Back-date the note itself (its timeline date), as an officer's note written on that day.
            when = dt.datetime.combine(spec.on, dt.time(15, 0), tzinfo=TZ)
            Note.objects.filter(pk=note.pk).update(created=when, updated=when)
            self.created["notes"] += 1

    # --- the layout plan ----------------------------------------------------------------------------------------------
    def load_layout_plan(self) -> None:
        home = self.entities[HOME_KEY]
        plan = LayoutPlan.objects.filter(home=home, name=LAYOUT_PLAN_NAME).first()
        if plan is None:
            plan = self._save(
                LayoutPlan(home=home, name=LAYOUT_PLAN_NAME, start_year=2026, end_year=2030, notes=LAYOUT_PLAN_NOTES),
                D(2026, 1, 15),
            )
            self.created["layout plans"] += 1
        for region, country, tier, target, notes in LAYOUT_RULES:
            if not LayoutRule.objects.filter(plan=plan, region=region, country=country).exists():
                self._save(
                    LayoutRule(plan=plan, region=region, country=country, tier=tier, target=target, notes=notes),
                    D(2026, 1, 15),
                )
                self.created["layout rules"] += 1
        for key, notes in LAYOUT_TARGETS:
            entity = self.entities[key]
            if not LayoutTarget.objects.filter(plan=plan, entity=entity).exists():
                self._save(
                    LayoutTarget(
                        plan=plan,
                        entity=entity,
                        geonameid=entity.geonameid,
                        name=entity.name_en,
                        country=entity.country,
                        notes=notes,
                    ),
                    D(2026, 1, 15),
                )
                self.created["layout targets"] += 1

    # --- the service desk ---------------------------------------------------------------------------------------
    def load_services(self) -> None:
        """The years' month's totals per kind (replaced only when a figure differs: a second load writes nothing)
        and the APEC card register with its holders."""
        kinds = {kind.code: kind for kind in ServiceKind.objects.all()}
        for year in SERVICE_YEARS:
            by_month: dict[dt.date, dict] = {}
            for month, code, batches, items in service_months(year):
                if code in kinds:
                    by_month.setdefault(month, {})[kinds[code]] = (batches, items)
            for month, totals in by_month.items():
                with _at(month.replace(day=28) + dt.timedelta(days=5)):
                    written = service_month_record(month=month, totals=totals, note=SERVICE_NOTE, by=self.officer)
                if written:
                    self.created["service entries"] += len(written)
        holders = {}
        for key, name, zh, enterprise, title in APEC_HOLDERS:
            spec = EntitySpec(
                key=key,
                kind="person",
                name=zh,
                name_zh=zh,
                name_en=name,
                country="CN",
                domestic=True,
                title=title,
                parent=enterprise,
                since=D(2021, 6, 1),
            )
            existing = Entity.objects.filter(kind="person", name=zh, country="CN").first()
            holders[key] = existing or self._entity_create(spec, {})
        numbers = [card[0] for card in APEC_CARDS]
        known = set(ApecCard.objects.filter(number__in=numbers).values_list("number", flat=True))
        for number, holder, issued, expires in APEC_CARDS:
            if number in known:
                continue
            with _at(issued):
                apec_card_create(
                    holder=holders[holder],
                    enterprise=holders[holder].parent,
                    number=number,
                    issued_on=issued,
                    expires_on=expires,
                    by=self.officer,
                )
            self.created["APEC cards"] += 1

    # --- outbound trips (demo.trips) ------------------------------------------------------------------------------
    def load_trips(self) -> None:
        from demo.trips import TripLoader

        TripLoader(entities=self.entities, officer=self.officer, admin=self.admin, at=_at, created=self.created,
                   create_entity=self._entity_create).load()  # fmt: skip

    def _save(self, instance, on: dt.date):
        instance.full_clean()
        attribute(instance, self.admin)
        with _at(on):
            instance.save()
        return instance


@transaction.atomic
def demo_world_load(*, users: dict, progress=None) -> Counter:
    """Load the demo world (idempotent); `users` maps the demo usernames 'admin' and 'officer' to users.

    `progress(number, total, stage)` is told as each stage starts. Returns how many records of each sort were
    created (nothing on a second run).
    """
    loader = _Loader(users=users)
    loader.progress = progress or (lambda number, total, stage: None)
    with _history_clock():
        loader.run()
    return loader.created


def demo_home() -> Entity | None:
    """The demo's home city, if the demo world is loaded."""
    spec = ENTITY_BY_KEY[HOME_KEY]
    return Entity.objects.filter(kind=spec.kind, name=spec.name, country=spec.country).first()
