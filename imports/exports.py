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
    ImportKind.EVENTS: {
        "kind": "visit_in", "status": "held", "title": "亚琛市代表团来访", "start_date": "2024-05-06",
        "end_date": "2024-05-08", "location": "宁波", "level": "vice_mayor_plus",
        "participants": "Aachen (guest, 6) | Ningbo (host, 3)", "outcome": "签署2024-2026年交流备忘录",
    },
    ImportKind.FOLLOWUPS: {
        "title": "寄送访问照片", "due_date": "2024-05-20", "owner": "", "entity": "Aachen", "notes": "",
    },
}  # fmt: skip


def template_bytes(kind: str) -> bytes:
    columns = columns_of(kind)
    example = EXAMPLES.get(kind, {})
    return table_bytes([c.header for c in columns], [[example.get(c.key, "") for c in columns]], "xlsx")


# The full-office export (issue 12): every record, one sheet per kind, named by the kind's code so that the workbook
# re-imports whatever the language it was written in; the sheets in the order they import (ends before ties, ties
# before the events that serve them, all of them before follow-ups).
OFFICE_SHEETS = (ImportKind.ENTITIES, ImportKind.TIES, ImportKind.EVENTS, ImportKind.FOLLOWUPS)


def _parents_first(entities: list) -> list:
    """Entities ordered so that each comes after its parent (an import resolves "#parent" to a record on file)."""
    by_pk = {entity.pk: entity for entity in entities}

    def depth(entity) -> int:
        seen: set[int] = set()
        level = 0
        while entity.parent_id and entity.parent_id in by_pk and entity.parent_id not in seen:
            seen.add(entity.parent_id)
            entity = by_pk[entity.parent_id]
            level += 1
        return level

    return sorted(entities, key=lambda entity: (depth(entity), entity.pk))


def office_workbook() -> bytes:
    """All of the office's entities, ties, events and follow-ups, one sheet per kind, in the import's columns."""
    from openpyxl import Workbook

    from core.exports import append_row, workbook_bytes
    from imports.services import RESOURCES

    workbook = Workbook()
    workbook.remove(workbook.active)
    for kind in OFFICE_SHEETS:
        resource = RESOURCES[kind]()
        records = resource.get_queryset().order_by("pk")
        if kind == ImportKind.ENTITIES:
            records = _parents_first(list(records))
        dataset = resource.export(records)
        sheet = workbook.create_sheet(str(kind))
        append_row(sheet, dataset.headers)
        for row in dataset:
            append_row(sheet, row)
    return workbook_bytes(workbook)
