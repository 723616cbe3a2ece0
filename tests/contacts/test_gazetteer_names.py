"""The gazetteer's Chinese names: the standard mainland forms for well-known cities, Simplified throughout, no
Japanese kanji in the curated table, and an officer's correction on a filed entity kept."""

import csv
import re

import pytest

from contacts import gazetteer
from contacts.gazetteer import CURATED_NAMES, chinese_name, curated_names, to_mainland

# The capital of every country with which China has diplomatic relations and that has a city in the gazetteer (as
# GeoNames names it), then the 50 most populous cities outside China: (country, GeoNames name, standard name), the
# names as the Ministry of Foreign Affairs and Xinhua write them.
CAPITALS = [
    # Asia
    ("AF", "Kabul", "喀布尔"),
    ("AM", "Yerevan", "埃里温"),
    ("AZ", "Baku", "巴库"),
    ("BH", "Manama", "麦纳麦"),
    ("BD", "Dhaka", "达卡"),
    ("BN", "Bandar Seri Begawan", "斯里巴加湾市"),
    ("KH", "Phnom Penh", "金边"),
    ("CY", "Nicosia", "尼科西亚"),
    ("GE", "Tbilisi", "第比利斯"),
    ("IN", "New Delhi", "新德里"),
    ("ID", "Jakarta", "雅加达"),
    ("IR", "Tehran", "德黑兰"),
    ("IQ", "Baghdad", "巴格达"),
    ("JP", "Tokyo", "东京"),
    ("JO", "Amman", "安曼"),
    ("KZ", "Astana", "阿斯塔纳"),
    ("KW", "Kuwait City", "科威特城"),
    ("KG", "Bishkek", "比什凯克"),
    ("LA", "Vientiane", "万象"),
    ("LB", "Beirut", "贝鲁特"),
    ("MY", "Kuala Lumpur", "吉隆坡"),
    ("MV", "Male", "马累"),
    ("MN", "Ulan Bator", "乌兰巴托"),
    ("MM", "Nay Pyi Taw", "内比都"),
    ("NP", "Kathmandu", "加德满都"),
    ("KP", "Pyongyang", "平壤"),
    ("OM", "Muscat", "马斯喀特"),
    ("PK", "Islamabad", "伊斯兰堡"),
    ("PH", "Manila", "马尼拉"),
    ("QA", "Doha", "多哈"),
    ("SA", "Riyadh", "利雅得"),
    ("SG", "Singapore", "新加坡"),
    ("KR", "Seoul", "首尔"),
    ("LK", "Colombo", "科伦坡"),
    ("SY", "Damascus", "大马士革"),
    ("TJ", "Dushanbe", "杜尚别"),
    ("TH", "Bangkok", "曼谷"),
    ("TL", "Dili", "帝力"),
    ("TR", "Ankara", "安卡拉"),
    ("TM", "Ashgabat", "阿什哈巴德"),
    ("AE", "Abu Dhabi", "阿布扎比"),
    ("UZ", "Tashkent", "塔什干"),
    ("VN", "Hanoi", "河内"),
    ("YE", "Sanaa", "萨那"),
    # Europe
    ("AL", "Tirana", "地拉那"),
    ("AD", "Andorra la Vella", "安道尔城"),
    ("AT", "Vienna", "维也纳"),
    ("BY", "Minsk", "明斯克"),
    ("BE", "Brussels", "布鲁塞尔"),
    ("BA", "Sarajevo", "萨拉热窝"),
    ("BG", "Sofia", "索非亚"),
    ("HR", "Zagreb", "萨格勒布"),
    ("CZ", "Prague", "布拉格"),
    ("DK", "Copenhagen", "哥本哈根"),
    ("EE", "Tallinn", "塔林"),
    ("FI", "Helsinki", "赫尔辛基"),
    ("FR", "Paris", "巴黎"),
    ("DE", "Berlin", "柏林"),
    ("GR", "Athens", "雅典"),
    ("HU", "Budapest", "布达佩斯"),
    ("IS", "Reykjavík", "雷克雅未克"),
    ("IE", "Dublin", "都柏林"),
    ("IT", "Rome", "罗马"),
    ("LV", "Riga", "里加"),
    ("LI", "Vaduz", "瓦杜兹"),
    ("LT", "Vilnius", "维尔纽斯"),
    ("LU", "Luxembourg", "卢森堡"),
    ("MT", "Valletta", "瓦莱塔"),
    ("MD", "Chisinau", "基希讷乌"),
    ("MC", "Monaco", "摩纳哥"),
    ("ME", "Podgorica", "波德戈里察"),
    ("NL", "Amsterdam", "阿姆斯特丹"),
    ("MK", "Skopje", "斯科普里"),
    ("NO", "Oslo", "奥斯陆"),
    ("PL", "Warsaw", "华沙"),
    ("PT", "Lisbon", "里斯本"),
    ("RO", "Bucharest", "布加勒斯特"),
    ("RU", "Moscow", "莫斯科"),
    ("SM", "San Marino", "圣马力诺"),
    ("RS", "Belgrade", "贝尔格莱德"),
    ("SK", "Bratislava", "布拉迪斯拉发"),
    ("SI", "Ljubljana", "卢布尔雅那"),
    ("ES", "Madrid", "马德里"),
    ("SE", "Stockholm", "斯德哥尔摩"),
    ("CH", "Bern", "伯尔尼"),
    ("UA", "Kyiv", "基辅"),
    ("GB", "London", "伦敦"),
    # Africa
    ("DZ", "Algiers", "阿尔及尔"),
    ("AO", "Luanda", "罗安达"),
    ("BJ", "Porto-Novo", "波多诺伏"),
    ("BW", "Gaborone", "哈博罗内"),
    ("BF", "Ouagadougou", "瓦加杜古"),
    ("BI", "Gitega", "基特加"),
    ("CV", "Praia", "普拉亚"),
    ("CM", "Yaoundé", "雅温得"),
    ("CF", "Bangui", "班吉"),
    ("TD", "N'Djamena", "恩贾梅纳"),
    ("KM", "Moroni", "莫罗尼"),
    ("CG", "Brazzaville", "布拉柴维尔"),
    ("CD", "Kinshasa", "金沙萨"),
    ("CI", "Yamoussoukro", "亚穆苏克罗"),
    ("DJ", "Djibouti", "吉布提"),
    ("EG", "Cairo", "开罗"),
    ("GQ", "Malabo", "马拉博"),
    ("ER", "Asmara", "阿斯马拉"),
    ("ET", "Addis Ababa", "亚的斯亚贝巴"),
    ("GA", "Libreville", "利伯维尔"),
    ("GM", "Banjul", "班珠尔"),
    ("GH", "Accra", "阿克拉"),
    ("GN", "Conakry", "科纳克里"),
    ("GW", "Bissau", "比绍"),
    ("KE", "Nairobi", "内罗毕"),
    ("LS", "Maseru", "马塞卢"),
    ("LR", "Monrovia", "蒙罗维亚"),
    ("LY", "Tripoli", "的黎波里"),
    ("MG", "Antananarivo", "塔那那利佛"),
    ("MW", "Lilongwe", "利隆圭"),
    ("ML", "Bamako", "巴马科"),
    ("MR", "Nouakchott", "努瓦克肖特"),
    ("MU", "Port Louis", "路易港"),
    ("MA", "Rabat", "拉巴特"),
    ("MZ", "Maputo", "马普托"),
    ("NA", "Windhoek", "温得和克"),
    ("NE", "Niamey", "尼亚美"),
    ("NG", "Abuja", "阿布贾"),
    ("RW", "Kigali", "基加利"),
    ("ST", "São Tomé", "圣多美"),
    ("SN", "Dakar", "达喀尔"),
    ("SC", "Victoria", "维多利亚"),
    ("SL", "Freetown", "弗里敦"),
    ("SO", "Mogadishu", "摩加迪沙"),
    ("ZA", "Pretoria", "比勒陀利亚"),
    ("SS", "Juba", "朱巴"),
    ("SD", "Khartoum", "喀土穆"),
    ("TZ", "Dodoma", "多多马"),
    ("TG", "Lomé", "洛美"),
    ("TN", "Tunis", "突尼斯"),
    ("UG", "Kampala", "坎帕拉"),
    ("ZM", "Lusaka", "卢萨卡"),
    ("ZW", "Harare", "哈拉雷"),
    # The Americas
    ("AG", "Saint John's", "圣约翰"),
    ("AR", "Buenos Aires", "布宜诺斯艾利斯"),
    ("BS", "Nassau", "拿骚"),
    ("BB", "Bridgetown", "布里奇顿"),
    ("BO", "Sucre", "苏克雷"),
    ("BR", "Brasília", "巴西利亚"),
    ("CA", "Ottawa", "渥太华"),
    ("CL", "Santiago", "圣地亚哥"),
    ("CO", "Bogotá", "波哥大"),
    ("CR", "San José", "圣何塞"),
    ("CU", "Havana", "哈瓦那"),
    ("DM", "Roseau", "罗索"),
    ("DO", "Santo Domingo", "圣多明各"),
    ("EC", "Quito", "基多"),
    ("SV", "San Salvador", "圣萨尔瓦多"),
    ("GD", "Saint George's", "圣乔治"),
    ("GY", "Georgetown", "乔治敦"),
    ("HN", "Tegucigalpa", "特古西加尔巴"),
    ("JM", "Kingston", "金斯敦"),
    ("MX", "Mexico City", "墨西哥城"),
    ("NI", "Managua", "马那瓜"),
    ("PA", "Panama City", "巴拿马城"),
    ("PE", "Lima", "利马"),
    ("SR", "Paramaribo", "帕拉马里博"),
    ("TT", "Port of Spain", "西班牙港"),
    ("US", "Washington", "华盛顿"),
    ("UY", "Montevideo", "蒙得维的亚"),
    ("VE", "Caracas", "加拉加斯"),
    # Oceania
    ("AU", "Canberra", "堪培拉"),
    ("CK", "Avarua", "阿瓦鲁阿"),
    ("FJ", "Suva", "苏瓦"),
    ("KI", "Tarawa", "塔拉瓦"),
    ("FM", "Palikir", "帕利基尔"),
    ("NR", "Yaren", "亚伦"),
    ("NZ", "Wellington", "惠灵顿"),
    ("NU", "Alofi", "阿洛菲"),
    ("PG", "Port Moresby", "莫尔兹比港"),
    ("WS", "Apia", "阿皮亚"),
    ("SB", "Honiara", "霍尼亚拉"),
    ("TO", "Nuku‘alofa", "努库阿洛法"),
    ("VU", "Port-Vila", "维拉港"),
]

