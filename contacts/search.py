"""Search normalisation: case- and accent-free text plus pinyin, so officers find a name in any script."""

import unicodedata
from itertools import islice, product

from pypinyin import Style, lazy_pinyin, pinyin
from unidecode import unidecode
from zhconv_rs import zhconv


def _has_han(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def to_mainland(text: str) -> str:
    """Traditional and regional (Taiwan, Hong Kong) forms in mainland Simplified usage: 河內→河内, 杜拜→迪拜.

    zhconv-rs applies MediaWiki's zh-cn conversion tables, which carry place-name variants as well as characters.
    """
    return zhconv(text, "zh-cn") if text else text


def normalise(text: str) -> str:
    """Lower-case and strip accents: 'Nagaokakyō' -> 'nagaokakyo'. Chinese characters are kept as they are."""
    if not text:
        return ""
    if text.isascii():  # the common case, and NFKD leaves ASCII unchanged
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


def search_terms(text: str) -> list[str]:
    """Every form a name can be searched by: itself normalised, its transliteration, its pinyin."""
    if not text:
        return []
    terms = [normalise(text)]
    if _has_han(text):
        mainland = normalise(to_mainland(text))
        if mainland not in terms:
            terms.append(mainland)  # 臺北 is found as 台北 too
        syllables = lazy_pinyin(text)
        terms.append("".join(syllables).casefold())
        terms.append(" ".join(syllables).casefold())
        # Characters with several readings (长 chang/zhang, 大 da/dai): the other readings are searchable too,
        # since pypinyin's guess for a foreign place name is often not the one officers type (长冈京 changgangjing).
        for variant in _pinyin_variants(text):
            if variant not in terms:
                terms.append(variant)
    else:
        ascii_form = unidecode(text).casefold()
        if ascii_form != terms[0]:
            terms.append(ascii_form)
    return terms


def _pinyin_variants(text: str, limit: int = 8) -> list[str]:
    readings = pinyin(text, style=Style.NORMAL, heteronym=True)
    return ["".join(combo).casefold() for combo in islice(product(*readings), limit)]


def entity_search_text(entity) -> str:
    names = [entity.name, entity.name_zh, entity.name_en, *(entity.aliases or [])]
    terms: list[str] = []
    for name in names:
        for term in search_terms(str(name)):
            if term and term not in terms:
                terms.append(term)
    return " | ".join(terms)


def query_terms(q: str) -> list[str]:
    """The forms of a query to match against search_text (any one matching is a hit)."""
    q = (q or "").strip()
    if not q:
        return []
    forms = [normalise(q)]
    if _has_han(q):
        mainland = normalise(to_mainland(q))  # a query typed in Traditional (東京) finds the mainland name (东京)
        return forms if mainland in forms else [*forms, mainland]
    ascii_form = unidecode(q).casefold()
    if ascii_form not in forms:
        forms.append(ascii_form)
    return forms
