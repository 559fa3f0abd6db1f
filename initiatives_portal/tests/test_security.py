"""Production settings pass Django's deployment checks; pages carry a strict Content-Security-Policy."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def test_deploy_check_reports_nothing_with_production_settings():
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "x" * 20 + "production-secret-key-with-enough-entropy-1234567890",
        "ALLOWED_HOSTS": "sangkien.congdoan.vn",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "DJANGO_SETTINGS_MODULE": "initiatives_portal.settings",
    }
    env.pop("SECURE_SSL_REDIRECT", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_pages_send_a_strict_content_security_policy(client, db):
    policy = client.get(reverse("home"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy


def test_no_template_has_inline_script_or_style():
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
    offenders = []
    for path in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if inline_script.search(text) or re.search(r"<style\b|\sstyle=\"|\son[a-z]+=\"", text, re.I):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_passwords_are_hashed_with_argon2():
    from django.contrib.auth.hashers import Argon2PasswordHasher

    from initiatives_portal import settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    hasher = Argon2PasswordHasher()
    encoded = hasher.encode("Mật-khẩu-2022", hasher.salt())
    assert encoded.startswith("argon2$") and hasher.verify("Mật-khẩu-2022", encoded)


def test_forbidden_page_is_the_portal_page_in_vietnamese(client, worker):
    client.force_login(worker)
    response = client.get(reverse("reviews:queue"))
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


def test_not_found_page_is_the_portal_page(client, db):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_server_error_page_shows_no_internals(rf):
    from django.utils import translation
    from django.views.defaults import server_error

    with translation.override("vi"):
        response = server_error(rf.get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "Hệ thống đang gặp sự cố" in body and "Traceback" not in body