# The 50 most populous cities of the gazetteer outside China (capitals among them are listed above already).
LARGEST = [
    ("TR", "Istanbul", "伊斯坦布尔"),
    ("NG", "Lagos", "拉各斯"),
    ("VN", "Ho Chi Minh City", "胡志明市"),
    ("PK", "Lahore", "拉合尔"),
    ("IN", "Mumbai", "孟买"),
    ("BR", "São Paulo", "圣保罗"),
    ("PK", "Karachi", "卡拉奇"),
    ("IN", "Delhi", "德里"),
    ("ZA", "Johannesburg", "约翰内斯堡"),
    ("US", "New York City", "纽约"),
    ("IN", "Bengaluru", "班加罗尔"),
    ("IN", "Hyderabad", "海得拉巴"),
    ("BR", "Rio de Janeiro", "里约热内卢"),
    ("IN", "Ahmedabad", "艾哈迈达巴德"),
    ("CI", "Abidjan", "阿比让"),
    ("AU", "Sydney", "悉尼"),
    ("AU", "Melbourne", "墨尔本"),
    ("TZ", "Dar es Salaam", "达累斯萨拉姆"),
    ("RU", "Saint Petersburg", "圣彼得堡"),
    ("EG", "Alexandria", "亚历山大"),
    ("NG", "Kano", "卡诺"),
    ("ZA", "Cape Town", "开普敦"),
    ("PK", "Peshawar", "白沙瓦"),
    ("SA", "Jeddah", "吉达"),
    ("IN", "Chennai", "金奈"),
    ("IN", "Kolkata", "加尔各答"),
    ("IN", "Surat", "苏拉特"),
    ("MM", "Yangon", "仰光"),
    ("EG", "Giza", "吉萨"),
    ("BD", "Chattogram", "吉大港"),
    ("US", "Los Angeles", "洛杉矶"),
    ("PK", "Faisalabad", "费萨拉巴德"),
    ("AE", "Dubai", "迪拜"),
    ("JP", "Yokohama", "横滨"),
    ("MA", "Casablanca", "卡萨布兰卡"),
    ("NG", "Ibadan", "伊巴丹"),
    ("IN", "Pune", "浦那"),
    ("KR", "Busan", "釜山"),
    ("IT", "Milan", "米兰"),
    ("JP", "Osaka", "大阪"),
    ("US", "Chicago", "芝加哥"),
    ("IN", "Jaipur", "斋浦尔"),
    ("BR", "Salvador", "萨尔瓦多"),
    ("BR", "Fortaleza", "福塔莱萨"),
    ("AO", "Luanda", "罗安达"),
    ("IN", "Kanpur", "坎普尔"),
    ("US", "Houston", "休斯敦"),
    ("ES", "Barcelona", "巴塞罗那"),
    ("TH", "Bangkok", "曼谷"),
    ("KE", "Mombasa", "蒙巴萨"),
]

