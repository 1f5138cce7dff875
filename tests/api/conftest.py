"""API personas: each with its own token client (`Authorization: Token …`)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from innocounty.api.services import token_create


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_create(user=user).key}")
    return client


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """Throttle counts live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def office_api(office_user):
    return token_client(office_user)


@pytest.fixture
def leader_api(leader_user):
    return token_client(leader_user)


@pytest.fixture
def api_a(reporter_a):
    return token_client(reporter_a)


@pytest.fixture
def api_b(reporter_b):
    return token_client(reporter_b)
