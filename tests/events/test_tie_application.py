"""结好请示: the tie page's button downloads a Word document in Chinese with the tie's facts and its exchanges."""

import datetime as dt
import io

import docx
import pytest

from core.models import DocumentTemplate
from events.choices import EventKind, EventStatus
from relations.choices import RelationKind, RelationStatus
from tests.factories import EntityFactory, EventFactory, HomeCityFactory, RelationFactory, RelationStepFactory


@pytest.fixture
def tie(db):
    home = HomeCityFactory()
    partner = EntityFactory(
        name="Daegu",
        name_zh="大邱",
        name_en="Daegu",
        country="KR",
        population=2_380_000,
        notes="韩国第四大城市，纺织、机械和汽车零部件产业发达。",
    )
    relation = RelationFactory(
        source=home,
        target=partner,
        kind=RelationKind.SISTER_CITY,
        status=RelationStatus.LOI_SIGNED,
        established_on=None,
    )
    RelationStepFactory(relation=relation, from_status="", to_status=RelationStatus.CONTACT, date=dt.date(2019, 4, 2))
    RelationStepFactory(
        relation=relation,
        from_status=RelationStatus.CONTACT,
        to_status=RelationStatus.LOI_SIGNED,
        date=dt.date(2023, 9, 12),
        document_no="甬外〔2023〕15号",
    )
    visit = EventFactory(
        kind=EventKind.VISIT_IN,
        title="大邱市副市长率团访问宁波",
        start_date=dt.date(2021, 5, 10),
        headcount=8,
        outcome="签署经贸合作备忘录",
    )
    fair = EventFactory(
        kind=EventKind.INVESTMENT, title="宁波企业赴大邱参加经贸洽谈会", start_date=dt.date(2023, 6, 1), headcount=25
    )
    cancelled = EventFactory(title="取消的访问", start_date=dt.date(2024, 1, 5), status=EventStatus.CANCELLED)
    for event in (visit, fair, cancelled):
        event.relations.add(relation)
    return relation


def _text(body: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(body)).paragraphs)


@pytest.mark.django_db
def test_the_application_carries_the_ties_facts_and_exchanges(page_as, tie):
    client = page_as("viewer")
    page = client.get(f"/relations/{tie.pk}/").content.decode()
    assert f'href="/relations/{tie.pk}/application.docx"' in page
    response = client.get(f"/relations/{tie.pk}/application.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    text = _text(response.content)
    assert "关于与韩国大邱建立友好城市关系的请示" in text
    assert "宁波市人民政府：" in text
    assert "大邱位于韩国，人口约238万。韩国第四大城市" in text
    assert "自2021年以来，双方共开展各类交流2批33人次" in text
    assert "2021年5月10日，大邱市副市长率团访问宁波（来访，8人次）：签署经贸合作备忘录。" in text
    assert "2023年6月1日，宁波企业赴大邱参加经贸洽谈会（经贸投资，25人次）。" in text
    assert "取消的访问" not in text
    assert "2023年9月12日" in text and "甬外〔2023〕15号" in text
    assert "在高层互访、经贸等领域交往密切" in text
    assert "妥否，请批示。" in text and "宁波市人民政府外事办公室" in text
    assert "{{" not in text and "{%" not in text


@pytest.mark.django_db
def test_an_admins_replacement_template_wins(page_as, tie):
    document = docx.Document()
    document.add_paragraph("致{{ addressee }}：另一种格式，{{ partner.name }}")
    out = io.BytesIO()
    document.save(out)
    DocumentTemplate.objects.create(name="events/tie_application.docx", content=out.getvalue())
    text = _text(page_as("viewer").get(f"/relations/{tie.pk}/application.docx").content)
    assert text == "致宁波市人民政府：另一种格式，大邱"


@pytest.mark.django_db
def test_no_such_tie_is_a_404(page_as):
    assert page_as("viewer").get("/relations/999999/application.docx").status_code == 404
