"""The OpenAPI schema says what the API answers (issue 9, finding 10): the values it really sends, and its errors.

.ci/schemathesis checks the running API against the schema; these pin the schema's own declarations.
"""

import pytest
from drf_spectacular.generators import SchemaGenerator

from tests.factories import EntityFactory

METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _operations(schema):
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def _enum_names(schema, prop) -> set[str]:
    refs = [prop.get("$ref")] + [p.get("$ref") for p in prop.get("oneOf", []) + prop.get("allOf", [])]
    return {ref.rsplit("/", 1)[1] for ref in refs if ref}


def test_read_only_choices_document_the_blank_the_model_allows(schema):
    components = schema["components"]["schemas"]
    assert "BlankEnum" in _enum_names(schema, components["RelationStep"]["properties"]["from_status"])
    assert "BlankEnum" in _enum_names(schema, components["EntityBrief"]["properties"]["country"])
    level = components["Event"]["properties"]["level"]
    assert "BlankEnum" in _enum_names(schema, level) or "" in level.get("enum", [])


def test_a_follow_up_without_an_entity_or_a_tie_documents_null_names(schema):
    properties = schema["components"]["schemas"]["FollowUp"]["properties"]
    assert properties["entity_name"]["nullable"] is True
    assert properties["relation_name"]["nullable"] is True


def test_every_history_is_documented_as_the_bare_list_it_is(schema):
    histories = [(path, op) for path, method, op in _operations(schema) if path.endswith("/history/")]
    assert len(histories) >= 6
    for path, operation in histories:
        body = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert body["type"] == "array", path
        assert not any(p["name"] == "page" for p in operation.get("parameters", [])), path


def test_every_paged_list_is_documented_as_a_page_not_a_list_of_pages(schema):
    components = schema["components"]["schemas"]
    paged = [
        (path, op)
        for path, method, op in _operations(schema)
        if any(p["name"] == "page" for p in op.get("parameters", []))
    ]
    assert any(path == "/api/suggestions/" for path, _op in paged)
    for path, operation in paged:
        body = operation["responses"]["200"]["content"]["application/json"]["schema"]
        if "$ref" in body:
            body = components[body["$ref"].rsplit("/", 1)[1]]
        fields = set(body.get("properties", ()))
        assert body.get("type") == "object" and "count" in fields and fields & {"results", "rows"}, path


def test_every_operation_declares_its_error_answers(schema):
    open_paths = {"/api/health/", "/api/auth/token/"}
    missing = []
    for path, method, operation in _operations(schema):
        codes = set(operation["responses"])
        query = [p for p in operation.get("parameters", []) if p["in"] == "query"]
        expected = set()
        if method != "get" or query:
            expected.add("400")
        if path not in open_paths:
            expected |= {"401", "403"}
        if "{" in path:
            expected.add("404")
        if not expected <= codes:
            missing.append(f"{method.upper()} {path}: {sorted(expected - codes)}")
    assert missing == []


def test_the_error_answers_have_drf_shapes(schema):
    components = schema["components"]["schemas"]
    assert components["Error"]["required"] == ["detail"]
    entity = schema["paths"]["/api/entities/{id}/"]
    assert entity["get"]["responses"]["404"]["content"]["application/json"]["schema"]["$ref"].endswith("/Error")
    bad = entity["patch"]["responses"]["400"]["content"]["application/json"]["schema"]["$ref"]
    assert bad.endswith("/ValidationError")


@pytest.mark.django_db
@pytest.mark.parametrize("params", [{"year": "99999999999999999999999"}, {"home_id": "99999999999999999999999"}])
def test_layout_plan_filters_refuse_numbers_the_database_cannot_hold(api_as, params):
    EntityFactory()
    response = api_as("officer").get("/api/layout-plans/", params)
    assert response.status_code == 400, response.content
    assert set(response.json()) == set(params)


def test_a_refused_import_documents_both_answers_a_field_error_and_a_files_report(schema):
    """POST /api/imports/ refuses a missing field with DRF's `{field: [reasons]}` and a bad file with its report."""
    answer = schema["paths"]["/api/imports/"]["post"]["responses"]["400"]["content"]["application/json"]["schema"]
    refs = {option["$ref"].rsplit("/", 1)[1] for option in answer["anyOf"]}
    assert refs == {"ImportReport", "ValidationError"}
    assert refs <= set(schema["components"]["schemas"])
