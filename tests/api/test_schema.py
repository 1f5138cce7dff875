"""The OpenAPI schema: served as JSON to a token holder, valid, naming every endpoint."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/plans/",
    "/api/v1/plans/{plan_key}/indicators/",
    "/api/v1/plans/{plan_key}/indicators/{code}/values/",
    "/api/v1/plans/{plan_key}/rounds/{round_id}/values/",
    "/api/v1/compare/",
}


def test_the_schema_is_json_with_every_path(leader_api):
    response = leader_api.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == PATHS
    assert set(schema["paths"]["/api/v1/plans/{plan_key}/rounds/{round_id}/values/"]) == {"post"}
    page = schema["components"]["schemas"]["PaginatedIndicatorList"]["properties"]
    assert set(page) == {"count", "next", "previous", "results"}
    assert schema["components"]["securitySchemes"]["tokenAuth"]["in"] == "header"


def test_the_schema_validates_without_warnings(db, tmp_path):
    out = tmp_path / "schema.json"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert out.stat().st_size > 0


def test_the_schema_needs_a_token(db):
    assert APIClient().get("/api/v1/schema/").status_code == 401


def test_no_browser_ui_is_served(leader_api):
    for url in ("/api/v1/schema/swagger-ui/", "/api/v1/schema/redoc/", "/api/v1/docs/"):
        assert leader_api.get(url).status_code == 404