WELL_KNOWN = list(dict.fromkeys(CAPITALS + LARGEST))

# Shinjitai forms that mainland Chinese does not write (it writes 滨 泽 广 县 边 关 驿 樱 荣 惠 德 龙 龟 铁 团 图 药 发
# 满 带 步 黑); 岡 (冈) is left out, as it occurs in Chinese names too.
JAPANESE_ONLY = set("浜沢広県辺関駅桜栄恵徳竜亀鉄団図薬発満帯歩黒")


def _gazetteer_name(country: str, name: str) -> str | None:
    # As an officer finds it: the first search hit (New Delhi itself, not Delhi, whose alternates hold "New Delhi").
    hits = gazetteer.search(name, country=country, limit=1)
    return hits[0].name_zh if hits else None


def test_the_well_known_cities_are_in_the_gazetteer():
    assert len(WELL_KNOWN) >= 100
    missing = [(country, name) for country, name, _ in WELL_KNOWN if _gazetteer_name(country, name) is None]
    assert not missing


def test_at_least_97_percent_of_the_well_known_cities_have_their_standard_chinese_name():
    misses = [
        f"{name} ({country}): {found or '—'} instead of {expected}"
        for country, name, expected in WELL_KNOWN
        if (found := _gazetteer_name(country, name)) != expected
    ]
    assert len(misses) <= 0.03 * len(WELL_KNOWN), "\n".join(misses)


