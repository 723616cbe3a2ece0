"""The templates to download: each kind's columns with bilingual headers (中文 / English) and one example row."""

from core.exports import table_bytes
from imports.choices import ImportKind
from imports.services import columns_of

EXAMPLES = {
    ImportKind.ENTITIES: {
        "kind": "city", "name": "Aachen", "name_zh": "亚琛", "name_en": "Aachen", "aliases": "Aix-la-Chapelle",
        "country": "DE", "domestic": "否", "latitude": 50.7766, "longitude": 6.0834, "population": 249070,
        "website": "https://www.aachen.de", "contact_points": "email (office): info@mail.aachen.de",
        "notes": "友好城市",
    },
    ImportKind.TIES: {
        "kind": "sister_city", "source": "Ningbo", "source_country": "CN", "target": "Aachen", "target_country": "DE",
        "status": "signed", "established_on": "1986-05-20", "status_since": "1986-05-20",
        "document_no": "外办〔1986〕12号",
    },
}  # fmt: skip


def template_bytes(kind: str) -> bytes:
    columns = columns_of(kind)
    example = EXAMPLES.get(kind, {})
    return table_bytes([c.header for c in columns], [[example.get(c.key, "") for c in columns]], "xlsx")
