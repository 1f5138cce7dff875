"""`innocounty check --deploy` with production-like settings from the environment."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "kj.example.gov.cn",
    "CSRF_TRUSTED_ORIGINS": "https://kj.example.gov.cn",
    "SECURE_COOKIES": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
    "USE_X_FORWARDED_FOR": "1",
}


def check_deploy(data_dir: Path, **env: str) -> subprocess.CompletedProcess:
    full = {**os.environ, "DATABASE_URL": "", "DATA_DIR": str(data_dir), **env}
    full.pop("DJANGO_SETTINGS_MODULE", None)
    full.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' conftest
    return subprocess.run(
        [sys.executable, "-m", "innocounty", "check", "--deploy", "--fail-level", "WARNING"],
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_check_without_a_warning(tmp_path):
    result = check_deploy(tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


def test_development_defaults_are_reported(tmp_path):
    result = check_deploy(tmp_path, SECRET_KEY=PRODUCTION["SECRET_KEY"])
    assert result.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr


def test_the_proxy_header_is_read_as_nginx_names_it(monkeypatch):
    from innocounty.settings import _proxy_ssl_header

    assert _proxy_ssl_header("X-Forwarded-Proto") == ("HTTP_X_FORWARDED_PROTO", "https")
    assert _proxy_ssl_header("HTTP_X_FORWARDED_PROTO") == ("HTTP_X_FORWARDED_PROTO", "https")
    assert _proxy_ssl_header("") is None