@pytest.mark.parametrize(
    ("country", "name", "standard", "archaic"),
    [
        ("ID", "Jakarta", "雅加达", "勿礁维"),
        ("LK", "Colombo", "科伦坡", "哥林堡"),
        ("JP", "Yokohama", "横滨", "横浜"),
        ("VN", "Hanoi", "河内", "河內"),
        ("IT", "Milan", "米兰", "米蘭"),
        ("DO", "Santo Domingo", "圣多明各", "聖多明哥"),
        ("AE", "Dubai", "迪拜", "杜拜"),
        ("TR", "Istanbul", "伊斯坦布尔", "伊斯坦堡"),
    ],
)
def test_the_name_in_use_wins_over_an_archaic_traditional_or_regional_one(country, name, standard, archaic):
    assert _gazetteer_name(country, name) == standard != archaic


def test_no_gazetteer_chinese_name_has_a_traditional_only_character():
    # The converter itself is the judge: converting a Simplified mainland name changes nothing.
    not_simplified = [
        (c.name, c.name_zh) for c in gazetteer.cities() if c.name_zh and to_mainland(c.name_zh) != c.name_zh
    ]
    assert not not_simplified, not_simplified[:20]
    aliases = [a for c in gazetteer.cities() for a in c.aliases if to_mainland(a) != a]
    assert not aliases


def test_the_curated_table_has_no_japanese_only_kanji():
    rows = curated_names()
    kanji = {gid: row["name_zh"] for gid, row in rows.items() if JAPANESE_ONLY & set(row["name_zh"] + row["aliases"])}
    assert not kanji
    assert not [c.name_zh for c in gazetteer.cities() if c.geonameid in rows and JAPANESE_ONLY & set(c.name_zh)]
    # Beyond the table too: Japanese cities' shinjitai are mapped (浜松 -> 滨松, 桜井 -> 樱井).
    assert not [(c.name, c.name_zh) for c in gazetteer.cities() if JAPANESE_ONLY & set(c.name_zh)]


def test_the_curated_table_is_well_formed_and_covers_every_million_city_and_capital_it_can_name():
    with CURATED_NAMES.open(encoding="utf-8") as f:
        notes = [line for line in f if line.startswith("#")]
    assert any("source" in line for line in notes)  # the file says where its names come from
    rows = curated_names()
    assert len(rows) > 600
    for geonameid, row in rows.items():
        city = gazetteer.get(geonameid)
        assert city is not None and city.country == row["country"], geonameid
        assert row["name_zh"] and re.fullmatch(r"[\u4e00-\u9fff]+", row["name_zh"]), row
        assert row["source"] in {"manual", "cldr", "demo", "geonames"}, row
        assert city.name_zh == row["name_zh"]
    assert all(c.geonameid in rows for c in gazetteer.cities() if c.population >= 2_000_000 and c.name_zh)


def test_the_curated_table_corrects_a_wrong_geonames_main_name():
    # GeoNames names Nagaokakyō after one of its districts, Kōtari (神足).
    city = gazetteer.get(1858681)
    assert (city.name, city.name_zh, city.local_name) == ("Nagaokakyō", "长冈京", "長岡京市")


def test_chinese_name_converts_traditional_and_regional_forms_to_mainland_usage():
    assert chinese_name(["杜拜"]) == "迪拜"
    assert chinese_name(["伊斯坦堡"]) == "伊斯坦布尔"
    assert chinese_name(["河內"]) == "河内"
    assert chinese_name(["横浜"], "JP") == "横滨"
    assert chinese_name(["大邱廣域市"]) == "大邱"
    assert chinese_name(["Daegu"]) == ""


def test_chinese_name_prefers_the_form_most_alternates_agree_on():
    assert chinese_name(["巴达威亚", "雅加達", "雅加达"]) == "雅加达"


def test_the_builder_keeps_every_row_checked_by_hand():
    # scripts/build_city_names_zh.py never overwrites a `manual` row: the table says which rows those are.
    with CURATED_NAMES.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    assert sum(row["source"] == "manual" for row in rows) >= 100


@pytest.mark.django_db
def test_an_officers_correction_on_a_filed_city_wins_over_the_gazetteer():
    from contacts.services import entity_create_from_gazetteer, entity_update

    city = gazetteer.lookup("Jakarta", "ID")[0]
    entity = entity_create_from_gazetteer(geonameid=city.geonameid)
    assert entity.name_zh == "雅加达"
    entity = entity_update(entity=entity, name_zh="雅加达市")
    entity.refresh_from_db()
    assert entity.name_zh == "雅加达市"
    assert gazetteer.get(city.geonameid).name_zh == "雅加达"  # the gazetteer only proposes


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["西港", "西哈努克", "xigang", "Sihanoukville", "ក្រុងព្រះសីហនុ", "西哈努克市"])
def test_a_city_filed_from_the_gazetteer_is_found_by_its_names_aliases_and_pinyin(q):
    from contacts.filters import EntityFilterSet
    from contacts.services import entity_create_from_gazetteer

    city = gazetteer.search("Sihanoukville", limit=1)[0]
    entity = entity_create_from_gazetteer(geonameid=city.geonameid)
    assert "西港" in entity.aliases
    assert list(EntityFilterSet({"q": q}, queryset=type(entity).objects.all()).qs) == [entity]
